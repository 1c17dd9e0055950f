// The phase-transition experiment of Alman & Song (NeurIPS 2023): attention is
// near-linear for entries B = o(sqrt(log n)) and needs n^(2-o(1)) time under
// SETH at B = Theta(sqrt(log n)). For each n and kappa = B / sqrt(ln n):
//   1. a planted Gap-Hamming instance (dim = 2 log2 n, t = max(1, dim/16),
//      eps = 1, half the rows YES) encoded by the one-sink construction with its
//      entry bound forced to B = s = kappa sqrt(ln n) (the sink clamped to s);
//   2. the exact oracle (`flash`): its decisions (out < threshold) and their
//      accuracy against the brute-force labels; the construction separates YES
//      from NO only above kappa_required = s_rule / sqrt(ln n);
//   3. the upper-bound side: `poly` with Taylor degree g = 0, 1, 2, ... until
//      its measured max error against float64 attention (sampled rows),
//      relative to the largest output entry, is at most `target_error`, within
//      the rank budget and poly's R' <= 10 rule:
//      the degree, rank C(d + g, g), time against `flash`, and error;
//   4. `poly` at the largest degree within a fixed rank budget: the accuracy of
//      its decisions against the labels.
// Output: one record per cell (CSV and JSON). Figures: scripts/plot_transition.py.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace sethkit {

struct TransitionParams {
  std::vector<int> log_n = {8, 9, 10, 11, 12, 13, 14};
  std::vector<double> kappas = {0.25, 0.5, 1, 2, 4, 8, 16};
  std::uint64_t seed = 1;
  std::uint64_t max_rank = 1u << 20;     // the degree search stops above this rank
  std::uint64_t budget_rank = 1u << 15;  // the fixed budget of step 4
  int max_degree = 16;
  double target_error = 1e-3;  // step 3: wanted max error relative to max |output|
  long sample_rows = 256;      // rows for poly's measured error against flash64
};

struct TransitionCell {
  long n = 0;
  double kappa = 0;
  long dim = 0, d = 0;            // Gap-Hamming dimension; attention head dimension 4 dim
  double entry_bound = 0;         // B = s
  double kappa_required = 0;      // where the construction starts to separate YES from NO
  double logit_radius_bound = 0;  // R' of the instance
  double exact_accuracy = 0;      // exact oracle's decisions against the labels
  double flash_seconds = 0;
  int degree_needed = -1;   // -1: not reached within the budget
  double rank_needed = 0;   // C(d + g, g) at degree_needed
  double poly_seconds = 0;  // at degree_needed
  double poly_error =
      0;  // max error / max |output| against flash64 (sampled rows), at degree_needed
  int budget_degree = -1;       // largest degree with rank <= budget_rank (-1: none allowed)
  double budget_accuracy = -1;  // poly's accuracy at budget_degree (-1: refused)
  std::string note;             // why the degree search stopped
};

// Runs every cell in order; `progress` (may be empty) is told each finished cell.
std::vector<TransitionCell> run_transition(
    const TransitionParams& params,
    const std::function<void(const TransitionCell&, std::size_t, std::size_t)>& progress);

std::string transition_csv(const std::vector<TransitionCell>& cells);

}  // namespace sethkit
