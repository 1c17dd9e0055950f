#include "cli/explain_formula.hpp"

#include <fmt/format.h>

#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "attention/naive_backend.hpp"
#include "core/rng.hpp"
#include "instances/formula_families.hpp"
#include "reductions/formula_transformer.hpp"

namespace sethkit::cli {

namespace {
std::vector<std::string> tokens_of(const std::string& postfix) {
  std::vector<std::string> out;
  std::istringstream in(postfix);
  for (std::string t; in >> t;) out.push_back(t);
  return out;
}

// Each token's V as its value, or "?" while unknown.
std::string values_row(const Matrix& x, std::uint64_t q) {
  std::string row;
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    std::string v = "?";
    for (std::uint64_t c = 0; c < q; ++c)
      if (x(i, static_cast<Eigen::Index>(c)) > 0.5) v = std::to_string(c);
    row += (i ? " " : "") + v;
  }
  return row;
}
}  // namespace

void explain_formula_transformer(ExplainDoc& doc, std::uint64_t seed) {
  doc.title(
      "A RoPE transformer evaluates a formula one level per layer (derived for sethkit; around "
      "the RoPE circuit bound of Chen et al. 2024)");
  FormulaParams params;
  params.depth = 2;
  params.p_not = 0.3;
  Rng rng(seed);
  const Formula f = generate_formula(params, seed % 2, rng);
  doc.step("the formula");
  doc.para(fmt::format(
      "{} in infix, {} in postfix (the root last). The stack evaluator says {}. Its depth, NOT "
      "levels counted, is {}.",
      f.infix, f.postfix, f.value, f.depth));

  const FormulaAlgebra algebra = FormulaAlgebra::boolean_values();
  const auto n = static_cast<Eigen::Index>(f.leaves + f.operators);
  const FormulaTransformer model(algebra, 1, n);
  const FormulaTokens t = model.lay_out(f.postfix);
  const auto tokens = tokens_of(f.postfix);
  doc.step("the layout");
  doc.para(fmt::format(
      "One token per node. V (one-hot value) is set for the constants and 0 for the gates; the "
      "type columns say which operator; QL holds (cos d theta, -sin d theta) for a binary gate "
      "whose left child is d positions back, theta = pi / {} = {:.4f}. Its last child is always "
      "the token before it.",
      model.max_tokens(), model.theta()));
  std::vector<std::pair<std::string, std::string>> rows;
  const Eigen::Index ql = model.width() - 2;
  for (Eigen::Index i = 0; i < n; ++i) {
    const double angle = std::atan2(-t.x(i, ql + 1), t.x(i, ql));
    const long delta = std::lround(angle / model.theta());
    rows.emplace_back(
        fmt::format("token {} '{}'", i, tokens[static_cast<std::size_t>(i)]),
        fmt::format(
            "height {}{}", t.heights[static_cast<std::size_t>(i)],
            delta > 0 ? fmt::format(", left child {} back (token {})", delta, i - delta) : ""));
  }
  doc.items(rows);

  doc.step("layer by layer");
  doc.para(
      "Each layer: head 'left' scores key j by cos((j - i + d) theta), 1 at the left child and "
      "at most cos(theta) elsewhere, and copies its V into A; head 'last' does the same one "
      "position back into B; the MLP's lookup units write op(A, B) into V and clear A and B. "
      "V after each layer ('?' = unknown):");
  const NaiveBackend naive;
  Matrix x = t.x;
  std::vector<std::pair<std::string, std::string>> layers{{"layout", values_row(x, algebra.p)}};
  for (int l = 1; l <= t.depth; ++l) {
    x = transformer_forward(model.model(), x, naive);
    layers.emplace_back(fmt::format("after layer {}", l), values_row(x, algebra.p));
  }
  doc.items(layers);
  doc.para(
      "After layer l every node of height <= l holds its value and every other node is "
      "unknown: the proof is on docs/reductions/formula_transformer.md.");

  doc.step("the answer");
  const auto root = model.read_root(x);
  doc.para(fmt::format(
      "With {} layers the root reads {}; the stack evaluator says {}{}. With {} layers the root "
      "is still unknown: a model of fixed depth evaluates no formula deeper than itself. The RoPE "
      "circuit bound says that, unless TC0 = NC1, no constant-depth RoPE transformer evaluates "
      "every formula; this construction shows what depth buys, not the bound.",
      t.depth, root ? std::to_string(*root) : "unknown", f.value,
      root && *root == f.value ? " (agrees)" : " (DISAGREES)", t.depth - 1));
}

}  // namespace sethkit::cli
