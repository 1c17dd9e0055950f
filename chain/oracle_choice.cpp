#include "chain/oracle_choice.hpp"

#include <cmath>

#include "attention/flash_backend.hpp"

namespace sethkit {

std::string chosen_attention_backend(const std::string& requested, const AttentionInput& input,
                                     double tolerated_error) {
  if (requested != kAutoBackend) return requested;
  const double bound = FlashBackend(FlashBackend::Precision::kFloat32).error_bound(input);
  return std::isfinite(bound) && tolerated_error > 0 && bound <= tolerated_error / 4 ? "flash"
                                                                                     : "flash64";
}

std::string chosen_backend_without_input(const std::string& requested) {
  return requested == kAutoBackend ? "flash64" : requested;
}

}  // namespace sethkit
