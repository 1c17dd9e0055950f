// The depth staircase (docs/experiments/formula_depth.md): the formula
// transformer of reductions/formula_transformer.hpp, run layer by layer, on
// the generator's formulas (Chen, Li, Liang, Long, Shi, Song, "Circuit
// Complexity Bounds for RoPE-based Transformer Architecture", 2024: constant
// depth cannot evaluate formulas unless TC0 = NC1). For each kind, shape and
// binary depth D, `count` formulas with balanced labels; for every
// L = 1 .. max_layers the roots read after layer L: right, unknown (the
// answer is then the fixed default 0, so an unknown root counts as right
// exactly when the label is 0: the majority-label rate of balanced labels),
// wrong. Accuracy = (right + unknown with label 0) / formulas. The layers are identical, so the
// output after layer L of one max_layers-layer run is the output of the L-layer model.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "experiments/sweep_plan.hpp"

namespace sethkit {

struct FormulaDepthSweepParams {
  std::vector<std::string> kinds = {"boolean", "arithmetic"};
  std::vector<std::string> shapes = {"balanced", "random", "caterpillar"};
  std::vector<int> depths = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14};
  int max_layers = 10;
  int count = 16;          // formulas per cell
  long max_tokens = 2048;  // longer formulas are skipped (dense hardmax: n x n scores)
  std::uint64_t p = 11;    // arithmetic modulus
  double p_not = 0.2;      // Boolean: the generator's NOT probability
  std::string attention = "hardmax";
  std::uint64_t seed = 1;
};

// One (kind, shape, D) cell: per layer count L = 1 .. max_layers (index L - 1).
struct FormulaDepthCell {
  std::string kind, shape;
  int depth = 0;                               // the generator's binary depth D
  int formulas = 0;                            // 0 when skipped
  long tokens = 0;                             // the longest formula's tokens
  int min_full_depth = 0, max_full_depth = 0;  // depth with NOT levels
  double label_zero = 0;  // fraction of labels 0: the rate of an unknown root's default
  // Per L: known and right, unknown (with label 0 among them), known and
  // wrong, and the formulas of full depth <= L.
  std::vector<int> right, unknown, unknown_zero, wrong, within;
  std::string note;  // why the cell was skipped
};

using FormulaDepthProgress =
    std::function<void(const FormulaDepthCell&, std::size_t done, std::size_t total)>;

class CellJournal;

// ContractError naming the first parameter out of range (the CLI asks before
// it makes any file).
void require_valid_formula_depth_sweep(const FormulaDepthSweepParams& params);

std::vector<FormulaDepthCell> run_formula_depth_sweep(const FormulaDepthSweepParams& params,
                                                      const FormulaDepthProgress& progress = {},
                                                      CellJournal* journal = nullptr);

nlohmann::json formula_depth_sweep_parameters(const FormulaDepthSweepParams& params);

// One CSV line per (cell, L); the JSON record with every cell.
std::string formula_depth_sweep_csv(const std::vector<FormulaDepthCell>& cells);
nlohmann::json formula_depth_sweep_json(const FormulaDepthSweepParams& params,
                                        const std::vector<FormulaDepthCell>& cells);

SweepPlan formula_depth_sweep_plan(const FormulaDepthSweepParams& params);

}  // namespace sethkit
