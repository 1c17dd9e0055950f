#include "reductions/attention_target.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <type_traits>

#include "core/error.hpp"

namespace sethkit {

using nlohmann::json;

void require_memory_within(AttentionCertificate& c, const Limits& limits) {
  const auto rows = static_cast<std::uint64_t>(c.n_q + c.n_k);
  c.bytes =
      saturating_mul(rows, static_cast<std::uint64_t>(c.d) * 8) +
      saturating_mul(static_cast<std::uint64_t>(c.n_k), static_cast<std::uint64_t>(c.d_v) * 8);
  require(c.bytes <= limits.max_bytes,
          fmt::format("{}: Q, K and V need {}, above the memory budget of {} (--max-memory)",
                      c.reduction, format_bytes(c.bytes), format_bytes(limits.max_bytes)));
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

AttentionCertificate attention_certificate_from_json(const json& j, const std::string& file) {
  AttentionCertificate c;
  const auto get = [&](const char* key, auto& into) {
    try {
      into = j.at(key).get<std::remove_reference_t<decltype(into)>>();
    } catch (const json::exception&) {
      throw InputError(file, fmt::format("attention certificate: expected the field \"{}\"", key));
    }
  };
  get("reduction", c.reduction);
  get("n_q", c.n_q);
  get("n_k", c.n_k);
  get("d", c.d);
  get("d_v", c.d_v);
  get("N", c.big_n);
  get("scale", c.scale);
  get("s", c.s);
  get("B", c.entry_bound);
  get("c", c.entry_bound_ratio);
  get("R", c.logit_radius);
  get("R_is_bound", c.logit_radius_is_bound);
  get("yes_bound", c.yes_bound);
  get("no_bound", c.no_bound);
  get("threshold", c.threshold);
  get("tolerated_error", c.tolerated_error);
  get("tolerance", c.tolerance_note);
  get("exact_oracle_error", c.exact_oracle_error);
  if (c.n_q < 2 || c.n_k < 1 || c.d_v < 1 || !(c.yes_bound < c.no_bound) ||
      !(c.tolerated_error > 0) || !(c.threshold > c.yes_bound && c.threshold < c.no_bound))
    throw InputError(file,
                     "attention certificate: inconsistent sizes or decoding bounds (expected "
                     "n_q >= 2, yes_bound < threshold < no_bound, a positive tolerance)");
  return c;
}

}  // namespace sethkit
