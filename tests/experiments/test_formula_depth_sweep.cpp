// The depth staircase (experiments/formula_depth_sweep.hpp): after L layers
// exactly the formulas of depth <= L (NOT levels counted) are right, every
// other root is unknown and none is wrong; the accuracy of an unknown root is
// the rate of label 0; cells above --max-tokens are skipped with the reason.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "experiments/formula_depth_sweep.hpp"

using namespace sethkit;

TEST_CASE("formula-depth sweep: right exactly up to the depth, unknown beyond",
          "[experiments][formula]") {
  FormulaDepthSweepParams p;
  p.depths = {1, 2, 3, 4};
  p.max_layers = 5;
  p.count = 6;
  for (const std::string attention : {"hardmax", "softmax"}) {
    p.attention = attention;
    const auto cells = run_formula_depth_sweep(p);
    REQUIRE(cells.size() == 2 * 3 * 4);
    for (const FormulaDepthCell& c : cells) {
      INFO(attention << " " << c.kind << " " << c.shape << " D = " << c.depth);
      REQUIRE(c.formulas == 6);
      CHECK(c.min_full_depth >= c.depth);
      for (std::size_t l = 0; l < 5; ++l) {
        CHECK(c.wrong[l] == 0);
        CHECK(c.right[l] == c.within[l]);
        CHECK(c.unknown[l] == c.formulas - c.within[l]);
        CHECK(c.unknown_zero[l] <= c.unknown[l]);
      }
      // A formula of binary depth D has depth >= D: nobody is right before layer D.
      CHECK(c.right[static_cast<std::size_t>(c.depth - 2 >= 0 ? c.depth - 2 : 0)] ==
            (c.depth == 1 ? c.within[0] : 0));
    }
  }
}

TEST_CASE("formula-depth sweep: skipped cells, the CSV and the refusals",
          "[experiments][formula]") {
  FormulaDepthSweepParams p;
  p.kinds = {"boolean"};
  p.shapes = {"balanced"};
  p.depths = {2, 6};
  p.max_layers = 3;
  p.count = 2;
  p.max_tokens = 32;
  const auto cells = run_formula_depth_sweep(p);
  REQUIRE(cells.size() == 2);
  CHECK(cells[0].formulas == 2);
  CHECK(cells[1].formulas == 0);
  CHECK(cells[1].note.find("skipped: 64 leaves") != std::string::npos);
  const std::string csv = formula_depth_sweep_csv(cells);
  CHECK(csv.find("boolean,balanced,6,3,0,") != std::string::npos);
  const nlohmann::json doc = formula_depth_sweep_json(p, cells);
  CHECK(doc["cells"].size() == 2);
  CHECK(doc["cells"][0]["accuracy"].size() == 3);
  p.kinds = {"ternary"};
  CHECK_THROWS_WITH(require_valid_formula_depth_sweep(p), Catch::Contains("kind 'ternary'"));
  p.kinds = {"arithmetic"};
  p.p = 9;
  CHECK_THROWS_WITH(require_valid_formula_depth_sweep(p), Catch::Contains("not a prime"));
  const SweepPlan plan = formula_depth_sweep_plan(FormulaDepthSweepParams{});
  CHECK(plan.cells == 84);
  CHECK(plan.seconds > 0);
}
