// The chains' default oracle `auto` (chain/oracle_choice.hpp): flash in
// float32 only where its error bound is within a quarter of the tolerance,
// else flash64; names other than auto pass through; and a chain run with the
// default agrees with ground truth on YES and NO instances, naming the
// backend it chose.
#include <catch2/catch.hpp>

#include "attention/flash_backend.hpp"
#include "chain/executor.hpp"
#include "chain/oracle_choice.hpp"
#include "core/matrix.hpp"
#include "core/rng.hpp"
#include "instances/random_ov.hpp"
#include "solvers/ov_solver.hpp"
#include "test_seed.hpp"

using namespace sethkit;

TEST_CASE("auto chooses flash's precision from its error bound and the tolerance", "[chain]") {
  Rng rng(test::test_seed("oracle-choice", 3));
  const Matrix q = uniform_matrix(rng, 50, 8, 1.0), k = uniform_matrix(rng, 60, 8, 1.0),
               v = uniform_matrix(rng, 60, 2, 1.0);
  const AttentionInput in{q, k, v, 0.125};
  const double bound = FlashBackend(FlashBackend::Precision::kFloat32).error_bound(in);
  REQUIRE(bound > 0);
  CHECK(chosen_attention_backend("auto", in, 4 * bound) == "flash");
  CHECK(chosen_attention_backend("auto", in, 3.9 * bound) == "flash64");
  CHECK(chosen_attention_backend("auto", in, 0) == "flash64");
  CHECK(chosen_attention_backend("naive", in, 1.0) == "naive");
  CHECK(chosen_attention_backend("poly", in, 1e-30) == "poly");
  // Logits too large for float32's bound: no finite bound, so float64.
  const Matrix q_huge = q * 1e6, k_huge = k * 1e6;
  const AttentionInput huge{q_huge, k_huge, v, 1.0};
  CHECK(chosen_attention_backend("auto", huge, 1.0) == "flash64");
  CHECK(chosen_backend_without_input("auto") == "flash64");
  CHECK(chosen_backend_without_input("reformer") == "reformer");
}

TEST_CASE("The default oracle agrees with the OV solver on YES and NO instances", "[chain]") {
  const auto seed = test::test_seed("oracle-choice-chain", 9);
  int yes = 0, no = 0;
  for (std::uint64_t s = seed; s < seed + 6; ++s) {
    const auto g =
        random_ov({300, 300, 24, 0.5, s % 2 ? OvPlant::kPlantYes : OvPlant::kForceNo, s});
    const ChainRun r = run_chain("ov-attention", g.ov, "test", ChainOptions{});
    INFO("seed " << s << " oracle " << r.oracle.oracle);
    CHECK((r.oracle.oracle == "flash" || r.oracle.oracle == "flash64"));
    CHECK(r.agreement == Agreement::kAgree);
    const bool truth = solve_ov_bitpacked(g.ov).found;
    CHECK((r.oracle.verdict == Verdict::kYes) == truth);
    if (r.oracle.verdict == Verdict::kYes) {
      ++yes;
      REQUIRE(r.oracle.witness);
      CHECK(r.stages[0].witness_ok);
    } else {
      ++no;
    }
  }
  CHECK(yes > 0);
  CHECK(no > 0);
}
