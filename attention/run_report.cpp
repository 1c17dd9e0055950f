#include "attention/run_report.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

#include "attention/rope.hpp"
#include "attention/stats.hpp"
#include "core/json_report.hpp"

namespace sethkit {

nlohmann::json attention_run_report(const std::string& backend, const AttentionInput& input,
                                    const AttentionOutput& result,
                                    std::optional<double> measured_error) {
  using nlohmann::json;
  const double b = entry_bound(input);
  json report = {
      {"tool", tool_json()},
      {"backend", backend},
      {"n_q", input.q.rows()},
      {"n_k", input.k.rows()},
      {"d", input.q.cols()},
      {"d_v", input.v.cols()},
      {"scale", input.scale},
      {"B", b},
      {"R", result.max_abs_logit >= 0 ? json(result.max_abs_logit) : json(nullptr)},
      {"R_bound", logit_radius_bound(input)},
      {"error_bound",
       std::isfinite(result.error_bound) ? json(result.error_bound) : json("unbounded")},
      {"measured_error", measured_error ? json(*measured_error) : json(nullptr)},
      {"timing_s", result.seconds},
      {"details", result.details},
      {"causal", input.causal},
      {"causal_alignment", input.causal ? json(to_string(input.alignment)) : json(nullptr)}};
  if (input.rope)  // rotation keeps the logits; entries of R_i q_i grow by at most sqrt(2)
    report["rope"] = {{"base", input.rope->base},
                      {"layout", to_string(input.rope->layout)},
                      {"rotated_entry_bound", std::sqrt(2.0) * b}};
  return report;
}

}  // namespace sethkit
