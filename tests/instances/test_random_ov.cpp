// Random OV instances (instances/random_ov.hpp): a planted pair is
// orthogonal, a forced NO has none (checked by the solver).
#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "core/verify.hpp"
#include "instances/random_ov.hpp"
#include "solvers/ov_solver.hpp"
#include "test_seed.hpp"

using namespace sethkit;

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
