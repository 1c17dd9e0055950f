// The phase-transition experiment of Alman & Song (NeurIPS 2023): attention is
// near-linear for entries B = o(sqrt(log n)) and needs n^(2-o(1)) time under
// SETH at B = Theta(sqrt(log n)). For each n and kappa = B / sqrt(ln n):
//   1. a planted Gap-Hamming instance (dim = 2 log2 n, t = 1, NO rows at
//      distance >= dim / 8, i.e. eps = dim/8 - 1; half the rows YES) encoded by
//      the one-sink construction with its entry bound forced to
//      B = s = kappa sqrt(ln n) (the sink clamped to s);
//   2. the hardness side: the exact oracle (`flash`, every row) decides each
//      row by the threshold rule; its accuracy against the brute-force labels.
//      The construction separates YES from NO only above kappa_required;
//   3. the upper-bound side: poly's output at every Taylor degree g on sampled
//      rows, through its kernel (attention/taylor_kernel.hpp: the same output
//      poly computes with rank C(d + g, g), at any rank):
//      - the smallest g whose max error against float64 attention, relative
//        to the largest output entry, is at most `target_error`, and its rank;
//      - the smallest g whose decisions are right on every sampled row (only
//        where the exact oracle's are), and its rank;
//      - the decisions' accuracy at the largest g within a fixed rank budget;
//   4. `poly` itself at the first degree, where its rank is within `max_rank`:
//      its time beside `flash` and its measured error.
// Output: one record per cell (CSV and JSON). Figures: scripts/plot_transition.py.
#pragma once

#include "experiments/sweep_plan.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace sethkit {

struct TransitionParams {
  std::vector<int> log_n = {8, 9, 10, 11, 12, 13, 14, 15, 16};
  std::vector<double> kappas = {0.25, 0.5, 1, 2, 4, 8, 16};
  std::uint64_t seed = 1;
  std::uint64_t max_rank = 1u << 20;     // poly is run (step 4) up to this rank
  std::uint64_t budget_rank = 1u << 15;  // the fixed budget of step 3
  int max_degree = 2000;                 // the degree search of step 3 stops here
  double target_error = 1e-3;            // wanted max error relative to max |output|
  long sample_rows = 512;                // query rows of step 3 (all rows when fewer)
};

struct TransitionCell {
  long n = 0;
  double kappa = 0;
  long dim = 0, d = 0;            // Gap-Hamming dimension; attention head dimension 4 dim
  double entry_bound = 0;         // B = s (at least 1: V holds a 1)
  double kappa_required = 0;      // where the construction starts to separate YES from NO
  double logit_radius = 0;        // R: max |logit| over the sampled rows
  double logit_radius_bound = 0;  // R': poly's O(n d) bound
  double exact_accuracy = 0;      // flash's decisions against the labels, every row
  double flash_seconds = 0;
  long sampled_rows = 0;
  int degree_needed = -1;       // smallest g reaching target_error (-1: none up to max_degree)
  double rank_needed = 0;       // C(d + g, g) at degree_needed
  double error_at_degree = 0;   // the relative error reached at degree_needed
  int decode_degree = -1;       // smallest g deciding every sampled row right (-1: none, or the
                                // exact oracle itself errs on the sample)
  double decode_rank = 0;       // C(d + g, g) at decode_degree
  int budget_degree = -1;       // largest g with C(d + g, g) <= budget_rank
  double budget_accuracy = -1;  // decisions at budget_degree against the labels, sampled rows
  double poly_seconds = -1;     // step 4 (-1: not run, see note)
  double poly_error = -1;       // step 4's max error relative to max |output|
  std::string note;             // why step 4 did not run, or why no degree was found
};

class CellJournal;

// Runs every cell in order; `progress` (may be empty) is told each finished
// cell. With a journal (core/cell_journal.hpp), cells recorded there
// are reused (an n whose cells are all recorded is not even generated) and new
// ones recorded as they finish.
std::vector<TransitionCell> run_transition(
    const TransitionParams& params,
    const std::function<void(const TransitionCell&, std::size_t, std::size_t)>& progress,
    CellJournal* journal = nullptr);

// The whole grid and seed, as the journal's parameters.
nlohmann::json transition_parameters(const TransitionParams& params);

std::string transition_csv(const std::vector<TransitionCell>& cells);
// The sweep's JSON record: the tool, the parameters and every cell.
nlohmann::json transition_json(const TransitionParams& params,
                               const std::vector<TransitionCell>& cells);

// C(d + g, g) as a double (beyond 2^64 through lgamma).
double feature_rank(long d, int degree);

// The grid's cost before any work (experiments/sweep_plan.hpp).
SweepPlan transition_plan(const TransitionParams& params);

}  // namespace sethkit
