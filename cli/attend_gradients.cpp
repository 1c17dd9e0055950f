#include "cli/attend_gradients.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>

#include "attention/naive_backend.hpp"
#include "attention/stats.hpp"
#include "core/error.hpp"

namespace sethkit::cli {

MatrixStack load_d_out(const std::string& spec, const std::vector<std::uint64_t>& leading,
                       Eigen::Index rows, Eigen::Index cols) {
  MatrixStack stack = npy_to_stack(read_npy(spec, Limits{}, "do"), spec);
  const Eigen::Index got_rows = stack.items.empty() ? 0 : stack.items.front().rows();
  const Eigen::Index got_cols = stack.items.empty() ? 0 : stack.items.front().cols();
  if (stack.leading != leading || got_rows != rows || got_cols != cols)
    throw InputError(spec, fmt::format("dO has leading dimensions ({}) and matrices {} x {}; "
                                       "expected the output's: ({}) and {} x {}",
                                       fmt::join(stack.leading, ", "), got_rows, got_cols,
                                       fmt::join(leading, ", "), rows, cols));
  for (const Matrix& m : stack.items) require_finite(m, spec);
  return stack;
}

void add_head_gradients(GradientRun& run, std::size_t h, const AttentionBackend& backend,
                        const AttentionInput& input, const AttentionOutput& forward, bool check) {
  AttentionGradients g = backend.backward(input, forward, run.d_out.items[h]);
  require(g.dq.allFinite() && g.dk.allFinite() && g.dv.allFinite() && std::isfinite(g.dscale),
          "the backward pass produced a non-finite gradient; nothing written");
  if (check) {
    const NaiveBackend naive;
    // naive's backward recomputes P from Q, K, V; the forward result only fixes the shapes.
    const AttentionGradients want = naive.backward(input, forward, run.d_out.items[h]);
    const double e =
        std::max({linf_error(g.dq, want.dq), linf_error(g.dk, want.dk), linf_error(g.dv, want.dv)});
    run.measured = std::max(run.measured.value_or(0.0), e);
  }
  run.seconds += g.seconds;
  run.error_bound = std::max(run.error_bound, g.error_bound);
  run.details = g.details;
  run.dscale.push_back(g.dscale);
  run.dq.items.push_back(std::move(g.dq));
  run.dk.items.push_back(std::move(g.dk));
  run.dv.items.push_back(std::move(g.dv));
}

std::string gradient_summary(const GradientRun& run) {
  const double largest =
      *std::max_element(run.dscale.begin(), run.dscale.end(),
                        [](double a, double b) { return std::abs(a) < std::abs(b); });
  return fmt::format(
      "backward: {:.4f} s; error bound {}; dLoss/dscale {:.6g}{}{}", run.seconds,
      std::isfinite(run.error_bound) ? fmt::format("{:.3g}", run.error_bound)
                                     : std::string("none derived"),
      largest, run.dscale.size() > 1 ? " (largest in magnitude over the heads)" : "",
      run.measured ? fmt::format("; measured error {:.3g} against naive's backward", *run.measured)
                   : std::string());
}

nlohmann::json gradient_json(const GradientRun& run) {
  return {
      {"timing_s", run.seconds},
      {"error_bound", std::isfinite(run.error_bound) ? nlohmann::json(run.error_bound)
                                                     : nlohmann::json("unbounded")},
      {"dscale", run.dscale},
      {"measured_error", run.measured ? nlohmann::json(*run.measured) : nlohmann::json(nullptr)},
      {"details", run.details}};
}

}  // namespace sethkit::cli
