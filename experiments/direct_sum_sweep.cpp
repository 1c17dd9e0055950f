#include "experiments/direct_sum_sweep.hpp"

#include "experiments/measurement.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

#include "attention/cost_model.hpp"
#include "attention/registry.hpp"
#include "core/error.hpp"
#include "core/stopwatch.hpp"
#include "instances/random_three_ov.hpp"
#include "reductions/three_ov_to_transformer.hpp"
#include "solvers/three_ov_solver.hpp"

#include <nlohmann/json.hpp>

#include "core/cell_journal.hpp"
#include "core/json_report.hpp"
#include "experiments/sweep_output.hpp"

namespace sethkit {

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(DirectSumParams, fixed_n, lh, n, n_layers, n_heads, dim_per_log,
                                   backend, repeats, seed)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(DirectSumPoint, series, n, layers, heads, lh, d, width, seconds,
                                   seconds_min, seconds_max, seconds_per_head, decoded, truth,
                                   agree)

nlohmann::json direct_sum_parameters(const DirectSumParams& params) {
  return params;
}

namespace {
std::size_t ceil_log2(std::size_t n) {
  return std::bit_width(n - 1);
}

DirectSumPoint measure(const std::string& series, std::size_t n, std::size_t layers,
                       std::size_t heads, const DirectSumParams& p, std::uint64_t seed) {
  DirectSumPoint pt;
  pt.series = series;
  pt.n = n;
  pt.layers = layers;
  pt.heads = heads;
  pt.lh = layers * heads;
  pt.d = p.dim_per_log * std::max<std::size_t>(ceil_log2(n), 1);
  RandomThreeOvParams gen;
  gen.n = n;
  gen.k = pt.lh;
  gen.d = pt.d;
  gen.seed = seed;
  const ThreeOvInstance source = random_three_ov(gen);
  ThreeOvToTransformer::Params tp;
  tp.layers = layers;
  tp.heads = heads;
  const ThreeOvToTransformer reduction(tp);
  reduction.certificate(source);  // limits, before building
  const TransformerInstance target = reduction.encode(source);
  pt.width = static_cast<long>(target.certificate.width);

  const auto backend = make_backend(p.backend);
  Matrix out;
  double bound = 0;
  transformer_forward(target.model, target.x, *backend);  // warm-up, not timed
  const Timing timing = time_runs(p.repeats, [&] {
    bound = 0;
    out = transformer_forward(target.model, target.x, *backend, &bound);
  });
  pt.seconds = timing.median;
  pt.seconds_min = timing.min;
  pt.seconds_max = timing.max;
  pt.seconds_per_head = pt.seconds / static_cast<double>(pt.lh);
  const TransformerDecoded decoded = reduction.decode(source, target, out, std::max(bound, 1e-9));
  pt.decoded = to_string(decoded.verdict);
  pt.truth = solve_three_ov(source).triple ? "yes" : "no";
  pt.agree = pt.decoded == pt.truth;
  return pt;
}
}  // namespace

std::vector<DirectSumPoint> run_direct_sum(const DirectSumParams& p,
                                           const DirectSumProgress& progress,
                                           CellJournal* journal) {
  require(!p.lh.empty() && !p.n.empty(), "direct-sum: both series need at least one point");
  require(p.repeats >= 1, "direct-sum: repeats must be at least 1");
  require(p.dim_per_log >= 1, "direct-sum: dim-per-log must be at least 1");
  require(p.n_layers >= 1 && p.n_heads >= 1, "direct-sum: the fixed L and H must be at least 1");
  for (std::size_t k : p.lh) require(k >= 1, "direct-sum: L H values must be at least 1");
  for (std::size_t n : p.n) require(n >= 2, "direct-sum: N values must be at least 2");
  require(p.fixed_n >= 2, "direct-sum: the fixed N must be at least 2");
  make_backend(p.backend);  // an unknown backend fails here, before any work

  struct Job {
    const char* series;
    std::size_t n, layers, heads;
  };
  std::vector<Job> jobs;
  for (std::size_t k : p.lh) {
    jobs.push_back({"lh", p.fixed_n, 1, k});
    if (k > 1) jobs.push_back({"lh", p.fixed_n, k, 1});
  }
  for (std::size_t n : p.n) jobs.push_back({"n", n, p.n_layers, p.n_heads});

  std::vector<DirectSumPoint> points;
  for (std::size_t t = 0; t < jobs.size(); ++t) {
    const Job& j = jobs[t];
    const std::string key = fmt::format("{}/{}/{}x{}/{}", j.series, j.n, j.layers, j.heads, t);
    if (not_this_shard(journal, key)) continue;  // another shard's (core/shard.hpp)
    points.push_back(journaled<DirectSumPoint>(
        journal, key, [&] { return measure(j.series, j.n, j.layers, j.heads, p, p.seed + t); }));
    if (progress) progress(points.back(), t + 1, jobs.size());
  }
  return points;
}

DirectSumFit fit_direct_sum(const std::vector<DirectSumPoint>& points) {
  std::vector<double> lh, lh_t, n, n_t;
  for (const auto& pt : points) {
    if (pt.series == "lh") {
      lh.push_back(static_cast<double>(pt.lh));
      lh_t.push_back(pt.seconds);
    } else {
      n.push_back(static_cast<double>(pt.n));
      n_t.push_back(pt.seconds);
    }
  }
  return {log_log_slope(lh, lh_t), log_log_slope(n, n_t)};
}

std::string direct_sum_csv(const std::vector<DirectSumPoint>& points) {
  std::string csv =
      "series,N,L,H,LH,D,width,seconds,seconds_min,seconds_max,seconds_per_head,decoded,truth,"
      "agree\n";
  for (const auto& p : points)
    csv +=
        fmt::format("{},{},{},{},{},{},{},{:.6g},{:.6g},{:.6g},{:.6g},{},{},{}\n", p.series, p.n,
                    p.layers, p.heads, p.lh, p.d, p.width, p.seconds, p.seconds_min, p.seconds_max,
                    p.seconds_per_head, p.decoded, p.truth, p.agree ? "true" : "false");
  return csv;
}

nlohmann::json direct_sum_json(const DirectSumParams& params,
                               const std::vector<DirectSumPoint>& points, const DirectSumFit& fit) {
  std::size_t disagree = 0;
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& pt : points) {
    disagree += pt.agree ? 0 : 1;
    rows.push_back({{"series", pt.series},
                    {"N", pt.n},
                    {"L", pt.layers},
                    {"H", pt.heads},
                    {"LH", pt.lh},
                    {"D", pt.d},
                    {"width", pt.width},
                    {"seconds", pt.seconds},
                    {"seconds_min", pt.seconds_min},
                    {"seconds_max", pt.seconds_max},
                    {"seconds_per_head", pt.seconds_per_head},
                    {"decoded", pt.decoded},
                    {"truth", pt.truth},
                    {"agree", pt.agree}});
  }
  return {{"tool", tool_json()},
          {"experiment", "direct-sum"},
          {"seed", params.seed},
          {"backend", params.backend},
          {"repeats", params.repeats},
          {"fixed_n", params.fixed_n},
          {"n_series_layers", params.n_layers},
          {"n_series_heads", params.n_heads},
          {"dim_per_log", params.dim_per_log},
          {"slope_lh", finite_or_null(fit.slope_lh)},
          {"slope_n", finite_or_null(fit.slope_n)},
          {"disagreements", disagree},
          {"points", rows}};
}

// The plan: each point's repeats + 1 forward passes, K heads each of
// t^2 (D + m) attention multiply-adds and 3 t m D for the projections
// (t = N + 1 tokens, head width D, model width m), at flash's measured rate.
SweepPlan direct_sum_plan(const DirectSumParams& p) {
  SweepPlan plan;
  plan.sweep = "direct-sum";
  plan.basis = "the forward passes' multiply-adds at flash's measured rate";
  const auto point = [&](std::size_t n_points, std::size_t heads, const std::string& series) {
    ++plan.cells;
    const double n = static_cast<double>(n_points), t = n + 1, k = static_cast<double>(heads);
    const double d =
        static_cast<double>(p.dim_per_log * std::max<std::size_t>(ceil_log2(n_points), 1));
    const double m = 2 * d + 3 + 2 * std::ceil(std::log2(n));
    const double per_pass = k * (estimated_attention_seconds(t, t, d, m, "flash") +
                                 3 * t * m * d / kFlashMacsPerSecond);
    plan.seconds += static_cast<double>(p.repeats + 1) * per_pass;
    const double bytes = 8 * (2 * t * m + k * m * (2 * d + m));  // X, X_L and the weights
    if (bytes > plan.bytes) {
      plan.bytes = bytes;
      plan.largest = fmt::format("{}, N = {}, K = {}", series, format_count(n), heads);
    }
  };
  for (std::size_t lh : p.lh) {
    point(p.fixed_n, lh, "lh");              // one layer of K heads
    if (lh > 1) point(p.fixed_n, lh, "lh");  // K layers of one head
  }
  for (std::size_t n : p.n) point(n, p.n_layers * p.n_heads, "n");
  return plan;
}

}  // namespace sethkit
