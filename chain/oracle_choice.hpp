// The chains' default oracle, `--backend auto` (docs/cli.md, verify): exact
// attention by the streaming `flash` kernel, in float32 when its a-priori
// error bound on the built instance (FlashBackend::error_bound, derived on
// docs/backends.md) is at most a quarter of the certificate's tolerated
// error, else in float64 (`flash64`, error bound 0 as `naive`). Any other
// name is used as given.
#pragma once

#include <string>

#include "attention/backend.hpp"

namespace sethkit {

inline constexpr const char* kAutoBackend = "auto";

// The backend an attention step runs for `requested` on `input`.
std::string chosen_attention_backend(const std::string& requested, const AttentionInput& input,
                                     double tolerated_error);

// The backend for steps and checks made before an instance is built (the
// early refusal, the transformer's heads): flash64 for `auto`.
std::string chosen_backend_without_input(const std::string& requested);

}  // namespace sethkit
