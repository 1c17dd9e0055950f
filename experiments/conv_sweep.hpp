// The conv-basis experiment (Liang et al., "Conv-Basis", 2024;
// docs/experiments/conv_basis.md): time and error of the `conv` backend against
// exact causal attention (`flash`, float32) over n, on
//   "structured": gated sinusoids with 4 bases at columns 0, n/8, n/2, 7n/8
//     (d = 8): exactly 4-conv, so conv should be exact and O(k n d log n);
//   "random": uniform entries in [-1, 1], d = 8, scale 1/8 (logits <= 1):
//     unstructured but tame, n over hard_n; k = n, conv runs and is exact to
//     rounding, at O(n^2 log n) cost;
//   "hard": the causal attention of the OV -> attention reduction's Q and K
//     (Alman-Song C2 with its sink; a random OV instance with n - 1 vectors
//     per side in dimension 2 log2 n, so n queries and n keys): unstructured,
//     k grows to about n and conv loses its advantage. Its budget is k_max = n,
//     so it runs instead of refusing, and its window is the whole column (the
//     recovery then reads O(n^2 d) entries).
// The error is measured on sampled rows against exact causal attention in
// double, computed directly for those rows. Timings are one run each. A
// refusal by conv (its FFT rounding bound reaching a row sum, say) is a
// result, recorded with the time spent until then.
#pragma once

#include "experiments/sweep_plan.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace sethkit {

struct ConvSweepParams {
  std::vector<long> structured_n = {1024, 2048, 4096, 8192, 16384, 32768, 65536};
  std::vector<long> hard_n = {256, 512, 1024, 2048, 4096};
  long d_v = 8;
  long sample_rows = 256;
  std::uint64_t seed = 1;
};

struct ConvSweepPoint {
  std::string series;  // "structured", "random" or "hard"
  long n = 0, d = 0, d_v = 0;
  long k = 0;  // conv bases found
  double conv_seconds = 0, flash_seconds = 0;
  double conv_error = 0;   // max over sampled rows against exact double attention
  double flash_error = 0;  // the same for flash (float32)
  double conv_bound = 0;   // conv's reported error bound
  std::uint64_t window_reads = 0;
  std::string note;  // "refused: <reason>" when conv refused (error and bound are then NaN)
};

using ConvSweepProgress =
    std::function<void(const ConvSweepPoint&, std::size_t done, std::size_t total)>;

class CellJournal;

// Every point in order; with a journal (core/cell_journal.hpp), points
// recorded there are reused and new ones recorded as they finish.
std::vector<ConvSweepPoint> run_conv_sweep(const ConvSweepParams& params,
                                           const ConvSweepProgress& progress = {},
                                           CellJournal* journal = nullptr);

// The whole grid and seed, as the journal's parameters.
nlohmann::json conv_sweep_parameters(const ConvSweepParams& params);

std::string conv_sweep_csv(const std::vector<ConvSweepPoint>& points);
// The sweep's JSON record: the tool, the parameters and every point.
nlohmann::json conv_sweep_json(const ConvSweepParams& params,
                               const std::vector<ConvSweepPoint>& points);

// The grid's cost before any work (experiments/sweep_plan.hpp).
SweepPlan conv_sweep_plan(const ConvSweepParams& params);

}  // namespace sethkit
