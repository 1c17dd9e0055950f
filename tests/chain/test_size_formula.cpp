// Size formulas (chain/size_formula.hpp): substitution with the parentheses
// precedence needs, composition along a path, evaluation with muparser.
#include <catch2/catch.hpp>

#include "chain/size_formula.hpp"
#include "core/error.hpp"

using namespace sethkit;

TEST_CASE("Size formulas substitute with the parentheses precedence needs", "[chain_executor]") {
  CHECK(substitute("N_a + 1", {{"N_a", "2^ceil(v/2)"}}) == "2^ceil(v/2) + 1");
  CHECK(substitute("4 * dim", {{"dim", "3 * d"}}) == "4 * (3 * d)");
  CHECK(substitute("2 * d", {{"d", "m + 1"}}) == "2 * (m + 1)");
  CHECK(substitute("log2(N)", {{"N", "a + b"}}) == "log2(a + b)");
  CHECK(substitute("ln(N) + N_b", {{"N", "x"}, {"ln", "y"}}) == "ln(x) + N_b");
  const SizeFormulas first = {{"y", "x + 1"}},
                     second = {{"h", "y * 2", false, true}, {"z", "h - y"}};
  const SizeFormulas composed = compose({&first, &second});
  REQUIRE(composed.size() == 1);
  CHECK(composed[0].expr == "(x + 1) * 2 - (x + 1)");
  CHECK(evaluate(composed, {{"x", 4}}).at("z") == 5);
  CHECK_THROWS_WITH(evaluate({{"z", "x +"}}, {{"x", 1}}), Catch::Contains("size formula z = x +"));
}
