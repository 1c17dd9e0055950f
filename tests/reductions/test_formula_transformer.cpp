// The formula-evaluating RoPE transformer (reductions/formula_transformer.hpp,
// docs/reductions/formula_transformer.md): after L layers every node of
// height <= L holds its value and every other node holds 0, checked node by
// node on every Boolean formula of up to 7 tokens and every formula mod 3 of
// up to 5; on the generator's families the root is right at L = depth and
// unknown at L = depth - 1, with hardmax and with softmax at the stated
// inverse temperature; the stack evaluator of instances/ is the ground truth.
#include <algorithm>
#include <catch2/catch.hpp>
#include <functional>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "attention/naive_backend.hpp"
#include "core/error.hpp"
#include "core/rng.hpp"
#include "instances/formula_families.hpp"
#include "reductions/formula_transformer.hpp"
#include "test_seed.hpp"

using namespace sethkit;

namespace {
// Every token sequence over `alphabet` of length 1 .. max_length that is one
// postfix formula (operators of arity 2 except "!").
std::vector<std::string> all_formulas(const std::vector<std::string>& alphabet, int max_length) {
  std::vector<std::string> out;
  std::function<void(std::string, int, int)> grow = [&](std::string text, int length, int depth) {
    if (length > 0 && depth == 1) out.push_back(text);
    if (length == max_length) return;
    for (const std::string& t : alphabet) {
      const int need = t == "!"                                                                 ? 1
                       : (t == "&" || t == "|" || t == "+" || t == "-" || t == "*" || t == "/") ? 2
                                                                                                : 0;
      if (depth < need) continue;
      grow(text.empty() ? t : text + " " + t, length + 1, depth - need + 1);
    }
  };
  grow("", 0, 0);
  return out;
}

// Each node's value by a stack pass written here (nullopt below a / 0).
std::vector<std::optional<std::uint64_t>> node_values(const std::string& postfix, bool boolean,
                                                      std::uint64_t p) {
  std::vector<std::optional<std::uint64_t>> values, stack;
  std::istringstream in(postfix);
  for (std::string t; in >> t;) {
    std::optional<std::uint64_t> v;
    if (t == "!") {
      const auto a = stack.back();
      stack.pop_back();
      if (a) v = *a ? 0 : 1;
    } else if (t.size() == 1 && std::string("&|+-*/").find(t[0]) != std::string::npos) {
      const auto b = stack.back();
      stack.pop_back();
      const auto a = stack.back();
      stack.pop_back();
      if (a && b) {
        if (t == "&") v = *a && *b;
        if (t == "|") v = *a || *b;
        if (t == "+") v = (*a + *b) % p;
        if (t == "-") v = (*a + p - *b) % p;
        if (t == "*") v = (*a * *b) % p;
        if (t == "/" && *b != 0)
          for (std::uint64_t x = 0; x < p; ++x)
            if (x * *b % p == *a) v = x;
      }
    } else {
      v = std::stoull(t);
    }
    (void)boolean;
    values.push_back(v);
    stack.push_back(v);
  }
  return values;
}

// V of row i as a value, nullopt when all zero; fails the test on anything else.
std::optional<std::uint64_t> row_value(const Matrix& x, Eigen::Index i, std::uint64_t q) {
  std::optional<std::uint64_t> v;
  for (std::uint64_t c = 0; c < q; ++c) {
    const double e = x(i, static_cast<Eigen::Index>(c));
    if (e == 1) {
      REQUIRE(!v);
      v = c;
    } else {
      REQUIRE(e == 0);
    }
  }
  return v;
}

// Every formula of up to `max_length` tokens, each at L = 1 .. depth + 1:
// node i holds its value iff height(i) <= L, exactly (hardmax).
void check_every_formula(const FormulaAlgebra& algebra, const std::vector<std::string>& alphabet,
                         int max_length) {
  const NaiveBackend naive;
  std::vector<FormulaTransformer> models;
  for (int l = 1; l <= max_length; ++l) models.emplace_back(algebra, l, max_length);
  std::size_t checked = 0, undefined_roots = 0;
  for (const std::string& f : all_formulas(alphabet, max_length)) {
    INFO(f);
    const FormulaTokens t = models.front().lay_out(f);
    const auto truth = node_values(f, algebra.boolean, algebra.p);
    for (int l = 1; l <= std::min(t.depth + 1, max_length); ++l) {
      const FormulaTransformer& m = models[static_cast<std::size_t>(l - 1)];
      const Matrix x = transformer_forward(m.model(), t.x, naive);
      for (Eigen::Index i = 0; i < t.x.rows(); ++i) {
        const auto got = row_value(x, i, algebra.p);
        const bool known = t.heights[static_cast<std::size_t>(i)] <= l;
        CHECK(got == (known ? truth[static_cast<std::size_t>(i)] : std::nullopt));
        // The scratch columns are clear after every layer.
        CHECK(x.row(i).segment(algebra.p, 2 * algebra.p).isZero(0));
      }
      const auto root = m.read_root(x);
      if (l >= t.depth && truth.back()) {
        const auto kind = algebra.boolean ? FormulaKind::kBoolean : FormulaKind::kArithmetic;
        CHECK(root == evaluate_postfix(f, kind, algebra.p));
      } else {
        CHECK(!root);
      }
    }
    ++checked;
    undefined_roots += truth.back() ? 0 : 1;
  }
  CHECK(checked > 100);
  if (!algebra.boolean) CHECK(undefined_roots > 0);  // a / 0 leaves the root unknown
}
}  // namespace

TEST_CASE("formula transformer: every small formula, node by node, layer by layer",
          "[reductions][formula]") {
  SECTION("Boolean, up to 7 tokens") {
    check_every_formula(FormulaAlgebra::boolean_values(), {"0", "1", "&", "|", "!"}, 7);
  }
  SECTION("mod 3, up to 5 tokens") {
    check_every_formula(FormulaAlgebra::modular(3), {"0", "1", "2", "+", "-", "*", "/"}, 5);
  }
}

TEST_CASE("formula transformer: the generator's families, hardmax and softmax",
          "[reductions][formula]") {
  Rng rng(test::test_seed("formula transformer families", 71));
  const NaiveBackend naive;
  for (const FormulaKind kind : {FormulaKind::kBoolean, FormulaKind::kArithmetic})
    for (const FormulaShape shape :
         {FormulaShape::kBalanced, FormulaShape::kRandom, FormulaShape::kCaterpillar})
      for (const int depth : {1, 3, 5}) {
        FormulaParams params;
        params.kind = kind;
        params.shape = shape;
        params.depth = depth;
        if (shape == FormulaShape::kRandom)
          params.leaves = std::min<std::uint64_t>(std::uint64_t{1} << depth, depth + 2);
        const FormulaAlgebra algebra = kind == FormulaKind::kBoolean
                                           ? FormulaAlgebra::boolean_values()
                                           : FormulaAlgebra::modular(params.p);
        for (int repeat = 0; repeat < 4; ++repeat) {
          const std::uint64_t target =
              rng.uniform_int(kind == FormulaKind::kBoolean ? 2 : params.p);
          const Formula f = generate_formula(params, target, rng);
          INFO(to_string(kind) << " " << to_string(shape) << " " << f.postfix);
          const auto n = static_cast<Eigen::Index>(f.leaves + f.operators);
          const FormulaTransformer probe(algebra, 1, n);
          const FormulaTokens t = probe.lay_out(f.postfix);
          CHECK(t.depth == f.depth);
          for (const AttentionKind attention : {AttentionKind::kHardmax, AttentionKind::kSoftmax}) {
            const FormulaTransformer deep(algebra, t.depth, n, attention);
            CHECK(deep.read_root(transformer_forward(deep.model(), t.x, naive)) == f.value);
            if (t.depth > 1) {
              const FormulaTransformer shallow(algebra, t.depth - 1, n, attention);
              CHECK(!shallow.read_root(transformer_forward(shallow.model(), t.x, naive)));
            }
          }
        }
      }
}

TEST_CASE("formula transformer: bad formulas are refused naming the token",
          "[reductions][formula]") {
  const FormulaTransformer boolean(FormulaAlgebra::boolean_values(), 2, 8);
  CHECK_THROWS_WITH(boolean.lay_out("1 0 ^", "f.jsonl:3"), Catch::Contains("f.jsonl:3") &&
                                                               Catch::Contains("token 3 '^'") &&
                                                               Catch::Contains("one of & | !"));
  CHECK_THROWS_WITH(boolean.lay_out("1 2 &"), Catch::Contains("token 2 '2'"));
  CHECK_THROWS_WITH(boolean.lay_out("1 &"),
                    Catch::Contains("token 2 '&' has 1 operand(s) before it, expected 2"));
  CHECK_THROWS_WITH(boolean.lay_out("1 0"), Catch::Contains("make 2 formulas"));
  CHECK_THROWS_WITH(boolean.lay_out("  "), Catch::Contains("no tokens"));
  CHECK_THROWS_WITH(boolean.lay_out("1 0 & 1 | 0 & 1 | 0 &"),
                    Catch::Contains("11 tokens; the model takes formulas of at most 8"));
  CHECK_THROWS_AS(boolean.lay_out("1 &"), InputError);
  CHECK_THROWS_WITH(FormulaAlgebra::modular(12), Catch::Contains("not a prime"));
}
