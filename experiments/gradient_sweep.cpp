#include "experiments/gradient_sweep.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <optional>

#include "attention/cost_model.hpp"
#include "attention/poly_backend.hpp"
#include "attention/reference_check.hpp"
#include "attention/reference_gradient.hpp"
#include "attention/registry.hpp"
#include "core/error.hpp"
#include "core/rng.hpp"
#include "experiments/measurement.hpp"
#include "instances/random_ov.hpp"
#include "reductions/ov_to_attention_gradient.hpp"

#include <nlohmann/json.hpp>

#include "core/cell_journal.hpp"
#include "core/json_report.hpp"
#include "experiments/sweep_output.hpp"

namespace sethkit {

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(GradientSweepParams, time_log_n, decode_log_n, kappas,
                                   target_error, sample_rows, repeats, seed)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(GradientTimePoint, n, d, d_v, flash_forward_seconds,
                                   flash_backward_seconds, poly_forward_seconds,
                                   poly_backward_seconds, poly_degree, poly_rank, poly_bound,
                                   poly_error, flash_error, note)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(GradientDecodeCell, vectors, m, n_keys, kappa, s, kappa_required,
                                   logit_radius, threshold, tolerated_error, yes_rows, no_rows,
                                   exact_accuracy, float32_accuracy, max_yes_value, min_no_value,
                                   exact_seconds)

nlohmann::json gradient_sweep_parameters(const GradientSweepParams& params) {
  return params;
}

namespace {
constexpr long kTimeD = 8;

// One timed point: flash (float32) and poly, forward and backward, on the same input.
GradientTimePoint time_point(const GradientSweepParams& p, long n, std::uint64_t seed) {
  Rng rng(seed);
  const Matrix q = uniform_matrix(rng, n, kTimeD, 1.0), k = uniform_matrix(rng, n, kTimeD, 1.0),
               v = uniform_matrix(rng, n, kTimeD, 1.0), d_out = uniform_matrix(rng, n, kTimeD, 1.0);
  const AttentionInput in{q, k, v, 1.0 / kTimeD};
  const std::vector<Eigen::Index> q_rows =
      random_rows(n, static_cast<std::size_t>(p.sample_rows), seed + 1);
  const std::vector<Eigen::Index> k_rows =
      random_rows(n, static_cast<std::size_t>(p.sample_rows), seed + 2);
  const AttentionOutput exact = make_backend("flash64")->run(in);

  GradientTimePoint pt;
  pt.n = n;
  pt.d = pt.d_v = kTimeD;
  const auto flash = make_backend("flash");
  AttentionOutput f;
  AttentionGradients fg;
  pt.flash_forward_seconds = time_runs(p.repeats, [&] { f = flash->run(in); }).median;
  pt.flash_backward_seconds =
      time_runs(p.repeats, [&] { fg = flash->backward(in, f, d_out); }).median;
  pt.flash_error = sampled_gradient_error(in, exact, d_out, fg, q_rows, k_rows);

  PolyParams pp;
  pp.target_error = p.target_error;
  const PolyBackend poly(pp);
  const PolyPlan plan = poly.plan(in);
  if (!plan.ok) {
    pt.note = "poly refused: " + plan.reason;
    return pt;
  }
  pt.poly_degree = plan.degree;
  pt.poly_rank = static_cast<double>(plan.rank);
  AttentionOutput pf;
  AttentionGradients pg;
  pt.poly_forward_seconds = time_runs(p.repeats, [&] { pf = poly.run(in); }).median;
  pt.poly_backward_seconds =
      time_runs(p.repeats, [&] { pg = poly.backward(in, pf, d_out); }).median;
  pt.poly_bound = pg.error_bound;
  pt.poly_error = sampled_gradient_error(in, exact, d_out, pg, q_rows, k_rows);
  return pt;
}

// A decode instance: N vectors a side in dimension m = 2 log2 N, each
// coordinate 1 with probability 0.7 and no orthogonal pair (kForceNo); then
// every even row a_i loses its ones where a random b_j has them, so (i, j) is
// orthogonal. Labels by brute force (m <= 64: one word a vector).
struct DecodeInstance {
  OvInstance ov;
  std::vector<bool> has_partner;
};

DecodeInstance decode_instance(int log_vectors, std::uint64_t seed) {
  const auto n = static_cast<std::size_t>(1) << log_vectors;
  RandomOvParams rp;
  rp.n_a = rp.n_b = n;
  rp.d = 2 * static_cast<std::size_t>(log_vectors);
  rp.density = 0.7;
  rp.plant = OvPlant::kForceNo;
  rp.seed = seed;
  DecodeInstance out{random_ov(rp).ov, {}};
  OvInstance& ov = out.ov;
  ov.planted.clear();
  ov.known_answer.reset();
  Rng rng(seed + 1);
  for (std::size_t i = 0; i < n; i += 2) {
    const std::size_t j = rng.uniform_int(n);
    for (std::size_t t = 0; t < ov.d(); ++t)
      if (ov.b(j)[t]) ov.a(i)[t] = 0;
  }
  const auto pack = [&](std::span<const std::uint8_t> x) {
    std::uint64_t w = 0;
    for (std::size_t t = 0; t < x.size(); ++t) w |= static_cast<std::uint64_t>(x[t] != 0) << t;
    return w;
  };
  std::vector<std::uint64_t> b(n);
  for (std::size_t j = 0; j < n; ++j) b[j] = pack(ov.b(j));
  out.has_partner.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t a = pack(ov.a(i));
    out.has_partner[i] = std::any_of(b.begin(), b.end(), [a](std::uint64_t w) { return !(a & w); });
  }
  return out;
}

// Fraction of rows whose decision y_i < threshold matches the label (NaN is wrong).
double decode_accuracy(const Matrix& y, const std::vector<bool>& has_partner, double threshold) {
  std::size_t right = 0;
  for (std::size_t i = 0; i < has_partner.size(); ++i) {
    const double value = y(static_cast<Eigen::Index>(i), 0);
    right += !std::isnan(value) && (value < threshold) == has_partner[i];
  }
  return static_cast<double>(right) / static_cast<double>(has_partner.size());
}

GradientDecodeCell decode_cell(const DecodeInstance& inst, double kappa) {
  const OvInstance& ov = inst.ov;
  GradientDecodeCell cell;
  cell.vectors = static_cast<long>(ov.n_a());
  cell.m = static_cast<long>(ov.d());
  cell.n_keys = cell.vectors + 1;
  cell.kappa = kappa;
  const double sqrt_ln_n = std::sqrt(std::log(static_cast<double>(cell.n_keys)));
  cell.s = kappa * sqrt_ln_n;
  const OvToAttentionGradient reduction;
  cell.kappa_required = reduction.certificate(ov).s / sqrt_ln_n;
  const AttentionGradientInstance t = reduction.encode_at_magnitude(ov, cell.s);
  const AttentionCertificate& c = t.attention.certificate;
  cell.logit_radius = c.logit_radius;
  cell.threshold = c.threshold;
  cell.tolerated_error = c.tolerated_error;
  const AttentionInput in{t.attention.q, t.attention.k, t.attention.v, t.attention.scale};

  Stopwatch watch;
  const auto exact = make_backend("flash64");
  const AttentionOutput out = exact->run(in);
  const Matrix y = OvToAttentionGradient::row_values(t, exact->backward(in, out, t.d_out).dq);
  cell.exact_seconds = watch.seconds();
  cell.exact_accuracy = decode_accuracy(y, inst.has_partner, c.threshold);
  const auto flash = make_backend("flash");
  const Matrix y32 =
      OvToAttentionGradient::row_values(t, flash->backward(in, flash->run(in), t.d_out).dq);
  cell.float32_accuracy = decode_accuracy(y32, inst.has_partner, c.threshold);

  cell.max_yes_value = -INFINITY;
  cell.min_no_value = INFINITY;
  for (std::size_t i = 0; i < inst.has_partner.size(); ++i) {
    const double value = y(static_cast<Eigen::Index>(i), 0);
    if (inst.has_partner[i]) {
      ++cell.yes_rows;
      cell.max_yes_value = std::max(cell.max_yes_value, value);
    } else {
      ++cell.no_rows;
      cell.min_no_value = std::min(cell.min_no_value, value);
    }
  }
  return cell;
}
}  // namespace

void require_valid_gradient_sweep(const GradientSweepParams& p) {
  require(p.sample_rows >= 1 && p.repeats >= 1,
          "gradient sweep: sample rows and repeats must be positive");
  require(p.target_error > 0, "gradient sweep: poly's target error must be positive");
  for (int log_n : p.time_log_n)
    require(log_n >= 4 && log_n <= 20, "gradient sweep: time log2 n must lie in [4, 20]");
  for (int log_n : p.decode_log_n)
    require(log_n >= 2 && log_n <= 14, "gradient sweep: decode log2 N must lie in [2, 14]");
  for (double kappa : p.kappas)
    require(kappa > 0 && std::isfinite(kappa), "gradient sweep: kappa must be positive");
}

GradientSweepResult run_gradient_sweep(const GradientSweepParams& p,
                                       const GradientSweepProgress& progress,
                                       CellJournal* journal) {
  require_valid_gradient_sweep(p);
  const std::size_t total = p.time_log_n.size() + p.decode_log_n.size() * p.kappas.size();
  GradientSweepResult result;
  std::size_t done = 0;
  const auto tell = [&](const std::string& line) {
    if (progress) progress(line, ++done, total);
  };
  {  // warm-up (thread pool, first allocations), not recorded
    Rng rng(p.seed);
    const Matrix x = uniform_matrix(rng, 256, kTimeD, 1.0);
    const AttentionInput in{x, x, x, 1.0 / kTimeD};
    for (const char* name : {"flash", "poly"}) {
      const auto b = make_backend(name);
      b->backward(in, b->run(in), x);
    }
  }
  // Each entry's seed comes from the grid alone, so a journaled one is skipped whole.
  for (std::size_t i = 0; i < p.time_log_n.size(); ++i) {
    const int log_n = p.time_log_n[i];
    const std::string key = fmt::format("time/{}/{}", i, log_n);
    if (not_this_shard(journal, key)) continue;
    result.time.push_back(journaled<GradientTimePoint>(journal, key, [&] {
      return time_point(p, 1L << log_n, p.seed + 100 + static_cast<std::uint64_t>(log_n));
    }));
    const GradientTimePoint& pt = result.time.back();
    tell(pt.poly_backward_seconds >= 0
             ? fmt::format("time n = {}: flash backward {:.3g} s, poly backward {:.3g} s (rank {}, "
                           "error {:.2g}, bound {:.2g})",
                           pt.n, pt.flash_backward_seconds, pt.poly_backward_seconds, pt.poly_rank,
                           pt.poly_error, pt.poly_bound)
             : fmt::format("time n = {}: flash backward {:.3g} s; {}", pt.n,
                           pt.flash_backward_seconds, pt.note));
  }
  for (std::size_t li = 0; li < p.decode_log_n.size(); ++li) {
    const int log_n = p.decode_log_n[li];
    std::optional<DecodeInstance> inst;  // made when a cell of this N is computed
    for (std::size_t ki = 0; ki < p.kappas.size(); ++ki) {
      const std::string key = fmt::format("decode/{}/{}/{}/{}", li, log_n, ki, p.kappas[ki]);
      if (not_this_shard(journal, key)) continue;
      result.decode.push_back(journaled<GradientDecodeCell>(journal, key, [&] {
        if (!inst) inst = decode_instance(log_n, p.seed + 200 + static_cast<std::uint64_t>(log_n));
        return decode_cell(*inst, p.kappas[ki]);
      }));
      const GradientDecodeCell& c = result.decode.back();
      tell(
          fmt::format("decode N = {}, kappa = {} (required {:.3g}): accuracy {:.3f} (float32 "
                      "{:.3f})",
                      c.vectors, c.kappa, c.kappa_required, c.exact_accuracy, c.float32_accuracy));
    }
  }
  return result;
}

GradientSlopes gradient_slopes(const std::vector<GradientTimePoint>& time) {
  std::vector<double> n, flash, n_poly, poly, poly_total;
  for (const auto& pt : time) {
    n.push_back(static_cast<double>(pt.n));
    flash.push_back(pt.flash_backward_seconds);
    if (pt.poly_backward_seconds < 0) continue;
    n_poly.push_back(static_cast<double>(pt.n));
    poly.push_back(pt.poly_backward_seconds);
    poly_total.push_back(pt.poly_forward_seconds + pt.poly_backward_seconds);
  }
  return {log_log_slope(n, flash), log_log_slope(n_poly, poly), log_log_slope(n_poly, poly_total)};
}

std::string gradient_sweep_csv(const GradientSweepResult& r) {
  std::string csv =
      "series,n,d,flash_forward_s,flash_backward_s,poly_forward_s,poly_backward_s,poly_degree,"
      "poly_rank,poly_bound,poly_error,flash_error,vectors,m,kappa,s,kappa_required,R,threshold,"
      "tolerated_error,yes_rows,no_rows,exact_accuracy,float32_accuracy,max_yes_value,"
      "min_no_value,exact_s,note\n";
  for (const auto& p : r.time) {
    const bool ran = p.poly_backward_seconds >= 0;
    std::string note = p.note;
    std::replace(note.begin(), note.end(), '"', '\'');
    csv +=
        fmt::format("time,{},{},{:.6g},{:.6g},{},{},{},{},{},{},{:.3g},,,,,,,,,,,,,,,,\"{}\"\n",
                    p.n, p.d, p.flash_forward_seconds, p.flash_backward_seconds,
                    csv_or_empty(p.poly_forward_seconds, ran),
                    csv_or_empty(p.poly_backward_seconds, ran), csv_or_empty(p.poly_degree, ran, 0),
                    csv_or_empty(p.poly_rank, ran, 0), csv_or_empty(p.poly_bound, ran, 3),
                    csv_or_empty(p.poly_error, ran, 3), p.flash_error, note);
  }
  for (const auto& c : r.decode)
    csv += fmt::format(
        "decode,{},{},,,,,,,,,,{},{},{},{:.6g},{:.6g},{:.6g},{:.10g},{:.6g},{},{},{:.6g},{:.6g},"
        "{:.10g},{:.10g},{:.6g},\"\"\n",
        c.n_keys, c.m + 1, c.vectors, c.m, c.kappa, c.s, c.kappa_required, c.logit_radius,
        c.threshold, c.tolerated_error, c.yes_rows, c.no_rows, c.exact_accuracy, c.float32_accuracy,
        c.max_yes_value, c.min_no_value, c.exact_seconds);
  return csv;
}

nlohmann::json gradient_sweep_json(const GradientSweepParams& params,
                                   const GradientSweepResult& r) {
  const GradientSlopes slopes = gradient_slopes(r.time);
  nlohmann::json time = nlohmann::json::array(), decode = nlohmann::json::array();
  for (const auto& p : r.time) {
    const bool ran = p.poly_backward_seconds >= 0;
    time.push_back({{"n", p.n},
                    {"d", p.d},
                    {"d_v", p.d_v},
                    {"flash_forward_s", p.flash_forward_seconds},
                    {"flash_backward_s", p.flash_backward_seconds},
                    {"flash_error", finite_or_null(p.flash_error)},
                    {"poly_forward_s", json_or_null(p.poly_forward_seconds, ran)},
                    {"poly_backward_s", json_or_null(p.poly_backward_seconds, ran)},
                    {"poly_degree", json_or_null(p.poly_degree, ran)},
                    {"poly_rank", json_or_null(p.poly_rank, ran)},
                    {"poly_bound", json_or_null(p.poly_bound, ran)},
                    {"poly_error", ran ? finite_or_null(p.poly_error) : nlohmann::json(nullptr)},
                    {"note", p.note}});
  }
  for (const auto& c : r.decode)
    decode.push_back({{"vectors", c.vectors},
                      {"m", c.m},
                      {"n_keys", c.n_keys},
                      {"kappa", c.kappa},
                      {"s", c.s},
                      {"kappa_required", c.kappa_required},
                      {"R", c.logit_radius},
                      {"threshold", c.threshold},
                      {"tolerated_error", c.tolerated_error},
                      {"yes_rows", c.yes_rows},
                      {"no_rows", c.no_rows},
                      {"exact_accuracy", c.exact_accuracy},
                      {"float32_accuracy", c.float32_accuracy},
                      {"max_yes_value", finite_or_null(c.max_yes_value)},
                      {"min_no_value", finite_or_null(c.min_no_value)},
                      {"exact_s", c.exact_seconds}});
  return {{"tool", tool_json()},
          {"experiment", "gradient"},
          {"seed", params.seed},
          {"target_error", params.target_error},
          {"sample_rows", params.sample_rows},
          {"repeats", params.repeats},
          {"slopes",
           {{"flash_backward", finite_or_null(slopes.flash_backward)},
            {"poly_backward", finite_or_null(slopes.poly_backward)},
            {"poly_gradient", finite_or_null(slopes.poly_gradient)}}},
          {"time", time},
          {"decode", decode}};
}

// The plan: on each time point, flash's forward and backward pass (3.6 forward
// passes at flash's rate) and the float64 reference (flash64's forward pass),
// poly's gradient at about 1.5 10^-5 s a row (measured: 0.85 s at n = 2^16,
// rank 3003); on each decode cell, flash64's and flash's forward and backward
// passes at their rates.
SweepPlan gradient_sweep_plan(const GradientSweepParams& p) {
  constexpr double kBackwardOverForward = 2.6, kPolySecondsPerRow = 1.5e-5;
  SweepPlan plan;
  plan.sweep = "gradient";
  plan.basis = "flash's and flash64's forward and backward passes, and poly's gradient per row";
  const auto note_bytes = [&](double bytes, const std::string& what) {
    if (bytes > plan.bytes) {
      plan.bytes = bytes;
      plan.largest = what;
    }
  };
  const double passes = 1 + kBackwardOverForward, d = kTimeD;
  for (int log_n : p.time_log_n) {
    const double n = std::ldexp(1.0, log_n);
    ++plan.cells;
    plan.seconds += p.repeats * (passes * estimated_attention_seconds(n, n, d, d, "flash") +
                                 2 * kPolySecondsPerRow * n) +
                    estimated_attention_seconds(n, n, d, d, "flash64");
    // Q, K, V, dO, the outputs and the gradients of both backends, in double.
    note_bytes(attention_bytes(n, n, d, d) * 4, fmt::format("time, n = {}", format_count(n)));
  }
  for (int log_n : p.decode_log_n) {
    const double n = std::ldexp(1.0, log_n) + 1, d = 2.0 * log_n + 1;
    plan.cells += p.kappas.size();
    plan.seconds += static_cast<double>(p.kappas.size()) * passes *
                    (estimated_attention_seconds(n, n, d, 1, "flash64") +
                     estimated_attention_seconds(n, n, d, 1, "flash"));
    note_bytes(attention_bytes(n, n, d, 1) * 3,
               fmt::format("decode, N = {}, d = {}", format_count(n - 1), d));
  }
  return plan;
}

}  // namespace sethkit
