// The direct-sum sweep (experiments/direct_sum_sweep.hpp): a tiny grid whose
// every decoded answer matches the 3-OV solver, both layouts of each L H, and refusals of empty or
// bad grids.
#include <catch2/catch.hpp>
#include <cmath>

#include "core/error.hpp"
#include "experiments/direct_sum_sweep.hpp"
#include "instances/random_three_ov.hpp"
#include "solvers/three_ov_solver.hpp"
#include "test_seed.hpp"

using namespace sethkit;

TEST_CASE("Random 3-OV at the balanced density mixes YES and NO", "[direct-sum]") {
  const double p = balanced_three_ov_density(64, 4, 24);
  CHECK(std::pow(1 - p * p * p, 24) * 64 * 64 * 4 == Approx(1.0));
  int yes = 0;
  for (std::uint64_t seed = 1; seed <= 20; ++seed)
    yes += solve_three_ov(random_three_ov({64, 4, 24, -1, seed})).triple ? 1 : 0;
  CHECK(yes > 0);
  CHECK(yes < 20);
}

TEST_CASE("A tiny direct-sum grid decodes every point right", "[direct-sum]") {
  DirectSumParams p;
  p.fixed_n = 32;
  p.lh = {1, 2, 4};
  p.n = {16, 32, 64};
  p.repeats = 1;
  p.backend = "naive";
  p.seed = test::test_seed("direct sum", 3);
  std::size_t progress_calls = 0;
  const auto points =
      run_direct_sum(p, [&](const DirectSumPoint&, std::size_t done, std::size_t total) {
        ++progress_calls;
        CHECK(done == progress_calls);
        CHECK(total == 8);
      });
  REQUIRE(points.size() == 8);  // K = 1 once, K = 2 and 4 in both layouts, three N
  CHECK(progress_calls == 8);
  std::size_t layers_only = 0;
  for (const auto& pt : points) {
    INFO(pt.series << " N " << pt.n << " L " << pt.layers << " H " << pt.heads);
    CHECK(pt.agree);
    CHECK(pt.decoded == pt.truth);
    CHECK(pt.seconds > 0);
    CHECK(pt.lh == pt.layers * pt.heads);
    layers_only += pt.series == "lh" && pt.heads == 1 && pt.layers > 1 ? 1 : 0;
  }
  CHECK(layers_only == 2);
  const std::string csv = direct_sum_csv(points);
  CHECK(csv.rfind("series,N,L,H,LH,D,width,seconds", 0) == 0);
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 9);
}

TEST_CASE("The direct-sum sweep refuses bad grids", "[direct-sum]") {
  DirectSumParams p;
  p.lh = {};
  CHECK_THROWS_AS(run_direct_sum(p), ContractError);
  p = {};
  p.n = {1};
  CHECK_THROWS_WITH(run_direct_sum(p), Catch::Contains("at least 2"));
  p = {};
  p.backend = "nonesuch";
  CHECK_THROWS(run_direct_sum(p));
}
