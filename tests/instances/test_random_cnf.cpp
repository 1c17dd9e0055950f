// Random k-CNF (instances/random_cnf.hpp): determinism by seed, shapes,
// distinct variables, and the planted assignment satisfying the formula.
#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "core/verify.hpp"
#include "instances/random_cnf.hpp"
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
