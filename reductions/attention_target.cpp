#include "reductions/attention_target.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "core/error.hpp"

namespace sethkit {

using nlohmann::json;

void require_memory_within(AttentionCertificate& c, const Limits& limits) {
  const auto rows = static_cast<std::uint64_t>(c.n_q + c.n_k);
  c.bytes =
      saturating_mul(rows, static_cast<std::uint64_t>(c.d) * 8) +
      saturating_mul(static_cast<std::uint64_t>(c.n_k), static_cast<std::uint64_t>(c.d_v) * 8);
  require(c.bytes <= limits.max_bytes,
          fmt::format("{}: Q, K and V need {:.3g} GiB, above the limit of {:.3g} GiB", c.reduction,
                      static_cast<double>(c.bytes) / (1ULL << 30),
                      static_cast<double>(limits.max_bytes) / (1ULL << 30)));
}

json to_json(const AttentionCertificate& c) {
  return {{"reduction", c.reduction},
          {"n_q", c.n_q},
          {"n_k", c.n_k},
          {"d", c.d},
          {"d_v", c.d_v},
          {"N", c.big_n},
          {"scale", c.scale},
          {"s", c.s},
          {"B", c.entry_bound},
          {"c", c.entry_bound_ratio},
          {"R", c.logit_radius},
          {"R_is_bound", c.logit_radius_is_bound},
          {"yes_bound", c.yes_bound},
          {"no_bound", c.no_bound},
          {"threshold", c.threshold},
          {"tolerated_error", c.tolerated_error},
          {"tolerance", c.tolerance_note},
          {"exact_oracle_error", c.exact_oracle_error},
          {"output_rule",
           "row i (i < N_a) is YES iff out[i, 0] < threshold; OV answer = OR over rows"}};
}

}  // namespace sethkit
