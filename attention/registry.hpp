// The registry of attention backends, by name ("naive", ...). `sethkit attend
// --backend NAME` and the reductions' oracle calls go through it, so a later
// backend serves every command without further wiring.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "attention/backend.hpp"

namespace sethkit {

// Throws ContractError naming the known backends when `name` is unknown.
std::unique_ptr<AttentionBackend> make_backend(const std::string& name);
std::vector<std::string> backend_names();

}  // namespace sethkit
