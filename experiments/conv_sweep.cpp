#include "experiments/conv_sweep.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <optional>

#include "attention/conv_backend.hpp"
#include "attention/cost_model.hpp"
#include "attention/reference_check.hpp"
#include "attention/registry.hpp"
#include "core/error.hpp"
#include "core/rng.hpp"
#include "core/stopwatch.hpp"
#include "instances/random_ov.hpp"
#include "instances/structured_attention.hpp"
#include "reductions/ov_to_attention.hpp"

#include <nlohmann/json.hpp>

#include "core/cell_journal.hpp"
#include "core/json_report.hpp"
#include "experiments/sweep_output.hpp"

namespace sethkit {

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ConvSweepParams, structured_n, hard_n, d_v, sample_rows, seed)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ConvSweepPoint, series, n, d, d_v, k, conv_seconds,
                                   flash_seconds, conv_error, flash_error, conv_bound, window_reads,
                                   note)

nlohmann::json conv_sweep_parameters(const ConvSweepParams& params) {
  return params;
}

namespace {
ConvSweepPoint measure(const std::string& series, const Matrix& q, const Matrix& k, double scale,
                       Eigen::Index window, const ConvSweepParams& p, std::uint64_t seed) {
  const Eigen::Index n = q.rows();
  Rng rng(seed);
  const Matrix v = uniform_matrix(rng, n, p.d_v, 1.0);
  std::vector<Eigen::Index> rows;
  for (long t = 0; t < std::min<long>(p.sample_rows, n); ++t)
    rows.push_back(static_cast<Eigen::Index>(rng.uniform_int(static_cast<std::uint64_t>(n))));
  rows.push_back(n - 1);

  ConvParams cp;
  cp.recovery.k_max = static_cast<std::size_t>(n);  // run, do not refuse: k is the measurement
  cp.recovery.window = window;
  const ConvBackend conv(cp);
  const AttentionInput in{q, k, v, scale, true};
  ConvSweepPoint pt;
  pt.series = series;
  pt.n = n;
  pt.d = q.cols();
  pt.d_v = p.d_v;
  Stopwatch conv_watch;
  std::optional<AttentionOutput> c;
  try {
    c = conv.run(in);
  } catch (const ContractError& e) {
    pt.note = std::string("refused: ") + e.what();
  }
  pt.conv_seconds = conv_watch.seconds();
  const auto flash = make_backend("flash");
  Stopwatch flash_watch;
  const AttentionOutput f = flash->run(in);
  pt.flash_seconds = flash_watch.seconds();
  pt.flash_error = sampled_error(in, f.out, rows);
  pt.conv_error = c ? sampled_error(in, c->out, rows) : NAN;
  pt.conv_bound = c ? c->error_bound : NAN;
  const ConvRecovery rec = recover_conv_basis(q, k, scale, cp.recovery);
  pt.k = rec.basis ? static_cast<long>(rec.basis->k()) : -1;
  pt.window_reads = rec.basis ? rec.basis->window_reads : 0;
  return pt;
}
}  // namespace

std::vector<ConvSweepPoint> run_conv_sweep(const ConvSweepParams& p,
                                           const ConvSweepProgress& progress,
                                           CellJournal* journal) {
  require(p.d_v >= 1 && p.sample_rows >= 1, "conv sweep: d_v and sample rows must be positive");
  for (long n : p.structured_n) require(n >= 16 && n <= (1L << 22), "conv sweep: n in [16, 2^22]");
  for (long n : p.hard_n) require(n >= 16 && n <= (1L << 16), "conv sweep: hard n in [16, 2^16]");
  const std::size_t total = p.structured_n.size() + 2 * p.hard_n.size();
  {  // warm-up (thread pool, FFTW's first plans), not recorded
    const StructuredQk qk = gated_sinusoids(256, {0, 128}, p.seed);
    const Matrix v = Matrix::Ones(256, p.d_v);
    ConvBackend().run({qk.q, qk.k, v, 1.0, true});
    make_backend("flash")->run({qk.q, qk.k, v, 1.0, true});
  }
  std::vector<ConvSweepPoint> points;
  // Each point's seeds come from the grid alone, so a journaled point is skipped whole.
  // Another shard's points are skipped (core/shard.hpp).
  const auto point = [&](const std::string& series, std::size_t index, long n, auto&& compute) {
    const std::string key = fmt::format("{}/{}/{}", series, index, n);
    if (not_this_shard(journal, key)) return;
    points.push_back(journaled<ConvSweepPoint>(journal, key, compute));
    if (progress) progress(points.back(), points.size(), total);
  };
  std::uint64_t seed = p.seed;
  for (std::size_t i = 0; i < p.structured_n.size(); ++i) {
    const long n = p.structured_n[i];
    const std::uint64_t s = seed++;
    point("structured", i, n, [&] {
      const StructuredQk qk = gated_sinusoids(n, {0, n / 8, n / 2, 7 * n / 8}, s);
      return measure("structured", qk.q, qk.k, 1.0, 8, p, s + 1);
    });
  }
  for (std::size_t i = 0; i < p.hard_n.size(); ++i) {  // unstructured but tame: R <= 1
    const long n = p.hard_n[i];
    const std::uint64_t s = seed;
    seed += 2;
    point("random", i, n, [&] {
      Rng rng(s + 1);
      const Matrix q = uniform_matrix(rng, n, 8, 1.0), k = uniform_matrix(rng, n, 8, 1.0);
      return measure("random", q, k, 0.125, n, p, s + 2);
    });
  }
  for (std::size_t i = 0; i < p.hard_n.size(); ++i) {
    const long n = p.hard_n[i];
    const std::uint64_t s = seed;
    seed += 2;
    point("hard", i, n, [&] {
      RandomOvParams ov;
      ov.n_a = ov.n_b = static_cast<std::size_t>(n - 1);
      ov.d = 2 * static_cast<std::size_t>(std::bit_width(static_cast<std::uint64_t>(n)) - 1);
      ov.plant = OvPlant::kPlantYes;
      ov.seed = s + 1;
      const AttentionInstance inst = OvToAttention().encode(random_ov(ov).ov);
      // n - 1 queries and n keys (the sink): a zero query row makes the shapes equal.
      Matrix q = Matrix::Zero(n, inst.q.cols());
      q.topRows(n - 1) = inst.q;
      // Windows of the whole column: 0/1 data can repeat a short window, and the
      // binary search needs monotone differences; with T = n every column is
      // compared in full (a linear scan, O(n^2 d) reads: no shortcut here).
      return measure("hard", q, inst.k, inst.scale, n, p, s + 2);
    });
  }
  return points;
}

std::string conv_sweep_csv(const std::vector<ConvSweepPoint>& points) {
  std::string csv =
      "series,n,d,d_v,k,conv_s,flash_s,conv_over_flash,conv_error,flash_error,conv_bound,"
      "window_reads,note\n";
  for (const auto& p : points)
    csv += fmt::format("{},{},{},{},{},{:.6g},{:.6g},{:.4g},{:.3g},{:.3g},{:.3g},{},\"{}\"\n",
                       p.series, p.n, p.d, p.d_v, p.k, p.conv_seconds, p.flash_seconds,
                       p.conv_seconds / std::max(p.flash_seconds, 1e-9), p.conv_error,
                       p.flash_error, p.conv_bound, p.window_reads, p.note);
  return csv;
}

nlohmann::json conv_sweep_json(const ConvSweepParams& params,
                               const std::vector<ConvSweepPoint>& points) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& pt : points)
    rows.push_back({{"series", pt.series},
                    {"n", pt.n},
                    {"d", pt.d},
                    {"d_v", pt.d_v},
                    {"k", pt.k},
                    {"conv_s", pt.conv_seconds},
                    {"flash_s", pt.flash_seconds},
                    {"conv_error", pt.conv_error},
                    {"flash_error", pt.flash_error},
                    {"conv_bound", pt.conv_bound},
                    {"window_reads", pt.window_reads},
                    {"note", pt.note}});
  return {{"tool", tool_json()},
          {"experiment", "conv"},
          {"seed", params.seed},
          {"d_v", params.d_v},
          {"sample_rows", params.sample_rows},
          {"points", rows}};
}

// The plan: exact causal attention with flash on every point (half of the
// n x n logits at flash's measured rate), and where conv's bases reach k = n
// (the random and hard series) its k n log2(n) d_v convolution work at about
// 10^9 values a second (measured: 1.4 s at n = 4096).
SweepPlan conv_sweep_plan(const ConvSweepParams& p) {
  constexpr double kConvValuesPerSecond = 1e9;
  SweepPlan plan;
  plan.sweep = "conv";
  plan.basis = "flash's causal attention on every point, and conv's work where k reaches n";
  const auto point = [&](double n, double d, double k, const std::string& series) {
    ++plan.cells;
    const auto d_v = static_cast<double>(p.d_v);
    plan.seconds += estimated_attention_seconds(n, n / 2, d, d_v, "flash");
    if (k >= n) plan.seconds += k * n * std::log2(n) * d_v / kConvValuesPerSecond;
    // Inputs and output in double, and conv's k bases of n values with their spectra.
    const double bytes = attention_bytes(n, n, d, d_v) + 3 * 8 * k * n;
    if (bytes > plan.bytes) {
      plan.bytes = bytes;
      plan.largest = fmt::format("{}, n = {}, d = {}", series, format_count(n), d);
    }
  };
  for (long n : p.structured_n) point(static_cast<double>(n), 8, 4, "structured");
  for (long n : p.hard_n) point(static_cast<double>(n), 8, static_cast<double>(n), "random");
  for (long n : p.hard_n)
    point(static_cast<double>(n), 2 * std::floor(std::log2(static_cast<double>(n))) + 1,
          static_cast<double>(n), "hard");
  return plan;
}

}  // namespace sethkit
