// Formula instances (instances/formula_families.hpp): generated formulas evaluate to
// their target under both stack evaluators and under an independent
// recursive-descent evaluator written here; the shapes have the requested
// leaves and depth; hand-checked values; malformed strings and impossible
// parameters are refused.
#include <catch2/catch.hpp>
#include <sstream>

#include "core/error.hpp"
#include "core/rng.hpp"
#include "instances/formula_families.hpp"
#include "test_seed.hpp"

using namespace sethkit;

namespace {
// Recursive descent over the fully parenthesised infix form, independent of the module.
struct Descent {
  std::vector<std::string> tok;
  std::size_t at = 0;
  FormulaKind kind;
  std::uint64_t p;

  std::uint64_t inverse(std::uint64_t b) const {
    for (std::uint64_t x = 1; x < p; ++x)
      if (b * x % p == 1) return x;
    throw std::runtime_error("no inverse");
  }
  std::uint64_t parse() {
    const std::string t = tok.at(at++);
    if (t != "(") return std::stoull(t);
    if (tok.at(at) == "!") {
      ++at;
      const std::uint64_t v = parse();
      ++at;  // ")"
      return 1 - v;
    }
    const std::uint64_t a = parse();
    const char op = tok.at(at++)[0];
    const std::uint64_t b = parse();
    ++at;  // ")"
    switch (op) {
      case '&':
        return a && b;
      case '|':
        return a || b;
      case '+':
        return (a + b) % p;
      case '-':
        return (a + p - b) % p;
      case '*':
        return a * b % p;
      default:
        return a * inverse(b) % p;
    }
  }
};

std::uint64_t descent(const std::string& infix, FormulaKind kind, std::uint64_t p) {
  Descent d;
  std::istringstream in(infix);
  for (std::string t; in >> t;) d.tok.push_back(t);
  d.kind = kind;
  d.p = p;
  const std::uint64_t v = d.parse();
  REQUIRE(d.at == d.tok.size());
  return v;
}
}  // namespace

TEST_CASE("Generated formulas evaluate to their targets three ways", "[formula]") {
  Rng rng(test::test_seed("formula", 47));
  for (FormulaKind kind : {FormulaKind::kBoolean, FormulaKind::kArithmetic})
    for (FormulaShape shape :
         {FormulaShape::kBalanced, FormulaShape::kRandom, FormulaShape::kCaterpillar})
      for (int trial = 0; trial < 40; ++trial) {
        FormulaParams p;
        p.kind = kind;
        p.shape = shape;
        p.p = 13;
        p.leaves = 1 + rng.uniform_int(40);
        if (shape == FormulaShape::kRandom && trial % 2 == 0) {
          const int lo = *p.leaves <= 1 ? 0 : static_cast<int>(std::bit_width(*p.leaves - 1));
          p.depth =
              lo + static_cast<int>(rng.uniform_int(*p.leaves - static_cast<std::uint64_t>(lo)));
        }
        const std::uint64_t target = rng.uniform_int(kind == FormulaKind::kBoolean ? 2 : 13);
        INFO(to_string(kind) << " " << to_string(shape) << " leaves " << *p.leaves << " target "
                             << target);
        const Formula f = generate_formula(p, target, rng);
        INFO(f.infix);
        CHECK(f.value == target);
        CHECK(evaluate_infix(f.infix, kind, 13) == target);
        CHECK(evaluate_postfix(f.postfix, kind, 13) == target);
        CHECK(descent(f.infix, kind, 13) == target);
        CHECK(f.leaves == *p.leaves);
        const FormulaSize size = formula_size(p);
        if (size.depth >= 0) CHECK(f.binary_depth == size.depth);
        if (shape == FormulaShape::kCaterpillar)
          CHECK(f.binary_depth == static_cast<int>(*p.leaves) - 1);
        if (kind == FormulaKind::kArithmetic) CHECK(f.depth == f.binary_depth);
      }
}

TEST_CASE("Balanced formulas by depth, and deep caterpillars without recursion", "[formula]") {
  Rng rng(5);
  FormulaParams p;
  p.depth = 10;
  const Formula f = generate_formula(p, 1, rng);
  CHECK(f.leaves == 1024);
  CHECK(f.binary_depth == 10);
  CHECK(evaluate_postfix(f.postfix, FormulaKind::kBoolean, 2) == 1);
  FormulaParams cat;
  cat.kind = FormulaKind::kArithmetic;
  cat.shape = FormulaShape::kCaterpillar;
  cat.leaves = 200000;
  const Formula deep = generate_formula(cat, 7, rng);
  CHECK(deep.binary_depth == 199999);
  CHECK(evaluate_infix(deep.infix, FormulaKind::kArithmetic, 11) == 7);
  CHECK(evaluate_postfix(deep.postfix, FormulaKind::kArithmetic, 11) == 7);
}

TEST_CASE("Formula evaluators on hand-checked strings and malformed ones", "[formula]") {
  const auto B = FormulaKind::kBoolean, A = FormulaKind::kArithmetic;
  CHECK(evaluate_infix("( ( 0 | 1 ) & ( ! 1 ) )", B, 2) == 0);
  CHECK(evaluate_postfix("0 1 | 1 ! &", B, 2) == 0);
  CHECK(evaluate_infix("( ! ( 0 & 1 ) )", B, 2) == 1);
  CHECK(evaluate_infix("1", B, 2) == 1);
  CHECK(evaluate_infix("( ( 7 - 2 ) * 5 )", A, 11) == 3);  // 25 mod 11
  CHECK(evaluate_infix("( 3 / 4 )", A, 11) == 9);          // 4^-1 = 3 mod 11
  CHECK(evaluate_postfix("2 9 - 10 +", A, 11) == 3);       // (2 - 9 + 10) mod 11
  CHECK_THROWS_WITH(evaluate_infix("( 0 & )", B, 2, "f.jsonl"),
                    Catch::Contains("f.jsonl") && Catch::Contains("token 4"));
  CHECK_THROWS_WITH(evaluate_postfix("0 1", B, 2), Catch::Contains("one value at the end"));
  CHECK_THROWS_WITH(evaluate_postfix("1 &", B, 2), Catch::Contains("token 2"));
  CHECK_THROWS_WITH(evaluate_infix("( 1 / 0 )", A, 11), Catch::Contains("division by zero"));
  CHECK_THROWS_WITH(evaluate_infix("( 2 | 1 )", B, 2), Catch::Contains("token 2"));
  CHECK_THROWS_WITH(evaluate_infix("( 11 + 1 )", A, 11), Catch::Contains("\"11\""));
  CHECK_THROWS_WITH(evaluate_infix("( 1 + 1", A, 11), Catch::Contains("one complete"));
}

TEST_CASE("Formula parameters that cannot be met are refused", "[formula]") {
  FormulaParams p;
  CHECK_THROWS_WITH(formula_size(p), Catch::Contains("leaves, the depth, or both"));
  p.leaves = 8;
  p.depth = 4;
  CHECK_THROWS_WITH(formula_size(p), Catch::Contains("depth vs size"));
  p.shape = FormulaShape::kRandom;
  p.depth = 2;
  CHECK_THROWS_WITH(formula_size(p), Catch::Contains("depths 3 to 7"));
  p.depth = 5;
  CHECK(formula_size(p).depth == 5);
  p.kind = FormulaKind::kArithmetic;
  p.p = 12;
  CHECK_THROWS_WITH(formula_size(p), Catch::Contains("prime"));
  p.p = 11;
  p.ops = "+%";
  CHECK_THROWS_WITH(formula_size(p), Catch::Contains("operators"));
  FormulaParams big;
  big.depth = 30;
  CHECK_THROWS_WITH(formula_size(big), Catch::Contains("2^30 leaves"));
}
