// The registry of attention backends, by name ("naive", ...). `sethkit attend
// --backend NAME` and the reductions' oracle calls go through it, so a later
// backend serves every command without further wiring.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "attention/backend.hpp"
#include "attention/callback_backend.hpp"
#include "attention/external_backend.hpp"
#include "attention/hyper_backend.hpp"
#include "attention/nystrom_backend.hpp"
#include "attention/performer_backend.hpp"
#include "attention/reformer_backend.hpp"
#include "attention/window_backend.hpp"

namespace sethkit {

// Settings of the backends that take any (others ignore them).
struct BackendOptions {
  double target_error = 1e-3;         // poly: wanted max entrywise error
  int degree = -1;                    // poly: fixed Taylor degree, -1 = degree rule
  std::uint64_t max_rank = 1u << 20;  // poly: refuse a larger feature rank
  long conv_window = 8;               // conv: window T of the change-point search
  double conv_tau = -1;               // conv: window threshold, < 0: automatic
  std::size_t conv_k_max = 64;        // conv: refuse more bases
  double conv_eps = 0;                // conv: stated distance of the scores from k-conv
  // The approximate backends (docs/backends.md, "Approximate backends"), with
  // their papers' defaults, and the external command.
  PerformerParams performer;
  HyperParams hyper;
  ReformerParams reformer;
  NystromParams nystrom;
  WindowParams window;
  ExternalParams external;
  CallbackParams callback;  // the callback backend's function (no command-line form)
  // Sets the seed of every randomised backend.
  void set_seed(std::uint64_t seed) { performer.seed = hyper.seed = reformer.seed = seed; }
};

// Throws ContractError naming the known backends when `name` is unknown.
std::unique_ptr<AttentionBackend> make_backend(const std::string& name,
                                               const BackendOptions& options = {});
std::vector<std::string> backend_names();
// The backends that need nothing from outside (every name but "external" and
// "callback").
std::vector<std::string> builtin_backend_names();
// The backends without an error guarantee (their error_bound is +inf).
bool is_approximate_backend(const std::string& name);

}  // namespace sethkit
