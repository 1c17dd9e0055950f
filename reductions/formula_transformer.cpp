#include "reductions/formula_transformer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <sstream>

#include "core/error.hpp"

namespace sethkit {

namespace {
bool is_prime(std::uint64_t p) {
  if (p < 2) return false;
  for (std::uint64_t f = 2; f * f <= p; ++f)
    if (p % f == 0) return false;
  return true;
}

std::uint64_t inverse_mod(std::uint64_t b, std::uint64_t p) {  // b^(p-2) mod p, b != 0
  std::uint64_t result = 1, base = b % p, e = p - 2;
  for (; e > 0; e >>= 1, base = base * base % p)
    if (e & 1) result = result * base % p;
  return result;
}

// Column indices of the layout (formula_transformer.hpp).
struct Columns {
  Eigen::Index q, ops;
  Eigen::Index v(std::uint64_t c) const { return static_cast<Eigen::Index>(c); }
  Eigen::Index a(std::uint64_t c) const { return q + static_cast<Eigen::Index>(c); }
  Eigen::Index b(std::uint64_t c) const { return 2 * q + static_cast<Eigen::Index>(c); }
  Eigen::Index leaf() const { return 3 * q; }
  Eigen::Index type(std::size_t op) const { return 3 * q + 1 + static_cast<Eigen::Index>(op); }
  Eigen::Index constant() const { return 3 * q + 1 + ops; }
  Eigen::Index ql() const { return constant() + 1; }
  Eigen::Index width() const { return ql() + 2; }
};

Columns columns_of(const FormulaAlgebra& algebra) {
  return {static_cast<Eigen::Index>(algebra.p),
          static_cast<Eigen::Index>(algebra.operators().size())};
}

constexpr Eigen::Index kHeadWidth = 4;  // RoPE pairs (0, 1) at frequency 1, unused; (2, 3) at theta

// The lookup-table MLP of one layer (docs/reductions/formula_transformer.md).
Mlp table_mlp(const FormulaAlgebra& algebra, const Columns& c) {
  struct Unit {
    std::vector<std::pair<Eigen::Index, double>> in;
    double bias;
    std::vector<std::pair<Eigen::Index, double>> out;
  };
  std::vector<Unit> units;
  const std::uint64_t q = algebra.p;
  const auto ops = algebra.operators();
  for (std::size_t o = 0; o < ops.size(); ++o)
    for (std::uint64_t x = 0; x < q; ++x) {
      if (algebra.arity(o) == 1) {  // ReLU(B_x + 2 T_o - 2)
        units.push_back({{{c.b(x), 1}, {c.type(o), 2}}, -2, {{c.v(*algebra.apply(o, x, 0)), 1}}});
        continue;
      }
      for (std::uint64_t y = 0; y < q; ++y)  // ReLU(A_x + B_y + 2 T_o - 3)
        if (const auto z = algebra.apply(o, x, y))
          units.push_back({{{c.a(x), 1}, {c.b(y), 1}, {c.type(o), 2}}, -3, {{c.v(*z), 1}}});
    }
  for (std::uint64_t x = 0; x < q; ++x) {
    units.push_back({{{c.v(x), 1}, {c.leaf(), 2}}, -2, {{c.v(x), 1}}});  // a constant keeps V
    units.push_back({{{c.v(x), 1}}, 0, {{c.v(x), -1}}});                 // the old V goes
    units.push_back({{{c.a(x), 1}}, 0, {{c.a(x), -1}}});                 // scratch cleared
    units.push_back({{{c.b(x), 1}}, 0, {{c.b(x), -1}}});
  }
  const auto f = static_cast<Eigen::Index>(units.size());
  Mlp mlp{Matrix::Zero(c.width(), f), Vector::Zero(f), Matrix::Zero(f, c.width()),
          Vector::Zero(c.width())};
  for (Eigen::Index u = 0; u < f; ++u) {
    const Unit& unit = units[static_cast<std::size_t>(u)];
    for (const auto& [col, w] : unit.in) mlp.w1(col, u) = w;
    mlp.b1(u) = unit.bias;
    for (const auto& [col, w] : unit.out) mlp.w2(u, col) = w;
  }
  return mlp;
}
}  // namespace

FormulaAlgebra FormulaAlgebra::modular(std::uint64_t p) {
  require(p < 64 && is_prime(p),
          fmt::format("formula transformer: the modulus {} is not a prime below 64", p));
  return {false, p};
}

std::vector<std::string> FormulaAlgebra::operators() const {
  if (boolean) return {"&", "|", "!"};
  return {"+", "-", "*", "/"};
}

int FormulaAlgebra::arity(std::size_t op) const {
  return boolean && op == 2 ? 1 : 2;
}

std::optional<std::uint64_t> FormulaAlgebra::apply(std::size_t op, std::uint64_t a,
                                                   std::uint64_t b) const {
  if (boolean) {
    if (op == 0) return a & b;
    if (op == 1) return a | b;
    return 1 - a;
  }
  switch (op) {
    case 0:
      return (a + b) % p;
    case 1:
      return (a + p - b) % p;
    case 2:
      return a * b % p;
    default:
      if (b == 0) return std::nullopt;
      return a * inverse_mod(b, p) % p;
  }
}

FormulaTransformer::FormulaTransformer(FormulaAlgebra algebra, int layers, Eigen::Index max_tokens,
                                       AttentionKind attention, double beta)
    : algebra_(algebra), max_tokens_(std::max<Eigen::Index>(max_tokens, 4)) {
  require(layers >= 1, "formula transformer: needs at least one layer");
  require(max_tokens_ <= (Eigen::Index{1} << 24),
          fmt::format("formula transformer: {} tokens is above the limit of 2^24", max_tokens));
  theta_ = std::numbers::pi / static_cast<double>(max_tokens_);
  const Columns c = columns_of(algebra_);
  model_.width = c.width();
  model_.aggregation = Aggregation::kSum;
  model_.mlp_mode = MlpMode::kResid;
  model_.attention = attention;
  model_.scale = attention == AttentionKind::kHardmax
                     ? 1.0
                     : (beta > 0 ? beta : stated_beta(algebra_, layers, max_tokens_));
  model_.causal = true;
  model_.rope = Rope{1.0 / (theta_ * theta_), RopeLayout::kInterleaved};

  TransformerHead left{Matrix::Zero(c.width(), kHeadWidth), Matrix::Zero(c.width(), kHeadWidth),
                       Matrix::Zero(c.width(), c.width())};
  TransformerHead last = left;
  left.wq(c.ql(), 2) = 1;
  left.wq(c.ql() + 1, 3) = 1;
  last.wq(c.constant(), 2) = std::cos(theta_);
  last.wq(c.constant(), 3) = -std::sin(theta_);
  left.wk(c.constant(), 2) = last.wk(c.constant(), 2) = 1;
  for (std::uint64_t x = 0; x < algebra_.p; ++x) {
    left.wv(c.v(x), c.a(x)) = 1;
    last.wv(c.v(x), c.b(x)) = 1;
  }
  const Mlp mlp = table_mlp(algebra_, c);
  for (int l = 0; l < layers; ++l) model_.layers.push_back({{left, last}, Matrix(), mlp});
  validate_transformer(model_);
}

double FormulaTransformer::stated_beta(const FormulaAlgebra& algebra, int layers,
                                       Eigen::Index max_tokens) {
  const double n = static_cast<double>(std::max<Eigen::Index>(max_tokens, 4));
  const double theta = std::numbers::pi / n;
  return (std::log(4 * n) + layers * std::log(8.0 * static_cast<double>(algebra.p) + 2)) /
         (1 - std::cos(theta));
}

FormulaTokens FormulaTransformer::lay_out(const std::string& postfix,
                                          const std::string& source) const {
  std::vector<std::string> tokens;
  {
    std::istringstream in(postfix);
    for (std::string t; in >> t;) tokens.push_back(t);
  }
  if (tokens.empty()) throw InputError(source, "no tokens; expected a formula in postfix");
  const auto n = static_cast<Eigen::Index>(tokens.size());
  if (n > max_tokens_)
    throw InputError(
        source, fmt::format("{} tokens; the model takes formulas of at most {}", n, max_tokens_));
  const Columns c = columns_of(algebra_);
  const auto ops = algebra_.operators();
  FormulaTokens out{Matrix::Zero(n, c.width()), std::vector<int>(tokens.size()), 0};
  std::vector<Eigen::Index> stack;
  for (Eigen::Index i = 0; i < n; ++i) {
    const std::string& t = tokens[static_cast<std::size_t>(i)];
    out.x(i, c.constant()) = 1;
    out.x(i, c.ql()) = 1;  // (1, 0): the left head looks at the token itself
    const auto op = std::find(ops.begin(), ops.end(), t);
    if (op == ops.end()) {
      std::uint64_t value = 0;
      const bool digits = t.size() <= 3 && std::all_of(t.begin(), t.end(), [](char ch) {
                            return ch >= '0' && ch <= '9';
                          });
      if (digits) value = std::stoull(t);
      if (!digits || value >= algebra_.p)
        throw InputError(source, fmt::format("token {} '{}': expected a value below {} or one of "
                                             "{}",
                                             i + 1, t, algebra_.p, fmt::join(ops, " ")));
      out.x(i, c.leaf()) = 1;
      out.x(i, c.v(value)) = 1;
      stack.push_back(i);
      continue;
    }
    const auto o = static_cast<std::size_t>(op - ops.begin());
    const int arity = algebra_.arity(o);
    if (static_cast<int>(stack.size()) < arity)
      throw InputError(source, fmt::format("token {} '{}' has {} operand(s) before it, expected {}",
                                           i + 1, t, stack.size(), arity));
    int height = 0;
    for (int k = 0; k < arity; ++k) {
      const Eigen::Index child = stack.back();
      stack.pop_back();
      height = std::max(height, out.heights[static_cast<std::size_t>(child)]);
      if (k == 1) {  // the left child, delta positions back
        const double angle = static_cast<double>(i - child) * theta_;
        out.x(i, c.ql()) = std::cos(angle);
        out.x(i, c.ql() + 1) = -std::sin(angle);
      }
    }
    out.x(i, c.type(o)) = 1;
    out.heights[static_cast<std::size_t>(i)] = height + 1;
    stack.push_back(i);
  }
  if (stack.size() != 1)
    throw InputError(source, fmt::format("the tokens make {} formulas, expected one (an operand "
                                         "without its operator)",
                                         stack.size()));
  out.depth = out.heights.back();
  return out;
}

std::optional<std::uint64_t> FormulaTransformer::read_root(const Matrix& x_l) const {
  require(x_l.rows() > 0 && x_l.cols() == model_.width,
          "formula transformer: the output does not have the model's width");
  std::optional<std::uint64_t> value;
  for (std::uint64_t x = 0; x < algebra_.p; ++x) {
    const double v = x_l(x_l.rows() - 1, value_column(x));
    if (!(v < 0.5)) {
      if (value || !(v > 0.5)) return std::nullopt;
      value = x;
    }
  }
  return value;
}

}  // namespace sethkit
