// Generators: determinism by seed, planted guarantees, parameter checks.
#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "core/verify.hpp"
#include "instances/random_cnf.hpp"
#include "instances/random_ov.hpp"
#include "solvers/ov_solver.hpp"
#include "test_seed.hpp"

using namespace sethkit;

TEST_CASE("random k-CNF: shape, distinct variables, determinism", "[gen]") {
  const auto seed = test::test_seed("random k-CNF");
  const auto g = random_kcnf({10, 50, 4, false, seed});
  CHECK(g.cnf.num_vars() == 10);
  CHECK(g.cnf.num_clauses() == 50);
  for (std::size_t c = 0; c < 50; ++c) {
    const auto cl = g.cnf.clause(c);
    REQUIRE(cl.size() == 4);
    for (std::size_t x = 0; x < 4; ++x)
      for (std::size_t y = x + 1; y < 4; ++y) CHECK(std::abs(cl[x]) != std::abs(cl[y]));
  }
  CHECK(random_kcnf({10, 50, 4, false, seed}).cnf == g.cnf);
  CHECK_FALSE(random_kcnf({10, 50, 4, false, seed + 1}).cnf == g.cnf);
  CHECK(clauses_for_ratio(20, 4.26) == 85);
  CHECK_THROWS_AS(random_kcnf({3, 5, 4, false, 1}), ContractError);
  CHECK_THROWS_AS(random_kcnf({0, 5, 3, false, 1}), ContractError);
}

TEST_CASE("planted k-CNF is satisfied by its planted assignment", "[gen]") {
  const auto seed = test::test_seed("planted k-CNF");
  for (std::uint64_t s = seed; s < seed + 20; ++s) {
    const auto g = random_kcnf({30, 200, 3, true, s});
    REQUIRE(g.planted);
    CHECK(satisfies(g.cnf, *g.planted));
  }
}

TEST_CASE("random OV: planted YES and forced NO", "[gen]") {
  const auto seed = test::test_seed("random OV plant");
  for (std::uint64_t s = seed; s < seed + 30; ++s) {
    const auto yes = random_ov({40, 30, 20, 0.6, OvPlant::kPlantYes, s});
    REQUIRE(yes.ov.planted.size() == 1);
    CHECK(is_orthogonal_pair(yes.ov, yes.ov.planted[0].first, yes.ov.planted[0].second));
    CHECK(yes.ov.known_answer == true);
    const auto no = random_ov({40, 30, 8, 0.3, OvPlant::kForceNo, s});
    CHECK(no.ov.known_answer == false);
    CHECK_FALSE(solve_ov_naive(no.ov).found);
  }
  CHECK_THROWS_AS(random_ov({4, 4, 0, 0.5, OvPlant::kNone, 1}), ContractError);
  CHECK_THROWS_AS(random_ov({4, 4, 3, 1.5, OvPlant::kNone, 1}), ContractError);
  CHECK_THROWS_AS(random_ov({0, 4, 3, 0.5, OvPlant::kPlantYes, 1}), ContractError);
}
