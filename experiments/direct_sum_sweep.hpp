// The direct-sum experiment of Saha, Xu, Ye, Yu 2026 ("L layers of H heads
// cost L H N^(2-o(1)) under SETH"): time the reference transformer built by
// the 3-OV reduction (reductions/three_ov_to_transformer.hpp) on random 3-OV
// instances with D = dim_per_log * ceil(log2 N) coordinates,
//   series "lh": fixed N, K = L H over `lh`, each K laid out as one layer of
//                K heads and as K layers of one head;
//   series "n":  fixed L H = n_layers x n_heads, N over `n`.
// Each point is the median of `repeats` forward passes on `backend` (after
// one untimed warm-up pass); the
// decoded answer is checked against the bit-packed 3-OV solver, so every
// timed run computed the right thing. Least-squares slopes of log time
// against log(L H) and log N summarise the two series. A measured slope is a
// property of this implementation on this machine, not a lower bound.
#pragma once

#include "experiments/measurement.hpp"
#include "experiments/sweep_plan.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace sethkit {

struct DirectSumParams {
  std::size_t fixed_n = 4096;
  std::vector<std::size_t> lh = {1, 2, 4, 8, 16, 32, 64};
  std::size_t n_layers = 2, n_heads = 2;  // the fixed L H of the "n" series
  std::vector<std::size_t> n = {512, 1024, 2048, 4096, 8192, 16384};
  std::size_t dim_per_log = 4;  // D = dim_per_log * ceil(log2 N)
  std::string backend = "flash";
  int repeats = 3;
  std::uint64_t seed = 1;
};

struct DirectSumPoint {
  std::string series;  // "lh" or "n"
  std::size_t n = 0, layers = 0, heads = 0, lh = 0, d = 0;
  long width = 0;  // the model's m
  double seconds = 0, seconds_min = 0, seconds_max = 0;
  double seconds_per_head = 0;
  std::string decoded, truth;  // "yes" / "no" / "ambiguous"
  bool agree = false;
};

struct DirectSumFit {
  double slope_lh = 0;  // log time against log(L H), "lh" series
  double slope_n = 0;   // log time against log N, "n" series
};

using DirectSumProgress =
    std::function<void(const DirectSumPoint&, std::size_t done, std::size_t total)>;

// Throws ContractError on an empty series, N < 2, K = 0, repeats < 1 or an
// unknown backend; the reduction refuses instances beyond its limits.
class CellJournal;

// Every point in order; with a journal (core/cell_journal.hpp), points
// recorded there are reused and new ones recorded as they finish.
std::vector<DirectSumPoint> run_direct_sum(const DirectSumParams& params,
                                           const DirectSumProgress& progress = {},
                                           CellJournal* journal = nullptr);

// The whole grid and seed, as the journal's parameters.
nlohmann::json direct_sum_parameters(const DirectSumParams& params);

DirectSumFit fit_direct_sum(const std::vector<DirectSumPoint>& points);

std::string direct_sum_csv(const std::vector<DirectSumPoint>& points);
// The sweep's JSON record: the tool, the parameters, the fitted slopes, the
// number of disagreements and every point.
nlohmann::json direct_sum_json(const DirectSumParams& params,
                               const std::vector<DirectSumPoint>& points, const DirectSumFit& fit);

// The grid's cost before any work (experiments/sweep_plan.hpp).
SweepPlan direct_sum_plan(const DirectSumParams& params);

}  // namespace sethkit
