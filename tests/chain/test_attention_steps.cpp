// The attention oracle steps (chain/attention_steps.cpp) end to end against
// independent ground truth: CNF -> OV -> attention and CNF -> OV -> Hamming ->
// attention vs CaDiCaL (SAT and UNSAT, witnesses through the checker), OV ->
// attention vs the bit-packed solver, noise within tolerance, ambiguity reported.
// The [slow] cases run 30-variable formulas (N = 2^15 keys).
#include <catch2/catch.hpp>

#include "chain/executor.hpp"
#include "chain/run_bundle.hpp"
#include "core/verify.hpp"
#include "instances/random_cnf.hpp"
#include "instances/random_ov.hpp"
#include "solvers/cadical_solver.hpp"
#include "solvers/ov_solver.hpp"
#include "test_seed.hpp"

using namespace sethkit;

TEST_CASE("CNF chain agrees with CaDiCaL on random 3-CNF, SAT and UNSAT", "[chain]") {
  const auto seed = test::test_seed("CNF chain");
  int sat = 0, unsat = 0;
  for (std::uint64_t s = seed; s < seed + 24; ++s) {
    const int n = 8 + static_cast<int>(s % 11);
    const bool planted = s % 3 == 0;
    const auto g =
        random_kcnf({n, clauses_for_ratio(n, planted ? 4.2 : 4.0 + (s % 4) * 0.6), 3, planted, s});
    INFO("seed " << s << " n " << n);
    const ChainRun r = run_chain("sat-ov-attention", g.cnf, "test", ChainOptions{});
    CHECK(r.agreement == Agreement::kAgree);
    CHECK(r.overhead_ok());
    REQUIRE(r.stages.size() == 2);
    CHECK(r.stages[1].truth.yes == r.stages[0].truth.yes);  // split-and-list keeps the answer
    if (r.oracle.verdict == Verdict::kYes) {
      ++sat;
      REQUIRE(r.stages[0].witness);
      REQUIRE(r.stages[0].witness->assignment);
      CHECK(satisfies(g.cnf, *r.stages[0].witness->assignment));
      CHECK(r.stages[0].witness_ok);
      CHECK(r.stages[1].witness_ok);
    } else {
      ++unsat;
      CHECK(solve_cadical(g.cnf).status == SatStatus::kUnsat);
    }
  }
  CHECK(sat >= 4);
  CHECK(unsat >= 4);
}

TEST_CASE("OV chain agrees with the bit-packed solver under noise within tolerance", "[chain]") {
  const auto seed = test::test_seed("OV chain");
  for (std::uint64_t s = seed; s < seed + 12; ++s) {
    const auto g = random_ov({64, 48, 20, 0.5, s % 2 ? OvPlant::kPlantYes : OvPlant::kForceNo, s});
    ChainOptions o;
    o.noise = 0.99 * 7.0 / 36.0;
    o.seed = s;
    const ChainRun r = run_chain("ov-attention", g.ov, "test", o);
    CHECK(r.agreement == Agreement::kAgree);
    CHECK(r.oracle.verdict == (s % 2 ? Verdict::kYes : Verdict::kNo));
    CHECK(*r.oracle.measured_error <= o.noise);
    CHECK(*r.oracle.measured_error > 0.5 * o.noise);
    const auto bundle = to_run_bundle(r, "sha");
    CHECK(bundle["verdict"] == "agree");
    CHECK(bundle["source"]["params"]["nA"] == 64);
    CHECK(bundle["chain"]["steps"][0]["overhead_ok"] == true);
    CHECK(bundle["stages"][0]["witness_ok"] == (s % 2 == 1));
  }
}

TEST_CASE("A chain whose oracle errs beyond its claim reports AMBIGUOUS", "[chain]") {
  const auto g = random_ov({64, 64, 20, 0.5, OvPlant::kForceNo, 5});
  ChainOptions o;
  o.noise = 0.45;          // far beyond 7/36 ...
  o.assumed_error = 1e-9;  // ... while the decoder trusts an exact oracle
  const ChainRun r = run_chain("ov-attention", g.ov, "test", o);
  CHECK(r.agreement == Agreement::kAmbiguous);
  CHECK(r.oracle.record["ambiguous_rows"].get<std::size_t>() > 0);
  CHECK_THAT(r.explanation, Catch::Contains("exceeded"));
}

TEST_CASE("CNF chain at 30 variables agrees with CaDiCaL, SAT and UNSAT", "[slow]") {
  const auto seed = test::test_seed("CNF chain 30 variables", 7);
  const auto sat = random_kcnf({30, clauses_for_ratio(30, 4.2), 3, true, seed});
  const ChainRun r1 = run_chain("sat-ov-attention", sat.cnf, "sat30", ChainOptions{});
  CHECK(r1.agreement == Agreement::kAgree);
  CHECK(r1.oracle.verdict == Verdict::kYes);
  REQUIRE(r1.stages[0].witness);
  CHECK(satisfies(sat.cnf, *r1.stages[0].witness->assignment));
  CHECK(r1.oracle.step.built["n_q"] == (1 << 15) + 1);

  // The first unsatisfiable uniform random 3-CNF at ratio 5.5 from the seed on.
  for (std::uint64_t s = seed;; ++s) {
    const auto g = random_kcnf({30, clauses_for_ratio(30, 5.5), 3, false, s});
    if (solve_cadical(g.cnf).status != SatStatus::kUnsat) continue;
    const ChainRun r2 = run_chain("sat-ov-attention", g.cnf, "unsat30", ChainOptions{});
    CHECK(r2.agreement == Agreement::kAgree);
    CHECK(r2.oracle.verdict == Verdict::kNo);
    break;
  }
}

TEST_CASE("Chain through the Hamming gadget agrees with CaDiCaL, SAT and UNSAT", "[chain][c3]") {
  const auto seed = test::test_seed("Hamming-gadget chain");
  int sat = 0, unsat = 0;
  for (std::uint64_t s = seed; s < seed + 12; ++s) {
    const int n = 8 + static_cast<int>(s % 9);
    const bool planted = s % 3 == 0;
    const auto g =
        random_kcnf({n, clauses_for_ratio(n, planted ? 4.2 : 4.2 + (s % 3) * 0.8), 3, planted, s});
    INFO("seed " << s << " n " << n);
    const ChainRun r = run_chain("sat-ov-hamming-attention", g.cnf, "test", ChainOptions{});
    CHECK(r.agreement == Agreement::kAgree);
    REQUIRE(r.steps.size() == 2);
    CHECK(r.steps[1].reduction == "ov-to-hamming");
    CHECK(r.steps[1].built["dim"] == 3 * g.cnf.num_clauses());
    REQUIRE(r.stages.size() == 3);
    if (r.oracle.verdict == Verdict::kYes) {
      ++sat;
      REQUIRE(r.stages[0].witness);
      CHECK(satisfies(g.cnf, *r.stages[0].witness->assignment));
      CHECK(r.stages[2].witness_ok);  // the Gap-Hamming pair lies within t
    } else {
      ++unsat;
    }
  }
  CHECK(sat >= 2);
  CHECK(unsat >= 2);
}

TEST_CASE("Chain through the Hamming gadget at 24 variables, SAT and UNSAT", "[slow]") {
  const auto seed = test::test_seed("Hamming-gadget chain 24 variables", 11);
  const std::string chain = "sat-ov-hamming-attention";
  const auto sat = random_kcnf({24, clauses_for_ratio(24, 4.2), 3, true, seed});
  const ChainRun r1 = run_chain(chain, sat.cnf, "sat24", ChainOptions{});
  CHECK(r1.agreement == Agreement::kAgree);
  CHECK(r1.oracle.verdict == Verdict::kYes);
  // The first unsatisfiable uniform random 3-CNF at ratio 6 from the seed on.
  for (std::uint64_t s = seed;; ++s) {
    const auto unsat = random_kcnf({24, clauses_for_ratio(24, 6.0), 3, false, s});
    if (solve_cadical(unsat.cnf).status != SatStatus::kUnsat) continue;
    const ChainRun r2 = run_chain(chain, unsat.cnf, "unsat24", ChainOptions{});
    CHECK(r2.agreement == Agreement::kAgree);
    CHECK(r2.oracle.verdict == Verdict::kNo);
    break;
  }
}
