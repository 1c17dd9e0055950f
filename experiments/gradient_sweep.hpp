// The gradient experiment (docs/experiments/gradient.md): the two sides of
// the threshold of Alman & Song's sequel ("The Fine-Grained Complexity of
// Gradient Computation for Training Large Language Models", NeurIPS 2024)
// for the gradient of one attention layer.
//   "time": at small entries (d = d_v = 8, Q, K, V and dO uniform in [-1, 1],
//     scale 1/8, so every |logit| <= 1), the seconds of `flash`'s forward and
//     backward pass (float32, the FlashAttention-2 backward, quadratic) and of
//     `poly`'s (the polynomial method's gradient, almost linear), over n, with
//     poly's degree, rank, guaranteed bound and both gradients' measured error
//     on sampled rows against float64; slopes of log time against log n.
//   "decode": the OV -> attention-gradient reduction
//     (reductions/ov_to_attention_gradient.hpp, derived for sethkit) on
//     instances with N vectors a side in dimension m = 2 log2 N, half of the
//     rows given an orthogonal partner, the gadget's magnitude forced to
//     s = kappa sqrt(ln n) (n = N + 1 keys); each row decided by the
//     certificate's threshold from an exact float64 backward pass (`flash64`)
//     and from float32 `flash`, against brute-force labels. The proof's own
//     magnitude is kappa_required = s / sqrt(ln n); it grows like sqrt(log n)
//     because OV's dimension is Theta(log n) (docs/reductions/ov_to_attention_gradient.md).
// Output: one record per point and cell (CSV and JSON), the slopes in the
// JSON. Figure: scripts/plot_gradient.py.
#pragma once

#include "experiments/sweep_plan.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace sethkit {

struct GradientSweepParams {
  std::vector<int> time_log_n = {10, 11, 12, 13, 14, 15, 16};
  std::vector<int> decode_log_n = {6, 8, 10, 12, 14};  // log2 N, N vectors a side
  std::vector<double> kappas = {0.5, 1, 2, 4, 6, 8, 12, 16, 32};
  double target_error = 1e-3;  // poly's (its degree rule, as the forward pass)
  long sample_rows = 64;       // gradient rows checked against float64
  int repeats = 1;             // timed runs per point (median)
  std::uint64_t seed = 1;
};

struct GradientTimePoint {
  long n = 0, d = 0, d_v = 0;
  double flash_forward_seconds = 0, flash_backward_seconds = 0;
  double poly_forward_seconds = -1, poly_backward_seconds = -1;  // -1: poly refused (note)
  int poly_degree = -1;
  double poly_rank = -1;
  double poly_bound = -1;  // poly's guaranteed max entrywise gradient error
  double poly_error = -1;  // measured on sampled rows against float64
  double flash_error = 0;  // the same for flash (float32)
  std::string note;
};

struct GradientDecodeCell {
  long vectors = 0;  // N, vectors a side
  long m = 0;        // OV dimension; the head dimension is m + 1
  long n_keys = 0;   // N + 1 (the sink)
  double kappa = 0;
  double s = 0;                // the forced magnitude kappa sqrt(ln n_keys)
  double kappa_required = 0;   // the proof's magnitude over sqrt(ln n_keys)
  double logit_radius = 0;     // max |logit| the certificate bounds (beta times a weight)
  double threshold = 0;        // the certificate's decision threshold on y_i
  double tolerated_error = 0;  // on y_i; <= 0 where the bounds overlap
  long yes_rows = 0, no_rows = 0;
  double exact_accuracy = 0;                   // flash64's decisions against the labels, every row
  double float32_accuracy = 0;                 // flash's (float32)
  double max_yes_value = 0, min_no_value = 0;  // y_i from flash64 over YES / NO rows
  double exact_seconds = 0;                    // flash64's forward and backward pass
};

struct GradientSweepResult {
  std::vector<GradientTimePoint> time;
  std::vector<GradientDecodeCell> decode;
};

// Slopes of log time against log n over the time points (NaN with fewer than
// two): flash's backward, poly's backward, poly's forward plus backward.
struct GradientSlopes {
  double flash_backward = 0, poly_backward = 0, poly_gradient = 0;
};

using GradientSweepProgress =
    std::function<void(const std::string& line, std::size_t done, std::size_t total)>;

class CellJournal;

// ContractError naming the bad parameter (a log2 n outside its range, a
// kappa not positive, ...); run_gradient_sweep calls it first.
void require_valid_gradient_sweep(const GradientSweepParams& params);

// Every point, then every cell, in order; with a journal
// (core/cell_journal.hpp), entries recorded there are reused and new ones
// recorded as they finish.
GradientSweepResult run_gradient_sweep(const GradientSweepParams& params,
                                       const GradientSweepProgress& progress = {},
                                       CellJournal* journal = nullptr);

GradientSlopes gradient_slopes(const std::vector<GradientTimePoint>& time);

// The whole grid and seed, as the journal's parameters.
nlohmann::json gradient_sweep_parameters(const GradientSweepParams& params);

// One CSV: the "time" rows, then the "decode" rows, one header for both
// (a column a row does not have is empty).
std::string gradient_sweep_csv(const GradientSweepResult& result);
// The sweep's JSON record: the tool, the parameters, the slopes, `time` and `decode`.
nlohmann::json gradient_sweep_json(const GradientSweepParams& params,
                                   const GradientSweepResult& result);

// The grid's cost before any work (experiments/sweep_plan.hpp).
SweepPlan gradient_sweep_plan(const GradientSweepParams& params);

}  // namespace sethkit
