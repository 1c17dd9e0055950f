#include "experiments/transition_sweep.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <vector>

#include "attention/cost_model.hpp"
#include "attention/flash_backend.hpp"
#include "attention/poly_backend.hpp"
#include "attention/reference_check.hpp"
#include "attention/stats.hpp"
#include "attention/taylor.hpp"
#include "attention/taylor_kernel.hpp"
#include "core/error.hpp"
#include "instances/planted_gap_hamming.hpp"
#include "reductions/gap_hamming_to_attention.hpp"

#include <nlohmann/json.hpp>

#include "core/cell_journal.hpp"
#include "core/json_report.hpp"
#include "experiments/sweep_output.hpp"

namespace sethkit {

namespace {
// The rows' labels and decisions by the bare threshold rule (no tolerance
// check: below kappa_required the bounds overlap, and the experiment shows
// what happens). A NaN output decides nothing and counts as wrong.
struct Judge {
  std::vector<GapLabel> labels;
  double threshold = 0.5;

  // Fraction of labelled rows decided right; rows of `out` match `labels`.
  double accuracy(const Matrix& out) const {
    std::size_t judged = 0, right = 0;
    for (std::size_t i = 0; i < labels.size(); ++i) {
      if (labels[i] != GapLabel::kYes && labels[i] != GapLabel::kNo) continue;
      ++judged;
      const double y = out(static_cast<Eigen::Index>(i), 0);
      right += !std::isnan(y) && (y < threshold) == (labels[i] == GapLabel::kYes);
    }
    return judged == 0 ? 1.0 : static_cast<double>(right) / static_cast<double>(judged);
  }
};

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// max error relative to the largest reference entry; NaN anywhere gives +inf.
double relative_error(const Matrix& got, const Matrix& reference) {
  return linf_error(got, reference) / std::max(max_abs_entry(reference), 1e-300);
}

// Step 3: poly's error and decisions at every degree, through its kernel.
// Returns exact attention on the sampled rows (float64).
Matrix degree_search(const TransitionParams& p, const AttentionInstance& t, const Judge& sampled,
                     const std::vector<Eigen::Index>& idx, TransitionCell& cell) {
  const TaylorOutputs by =
      taylor_outputs_by_degree(take_rows(t.q, idx), t.k, t.v, t.scale, p.max_degree);
  cell.logit_radius = by.max_logit;
  const bool exact_right = sampled.accuracy(by.exact) == 1.0;
  for (int g = 0; g <= p.max_degree; ++g) {
    const Matrix& out = by.by_degree[static_cast<std::size_t>(g)];
    const double rank = feature_rank(cell.d, g);
    const double accuracy = sampled.accuracy(out);
    if (rank <= static_cast<double>(p.budget_rank)) {
      cell.budget_degree = g;
      cell.budget_accuracy = accuracy;
    }
    if (cell.degree_needed < 0) {
      const double error = relative_error(out, by.exact);
      if (error <= p.target_error) {
        cell.degree_needed = g;
        cell.rank_needed = rank;
        cell.error_at_degree = error;
      }
    }
    if (exact_right && cell.decode_degree < 0 && accuracy == 1.0) {
      cell.decode_degree = g;
      cell.decode_rank = rank;
    }
    if (cell.degree_needed >= 0 && (cell.decode_degree >= 0 || !exact_right) &&
        rank > static_cast<double>(p.budget_rank))
      break;  // every answer known
  }
  if (cell.degree_needed < 0)
    cell.note = fmt::format("no degree up to {} reaches the target error", p.max_degree);
  return by.exact;
}

// Step 4: poly itself at degree_needed, when its rank is within max_rank.
void run_poly(const TransitionParams& p, const AttentionInput& input, const Matrix& reference,
              const std::vector<Eigen::Index>& idx, TransitionCell& cell) {
  if (cell.degree_needed < 0) return;
  if (cell.rank_needed > static_cast<double>(p.max_rank)) {
    cell.note = fmt::format("poly not run: rank {:.3g} is above {}", cell.rank_needed, p.max_rank);
    return;
  }
  PolyParams pp;
  pp.degree = cell.degree_needed;
  pp.max_rank = p.max_rank;
  pp.require_guarantee = false;  // the degree was measured, not taken from the a-priori rule
  const PolyBackend poly(pp);
  const PolyPlan plan = poly.plan(input);
  if (!plan.ok) {
    cell.note = "poly not run: " + plan.reason;
    return;
  }
  const auto t0 = std::chrono::steady_clock::now();
  const AttentionOutput out = poly.run(input);
  cell.poly_seconds = seconds_since(t0);
  cell.poly_error = relative_error(take_rows(out.out, idx), reference);
}
}  // namespace

double feature_rank(long d, int degree) {
  const std::uint64_t exact =
      binomial(static_cast<std::uint64_t>(d + degree), static_cast<std::uint64_t>(degree));
  if (exact != std::numeric_limits<std::uint64_t>::max()) return static_cast<double>(exact);
  return std::exp(std::lgamma(static_cast<double>(d + degree) + 1) -
                  std::lgamma(static_cast<double>(degree) + 1) -
                  std::lgamma(static_cast<double>(d) + 1));
}

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(TransitionParams, log_n, kappas, seed, max_rank, budget_rank,
                                   max_degree, target_error, sample_rows)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(TransitionCell, n, kappa, dim, d, entry_bound, kappa_required,
                                   logit_radius, logit_radius_bound, exact_accuracy, flash_seconds,
                                   sampled_rows, degree_needed, rank_needed, error_at_degree,
                                   decode_degree, decode_rank, budget_degree, budget_accuracy,
                                   poly_seconds, poly_error, note)

nlohmann::json transition_parameters(const TransitionParams& params) {
  return params;
}

std::vector<TransitionCell> run_transition(
    const TransitionParams& p,
    const std::function<void(const TransitionCell&, std::size_t, std::size_t)>& progress,
    CellJournal* journal) {
  require(p.max_degree >= 0 && p.max_degree <= 100000,
          "transition sweep: max degree must lie in [0, 100000]");
  require(p.sample_rows >= 1, "transition sweep: at least one sampled row");
  std::vector<TransitionCell> cells;
  const std::size_t total = p.log_n.size() * p.kappas.size();
  for (int log_n : p.log_n)
    require(log_n >= 6 && log_n <= 20, "transition sweep: log2 n must lie in [6, 20]");
  for (std::size_t li = 0; li < p.log_n.size(); ++li) {
    const int log_n = p.log_n[li];
    const auto key = [&](std::size_t ki) {
      return fmt::format("{}/{}/{}/{}", li, log_n, ki, p.kappas[ki]);
    };
    // Another shard's cells are skipped (core/shard.hpp).
    bool all_recorded = journal != nullptr;
    for (std::size_t ki = 0; ki < p.kappas.size() && all_recorded; ++ki)
      all_recorded = not_this_shard(journal, key(ki)) || journal->find(key(ki)) != nullptr;
    if (all_recorded) {  // nothing of this n to compute: not even its instance
      for (std::size_t ki = 0; ki < p.kappas.size(); ++ki) {
        if (not_this_shard(journal, key(ki))) continue;
        cells.push_back(journal->find(key(ki))->get<TransitionCell>());
        if (progress) progress(cells.back(), cells.size(), total);
      }
      continue;
    }
    const long n = 1L << log_n;
    const long dim = 2L * log_n;
    // t = 1 and NO rows at distance >= dim / 8: the relative gap (eps t) / dim
    // = 1/8 - 1/dim changes smoothly with n.
    const double eps = static_cast<double>(dim) / 8 - 1;
    const auto gen =
        planted_gap_hamming({static_cast<std::size_t>(n), static_cast<std::size_t>(dim), 1, eps,
                             0.5, 50, p.seed + static_cast<std::uint64_t>(log_n)});
    const GapHamming& g = gen.instance;
    const double sqrt_ln_n = std::sqrt(std::log(static_cast<double>(n)));
    const double kappa_required = GapHammingToAttention().certificate(g).s / sqrt_ln_n;
    const auto rows = static_cast<Eigen::Index>(g.points.n_a());
    const std::vector<Eigen::Index> idx =
        evenly_spaced_rows(rows, static_cast<std::size_t>(p.sample_rows));
    Judge all{g.labels, 0.5}, sampled{{}, 0.5};
    for (Eigen::Index i : idx) sampled.labels.push_back(g.labels[static_cast<std::size_t>(i)]);

    for (std::size_t ki = 0; ki < p.kappas.size(); ++ki) {
      if (not_this_shard(journal, key(ki))) continue;
      const double kappa = p.kappas[ki];
      cells.push_back(journaled<TransitionCell>(journal, key(ki), [&] {
        TransitionCell cell;
        cell.n = n;
        cell.kappa = kappa;
        cell.dim = dim;
        cell.d = 4 * dim;
        cell.kappa_required = kappa_required;
        cell.sampled_rows = static_cast<long>(idx.size());
        const AttentionInstance t =
            GapHammingToAttention().encode_at_magnitude(g, kappa * sqrt_ln_n);
        const AttentionInput input{t.q, t.k, t.v, t.scale};
        all.threshold = sampled.threshold = t.certificate.threshold;
        cell.entry_bound = t.certificate.entry_bound;
        cell.logit_radius_bound = logit_radius_bound(input);

        const auto t0 = std::chrono::steady_clock::now();
        const AttentionOutput exact = FlashBackend(FlashBackend::Precision::kFloat32).run(input);
        cell.flash_seconds = seconds_since(t0);
        cell.exact_accuracy = all.accuracy(exact.out.topRows(rows));

        const Matrix reference = degree_search(p, t, sampled, idx, cell);
        run_poly(p, input, reference, idx, cell);
        return cell;
      }));
      if (progress) progress(cells.back(), cells.size(), total);
    }
  }
  return cells;
}

std::string transition_csv(const std::vector<TransitionCell>& cells) {
  std::string out =
      "n,kappa,dim,d,B,kappa_required,R,R_bound,exact_accuracy,flash_s,sampled_rows,"
      "degree_needed,rank_needed,error_at_degree,decode_degree,decode_rank,budget_degree,"
      "budget_accuracy,poly_s,poly_error,note\n";
  for (const auto& c : cells) {
    std::string note = c.note;
    std::replace(note.begin(), note.end(), ',', ';');
    std::replace(note.begin(), note.end(), '"', '\'');
    const bool found = c.degree_needed >= 0, decoded = c.decode_degree >= 0;
    out += fmt::format(
        "{},{},{},{},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{},{},{},{},{},{},{},{},{},{},\"{}"
        "\"\n",
        c.n, c.kappa, c.dim, c.d, c.entry_bound, c.kappa_required, c.logit_radius,
        c.logit_radius_bound, c.exact_accuracy, c.flash_seconds, c.sampled_rows,
        csv_or_empty(c.degree_needed, found, 0), csv_or_empty(c.rank_needed, found),
        csv_or_empty(c.error_at_degree, found), csv_or_empty(c.decode_degree, decoded, 0),
        csv_or_empty(c.decode_rank, decoded),
        csv_or_empty(c.budget_degree, c.budget_degree >= 0, 0),
        csv_or_empty(c.budget_accuracy, c.budget_accuracy >= 0),
        csv_or_empty(c.poly_seconds, c.poly_seconds >= 0),
        csv_or_empty(c.poly_error, c.poly_error >= 0), note);
  }
  return out;
}

nlohmann::json transition_json(const TransitionParams& params,
                               const std::vector<TransitionCell>& cells) {
  nlohmann::json doc = {{"tool", tool_json()},
                        {"experiment", "transition"},
                        {"seed", params.seed},
                        {"budget_rank", params.budget_rank},
                        {"max_rank", params.max_rank},
                        {"target_error", params.target_error},
                        {"max_degree", params.max_degree},
                        {"sample_rows", params.sample_rows}};
  doc["cells"] = nlohmann::json::array();
  for (const auto& c : cells)
    doc["cells"].push_back(
        {{"n", c.n},
         {"kappa", c.kappa},
         {"dim", c.dim},
         {"d", c.d},
         {"B", c.entry_bound},
         {"kappa_required", c.kappa_required},
         {"R", c.logit_radius},
         {"R_bound", c.logit_radius_bound},
         {"exact_accuracy", c.exact_accuracy},
         {"flash_s", c.flash_seconds},
         {"sampled_rows", c.sampled_rows},
         {"degree_needed", json_or_null(c.degree_needed, c.degree_needed >= 0)},
         {"rank_needed", json_or_null(c.rank_needed, c.degree_needed >= 0)},
         {"error_at_degree", json_or_null(c.error_at_degree, c.degree_needed >= 0)},
         {"decode_degree", json_or_null(c.decode_degree, c.decode_degree >= 0)},
         {"decode_rank", json_or_null(c.decode_rank, c.decode_degree >= 0)},
         {"budget_degree", json_or_null(c.budget_degree, c.budget_degree >= 0)},
         {"budget_accuracy", json_or_null(c.budget_accuracy, c.budget_accuracy >= 0)},
         {"poly_s", json_or_null(c.poly_seconds, c.poly_seconds >= 0)},
         {"poly_error", json_or_null(c.poly_error, c.poly_error >= 0)},
         {"note", c.note}});
  return doc;
}

// The plan: flash on every cell (its n x n attention in head dimension
// d = 8 log2 n) at the measured rate, times what the whole default grid
// measured against that figure (170 s against 127 s: poly, the Taylor kernel's
// degree search and the instances add about a third).
SweepPlan transition_plan(const TransitionParams& p) {
  constexpr double kMeasuredOverEstimate = 1.34;
  constexpr double kPolyWorkingBytes = 48.0 * (1 << 20);  // feature blocks and Z
  SweepPlan plan;
  plan.sweep = "transition";
  plan.basis = "flash on every cell, scaled by the default grid's measured time";
  for (int log_n : p.log_n) {
    const double n = std::ldexp(1.0, log_n), dim = 2.0 * log_n, d = 4 * dim;
    plan.cells += p.kappas.size();
    plan.seconds += static_cast<double>(p.kappas.size()) *
                    estimated_attention_seconds(n + 1, n + 1, d, 1, "flash") *
                    kMeasuredOverEstimate;
    // Float64 Q, K, V and output, flash's float32 copies, the 0/1 points.
    const double bytes = attention_bytes(n + 1, n + 1, d, 1) + 4 * (2 * (n + 1) * d) + 2 * n * dim +
                         kPolyWorkingBytes;
    if (bytes > plan.bytes) {
      plan.bytes = bytes;
      plan.largest = fmt::format("n = {}, d = {}", format_count(n), d);
    }
  }
  return plan;
}

}  // namespace sethkit
