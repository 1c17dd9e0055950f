#include "reductions/attention_target.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <type_traits>

#include "core/error.hpp"
#include "core/json_fields.hpp"

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

AttentionCertificate attention_certificate_from_json(const json& j, const std::string& file,
                                                     const std::string& where) {
  // Sizes up to 2^40 rows or columns: no built instance is larger, and the
  // products of two stay far inside 64 bits.
  constexpr std::int64_t kMaxSize = std::int64_t{1} << 40;
  constexpr double kHuge = 1e300;
  const JsonFields f(j, file, where);
  AttentionCertificate c;
  c.reduction = f.text("reduction");
  c.n_q = f.integer("n_q", 2, kMaxSize);
  c.n_k = f.integer("n_k", 1, kMaxSize);
  c.d = f.integer("d", 1, kMaxSize);
  c.d_v = f.integer("d_v", 1, kMaxSize);
  c.big_n = static_cast<std::uint64_t>(f.integer("N", 1, kMaxSize));
  c.scale = f.number("scale", 0, kHuge);
  c.s = f.number("s", 0, kHuge);
  c.entry_bound = f.number("B", 0, kHuge);
  c.entry_bound_ratio = f.number("c", 0, kHuge);
  c.logit_radius = f.number("R", 0, kHuge);
  c.logit_radius_is_bound = f.boolean("R_is_bound");
  c.yes_bound = f.number("yes_bound", -kHuge, kHuge);
  c.no_bound = f.number("no_bound", -kHuge, kHuge);
  c.threshold = f.number("threshold", -kHuge, kHuge);
  c.tolerated_error = f.number("tolerated_error", 0, kHuge);
  c.tolerance_note = f.text("tolerance");
  c.exact_oracle_error = f.number("exact_oracle_error", 0, kHuge);
  if (!(c.yes_bound < c.no_bound) || !(c.tolerated_error > 0) ||
      !(c.threshold > c.yes_bound && c.threshold < c.no_bound))
    throw InputError(file, fmt::format("{}: inconsistent decoding bounds (expected yes_bound < "
                                       "threshold < no_bound and a positive tolerated_error)",
                                       where));
  return c;
}

}  // namespace sethkit
