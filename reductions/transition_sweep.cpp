#include "reductions/transition_sweep.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <vector>

#include "attention/flash_backend.hpp"
#include "attention/poly_backend.hpp"
#include "attention/stats.hpp"
#include "attention/taylor.hpp"
#include "core/error.hpp"
#include "instances/planted_gap_hamming.hpp"
#include "reductions/gap_hamming_to_attention.hpp"

namespace sethkit {

namespace {
// Row decisions by the bare threshold rule (no tolerance check: below
// kappa_required the bounds overlap, and the experiment shows what happens).
std::vector<bool> decisions(const Matrix& out, std::size_t rows, double threshold) {
  std::vector<bool> yes(rows);
  for (std::size_t i = 0; i < rows; ++i) yes[i] = out(static_cast<Eigen::Index>(i), 0) < threshold;
  return yes;
}

double accuracy(const std::vector<bool>& yes, const GapHamming& g) {
  std::size_t judged = 0, right = 0;
  for (std::size_t i = 0; i < yes.size(); ++i) {
    if (g.labels[i] != GapLabel::kYes && g.labels[i] != GapLabel::kNo) continue;
    ++judged;
    right += yes[i] == (g.labels[i] == GapLabel::kYes);
  }
  return judged == 0 ? 1.0 : static_cast<double>(right) / static_cast<double>(judged);
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}
}  // namespace

std::vector<TransitionCell> run_transition(
    const TransitionParams& p,
    const std::function<void(const TransitionCell&, std::size_t, std::size_t)>& progress) {
  std::vector<TransitionCell> cells;
  const std::size_t total = p.log_n.size() * p.kappas.size();
  for (int log_n : p.log_n) {
    require(log_n >= 4 && log_n <= 20, "transition sweep: log2 n must lie in [4, 20]");
    const long n = 1L << log_n;
    const long dim = 2L * log_n;
    const auto gen =
        planted_gap_hamming({static_cast<std::size_t>(n), static_cast<std::size_t>(dim),
                             static_cast<std::size_t>(std::max(1L, dim / 16)), 1.0, 0.5, 50,
                             p.seed + static_cast<std::uint64_t>(log_n)});
    const GapHamming& g = gen.instance;
    const double sqrt_ln_n = std::sqrt(std::log(static_cast<double>(n)));
    const double kappa_required = GapHammingToAttention().certificate(g).s / sqrt_ln_n;
    for (double kappa : p.kappas) {
      TransitionCell cell;
      cell.n = n;
      cell.kappa = kappa;
      cell.dim = dim;
      cell.d = 4 * dim;
      cell.kappa_required = kappa_required;
      GapHammingToAttention::Params params;
      params.forced_s = kappa * sqrt_ln_n;
      const GapHammingToAttention reduction(params);
      const AttentionInstance t = reduction.encode(g);
      const AttentionInput input{t.q, t.k, t.v, t.scale};
      cell.entry_bound = t.certificate.entry_bound;
      cell.logit_radius_bound = logit_radius_bound(input);
      const auto rows = g.points.n_a();

      auto t0 = std::chrono::steady_clock::now();
      const AttentionOutput exact = FlashBackend(FlashBackend::Precision::kFloat32).run(input);
      cell.flash_seconds = seconds_since(t0);
      const std::vector<bool> exact_yes = decisions(exact.out, rows, t.certificate.threshold);
      cell.exact_accuracy = accuracy(exact_yes, g);

      // Reference rows for poly's measured error, in float64.
      const long sample = std::min<long>(p.sample_rows, static_cast<long>(rows));
      Matrix q_rows(sample, t.q.cols());
      for (long s = 0; s < sample; ++s)
        q_rows.row(s) = t.q.row(s * static_cast<long>(rows) / sample);
      const Matrix reference =
          FlashBackend(FlashBackend::Precision::kFloat64).run({q_rows, t.k, t.v, t.scale}).out;

      std::string skipped;  // the last degree whose run was refused
      for (int deg = 0; deg <= p.max_degree; ++deg) {
        PolyParams pp;
        pp.degree = deg;
        pp.max_rank = p.max_rank;
        pp.require_guarantee = false;  // low degrees are tried for their measured error
        const PolyBackend poly(pp);
        const PolyPlan plan = poly.plan(input);
        if (!plan.ok) {  // rank budget, or R' beyond what double precision handles
          cell.note = plan.reason;
          break;
        }
        t0 = std::chrono::steady_clock::now();
        AttentionOutput out;
        try {
          out = poly.run(input);
        } catch (const ContractError& e) {  // a degree without guarantee may give row sums <= 0
          skipped = fmt::format("degree {}: {}", deg, e.what());
          continue;
        }
        const double secs = seconds_since(t0);
        const std::vector<bool> poly_yes = decisions(out.out, rows, t.certificate.threshold);
        if (plan.rank <= p.budget_rank) {
          cell.budget_degree = deg;
          cell.budget_accuracy = accuracy(poly_yes, g);
        }
        Matrix got(sample, t.v.cols());
        for (long s = 0; s < sample; ++s)
          got.row(s) = out.out.row(s * static_cast<long>(rows) / sample);
        // Relative to the output's size: outputs of near-uniform attention are about 1/n.
        const double error =
            linf_error(got, reference) / std::max(max_abs_entry(reference), 1e-300);
        if (error <= p.target_error && cell.degree_needed < 0) {
          cell.degree_needed = deg;
          cell.rank_needed = static_cast<double>(plan.rank);
          cell.poly_seconds = secs;
          cell.poly_error = error;
        }
        if (cell.degree_needed >= 0 && plan.rank >= p.budget_rank) break;  // both answers known
      }
      if (cell.degree_needed < 0 && cell.note.empty())
        cell.note =
            skipped.empty() ? "no degree up to the maximum reached the target error" : skipped;
      cells.push_back(cell);
      if (progress) progress(cell, cells.size(), total);
    }
  }
  return cells;
}

std::string transition_csv(const std::vector<TransitionCell>& cells) {
  std::string out =
      "n,kappa,dim,d,B,kappa_required,R_bound,exact_accuracy,flash_s,degree_needed,rank_needed,"
      "poly_s,poly_error,"
      "budget_degree,budget_accuracy,note\n";
  for (const auto& c : cells) {
    std::string note = c.note;
    std::replace(note.begin(), note.end(), ',', ';');
    std::replace(note.begin(), note.end(), '"', '\'');
    out += fmt::format(
        "{},{},{},{},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{},{:.6g},{:.6g},{:.6g},{},{:.6g},\"{}\"\n",
        c.n, c.kappa, c.dim, c.d, c.entry_bound, c.kappa_required, c.logit_radius_bound,
        c.exact_accuracy, c.flash_seconds, c.degree_needed, c.rank_needed, c.poly_seconds,
        c.poly_error, c.budget_degree, c.budget_accuracy, note);
  }
  return out;
}

}  // namespace sethkit
