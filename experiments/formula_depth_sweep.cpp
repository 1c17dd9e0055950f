#include "experiments/formula_depth_sweep.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "attention/naive_backend.hpp"
#include "core/cell_journal.hpp"
#include "core/error.hpp"
#include "core/json_report.hpp"
#include "core/rng.hpp"
#include "experiments/sweep_output.hpp"
#include "instances/formula_families.hpp"
#include "reductions/formula_transformer.hpp"

namespace sethkit {

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(FormulaDepthSweepParams, kinds, shapes, depths, max_layers,
                                   count, max_tokens, p, p_not, attention, seed)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(FormulaDepthCell, kind, shape, depth, formulas, tokens,
                                   min_full_depth, max_full_depth, label_zero, right, unknown,
                                   unknown_zero, wrong, within, note)

nlohmann::json formula_depth_sweep_parameters(const FormulaDepthSweepParams& params) {
  return params;
}

namespace {
// The generator's parameters for a cell: a random shape gets 2D leaves
// (between D + 1 and 2^D), so its depth is exactly D without being balanced.
FormulaParams cell_formula(const FormulaDepthSweepParams& p, const std::string& kind,
                           const std::string& shape, int depth) {
  FormulaParams f;
  f.kind = kind == "boolean" ? FormulaKind::kBoolean : FormulaKind::kArithmetic;
  f.shape = shape == "balanced" ? FormulaShape::kBalanced
            : shape == "random" ? FormulaShape::kRandom
                                : FormulaShape::kCaterpillar;
  f.depth = depth;
  if (f.shape == FormulaShape::kRandom)
    f.leaves =
        std::min<std::uint64_t>(std::uint64_t{1} << depth, 2 * static_cast<std::uint64_t>(depth));
  f.p = p.p;
  f.p_not = p.p_not;
  return f;
}

FormulaDepthCell run_cell(const FormulaDepthSweepParams& p, const std::string& kind,
                          const std::string& shape, int depth, std::uint64_t seed) {
  FormulaDepthCell cell;
  cell.kind = kind;
  cell.shape = shape;
  cell.depth = depth;
  const auto layers = static_cast<std::size_t>(p.max_layers);
  for (auto* v : {&cell.right, &cell.unknown, &cell.unknown_zero, &cell.wrong, &cell.within})
    v->assign(layers, 0);
  const FormulaParams params = cell_formula(p, kind, shape, depth);
  const FormulaSize size = formula_size(params);
  if (2 * static_cast<double>(size.leaves) - 1 > static_cast<double>(p.max_tokens)) {
    cell.note = fmt::format("skipped: {} leaves make more than {} tokens (--max-tokens)",
                            size.leaves, p.max_tokens);
    return cell;
  }
  const FormulaAlgebra algebra = params.kind == FormulaKind::kBoolean
                                     ? FormulaAlgebra::boolean_values()
                                     : FormulaAlgebra::modular(params.p);
  Rng rng(seed);
  std::vector<Formula> formulas;
  for (int i = 0; i < p.count; ++i)
    formulas.push_back(generate_formula(params, static_cast<std::uint64_t>(i) % algebra.p, rng));
  long longest = 0;
  for (const Formula& f : formulas)
    longest = std::max(longest, static_cast<long>(f.leaves + f.operators));
  if (longest > p.max_tokens) {
    cell.note = fmt::format("skipped: a formula has {} tokens, above --max-tokens {}", longest,
                            p.max_tokens);
    return cell;
  }
  const FormulaTransformer one_layer(
      algebra, 1, longest,
      p.attention == "softmax" ? AttentionKind::kSoftmax : AttentionKind::kHardmax,
      p.attention == "softmax"
          ? FormulaTransformer::stated_beta(algebra, p.max_layers, std::max(longest, 4L))
          : 0);
  const NaiveBackend naive;
  cell.formulas = p.count;
  cell.tokens = longest;
  cell.min_full_depth = 1 << 30;
  int zeros = 0;
  for (const Formula& f : formulas) {
    const FormulaTokens t = one_layer.lay_out(f.postfix);
    cell.min_full_depth = std::min(cell.min_full_depth, t.depth);
    cell.max_full_depth = std::max(cell.max_full_depth, t.depth);
    zeros += f.value == 0 ? 1 : 0;
    Matrix x = t.x;
    for (std::size_t l = 0; l < layers; ++l) {  // the layers are identical
      x = transformer_forward(one_layer.model(), x, naive);
      const auto root = one_layer.read_root(x);
      if (!root) {
        ++cell.unknown[l];
        cell.unknown_zero[l] += f.value == 0 ? 1 : 0;
      } else {
        ++(*root == f.value ? cell.right[l] : cell.wrong[l]);
      }
      cell.within[l] += t.depth <= static_cast<int>(l + 1) ? 1 : 0;
    }
  }
  cell.label_zero = static_cast<double>(zeros) / p.count;
  return cell;
}

double accuracy(const FormulaDepthCell& c, std::size_t l) {
  return c.formulas ? static_cast<double>(c.right[l] + c.unknown_zero[l]) / c.formulas : 0;
}
}  // namespace

void require_valid_formula_depth_sweep(const FormulaDepthSweepParams& p) {
  require(p.max_layers >= 1 && p.max_layers <= 64, "formula-depth sweep: layers in [1, 64]");
  require(p.count >= 1 && p.count <= 100000, "formula-depth sweep: count in [1, 100000]");
  require(p.max_tokens >= 4 && p.max_tokens <= 16384,
          "formula-depth sweep: --max-tokens in [4, 16384] (dense hardmax scores)");
  for (const std::string& k : p.kinds)
    require(k == "boolean" || k == "arithmetic",
            fmt::format("formula-depth sweep: kind '{}'; expected boolean or arithmetic", k));
  for (const std::string& s : p.shapes)
    require(s == "balanced" || s == "random" || s == "caterpillar",
            fmt::format("formula-depth sweep: shape '{}'; expected balanced, random or "
                        "caterpillar",
                        s));
  for (int d : p.depths) require(d >= 1 && d <= 24, "formula-depth sweep: depths in [1, 24]");
  require(p.attention == "hardmax" || p.attention == "softmax",
          "formula-depth sweep: attention hardmax or softmax");
  require(p.p < 64, "formula-depth sweep: the modulus must be a prime below 64");
  if (std::find(p.kinds.begin(), p.kinds.end(), "arithmetic") != p.kinds.end())
    (void)FormulaAlgebra::modular(p.p);
}

std::vector<FormulaDepthCell> run_formula_depth_sweep(const FormulaDepthSweepParams& p,
                                                      const FormulaDepthProgress& progress,
                                                      CellJournal* journal) {
  require_valid_formula_depth_sweep(p);
  const std::size_t total = p.kinds.size() * p.shapes.size() * p.depths.size();
  std::vector<FormulaDepthCell> cells;
  std::uint64_t seed = p.seed;
  for (const std::string& kind : p.kinds)
    for (const std::string& shape : p.shapes)
      for (int depth : p.depths) {
        const std::uint64_t s = seed++;
        const std::string key = fmt::format("{}/{}/{}", kind, shape, depth);
        if (not_this_shard(journal, key)) continue;
        cells.push_back(journaled<FormulaDepthCell>(
            journal, key, [&] { return run_cell(p, kind, shape, depth, s); }));
        if (progress) progress(cells.back(), cells.size(), total);
      }
  return cells;
}

std::string formula_depth_sweep_csv(const std::vector<FormulaDepthCell>& cells) {
  std::string csv =
      "kind,shape,depth,layers,formulas,tokens,min_full_depth,max_full_depth,right,unknown,"
      "unknown_zero,wrong,within,accuracy,label_zero,note\n";
  for (const FormulaDepthCell& c : cells)
    for (std::size_t l = 0; l < c.right.size(); ++l)
      csv += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{:.4f},{:.4f},\"{}\"\n", c.kind,
                         c.shape, c.depth, l + 1, c.formulas, c.tokens, c.min_full_depth,
                         c.max_full_depth, c.right[l], c.unknown[l], c.unknown_zero[l], c.wrong[l],
                         c.within[l], accuracy(c, l), c.label_zero, c.note);
  return csv;
}

nlohmann::json formula_depth_sweep_json(const FormulaDepthSweepParams& params,
                                        const std::vector<FormulaDepthCell>& cells) {
  nlohmann::json rows = nlohmann::json::array();
  for (const FormulaDepthCell& c : cells) {
    nlohmann::json accuracies = nlohmann::json::array();
    for (std::size_t l = 0; l < c.right.size(); ++l) accuracies.push_back(accuracy(c, l));
    nlohmann::json row = c;
    row["accuracy"] = accuracies;
    rows.push_back(row);
  }
  return {{"tool", tool_json()},
          {"experiment", "formula-depth"},
          {"parameters", params},
          {"cells", rows}};
}

// The plan: per formula, max_layers layers of two heads, each forming the
// n x n scores, their hardmax and P V (about 30 ns an entry with the
// allocations, measured over the default grid: 113 s).
SweepPlan formula_depth_sweep_plan(const FormulaDepthSweepParams& p) {
  constexpr double kSecondsPerScore = 3e-8;
  SweepPlan plan;
  plan.sweep = "formula-depth";
  plan.basis = "two n x n score matrices a layer for every formula";
  for (const std::string& kind : p.kinds)
    for (const std::string& shape : p.shapes)
      for (int depth : p.depths) {
        ++plan.cells;
        const FormulaSize size = formula_size(cell_formula(p, kind, shape, depth));
        // NOT gates add about p_not per node: tokens ~ (2 leaves - 1)(1 + p_not).
        const double n = std::min(
            static_cast<double>(p.max_tokens),
            (2.0 * static_cast<double>(size.leaves) - 1) * (kind == "boolean" ? 1 + p.p_not : 1.0));
        if (2.0 * static_cast<double>(size.leaves) - 1 > static_cast<double>(p.max_tokens))
          continue;
        plan.seconds += p.count * p.max_layers * 2 * n * n * kSecondsPerScore;
        const double bytes = 3 * 8 * n * n;
        if (bytes > plan.bytes) {
          plan.bytes = bytes;
          plan.largest = fmt::format("{} {}, D = {}, about {:.0f} tokens", kind, shape, depth, n);
        }
      }
  return plan;
}

}  // namespace sethkit
