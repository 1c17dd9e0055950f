// A RoPE transformer with explicit weights that evaluates a variable-free
// formula one level per layer (docs/reductions/formula_transformer.md;
// derived for sethkit). It makes tangible what the bound of Chen, Li, Liang,
// Long, Shi, Song, "Circuit Complexity Bounds for RoPE-based Transformer
// Architecture" (2024) is about: with O(1) layers a RoPE transformer is in
// TC0, so unless TC0 = NC1 it cannot evaluate Boolean or arithmetic formulas
// (NC1-complete); this construction evaluates every formula of depth <= L
// with L layers, and no deeper one.
//
// Layout: one token per node in postfix order (the root last). Columns:
//   V [0, q)          the node's value, one-hot; all 0 while unknown
//   A [q, 2q)         scratch: the left child's value, written and cleared
//   B [2q, 3q)        scratch: the last child's value
//   LEAF, T_o         the node's type, one-hot (a constant, or operator o)
//   CONST             1 on every token
//   QL (2 columns)    (cos(delta theta), -sin(delta theta)) for the left
//                     child at delta positions back; (1, 0) otherwise.
// Every layer has two heads of width 4 with RoPE (base theta^-2, so pair 1
// turns by theta = pi / n_max a position; pair 0 carries nothing); keys
// (0, 0, 1, 0) on every token. Head "left" queries QL, head "last" the
// constant rotation by one position back: the RoPE score
// q_i^T R_(j-i) k_j = cos((j - i + delta) theta) is 1 at the child and at
// most cos(theta) at every other key. Each copies the child's V into A or B;
// the MLP (one ReLU layer, lookup tables) writes op(A, B) into V, removes the
// old V and clears A and B. After layer t, V holds the value of every node of
// height <= t and 0 at every other node (proved on the docs page).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "attention/transformer.hpp"

namespace sethkit {

// The values and operators: Boolean ({0, 1}; & | and the unary !) or
// arithmetic mod a prime p (Z_p; + - * /, a / b = a b^-1, undefined at b = 0).
struct FormulaAlgebra {
  bool boolean = true;
  std::uint64_t p = 2;  // the number of values: 2, or the prime modulus

  static FormulaAlgebra boolean_values() { return {}; }
  // Throws ContractError unless p is a prime in [2, 64) (the MLP has 4 p^2 units).
  static FormulaAlgebra modular(std::uint64_t p);

  std::vector<std::string> operators() const;  // "&" "|" "!" or "+" "-" "*" "/"
  int arity(std::size_t op) const;             // 2, or 1 for "!"
  // op(a, b) (b ignored by a unary operator); nullopt for a / 0.
  std::optional<std::uint64_t> apply(std::size_t op, std::uint64_t a, std::uint64_t b) const;
};

// A formula laid out as the transformer's input.
struct FormulaTokens {
  Matrix x;                  // n x width: X_0
  std::vector<int> heights;  // per token: 0 for a constant, 1 + the children's maximum
  int depth = 0;             // the root's height
};

class FormulaTransformer {
 public:
  // `layers` >= 1 layers for formulas of up to `max_tokens` tokens. Softmax
  // heads take the inverse temperature `beta` (0: stated_beta()).
  FormulaTransformer(FormulaAlgebra algebra, int layers, Eigen::Index max_tokens,
                     AttentionKind attention = AttentionKind::kHardmax, double beta = 0);

  const TransformerModel& model() const { return model_; }
  const FormulaAlgebra& algebra() const { return algebra_; }
  Eigen::Index max_tokens() const { return max_tokens_; }
  double theta() const { return theta_; }

  // The postfix string's tokens laid out. Throws InputError(source, ...)
  // naming the token for an unknown token, an operator without its operands
  // (a dangling child) or a string that is not one formula, and for more
  // than max_tokens() tokens.
  FormulaTokens lay_out(const std::string& postfix, const std::string& source = "formula") const;

  // The root's value from X_L (the last row's V rounded: a coordinate above
  // 1/2 and the rest below it), or nullopt while the root is unknown.
  std::optional<std::uint64_t> read_root(const Matrix& x_l) const;

  // The inverse temperature the docs page proves enough for softmax heads:
  // beta (1 - cos theta) = ln(4 n_max) + L ln(8 q + 2): every V entry within
  // 1/8 of the hardmax run after L layers.
  static double stated_beta(const FormulaAlgebra& algebra, int layers, Eigen::Index max_tokens);

  // Column indices of the layout.
  Eigen::Index value_column(std::uint64_t v) const { return static_cast<Eigen::Index>(v); }
  Eigen::Index width() const { return model_.width; }

 private:
  FormulaAlgebra algebra_;
  Eigen::Index max_tokens_;
  double theta_;
  TransformerModel model_;
};

}  // namespace sethkit
