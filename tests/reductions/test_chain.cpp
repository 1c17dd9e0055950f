// End-to-end chains against independent ground truth: CNF -> OV -> attention
// vs CaDiCaL (SAT and UNSAT, witnesses through the checker), OV -> attention
// vs the bit-packed solver, noise within tolerance, ambiguity reported.
// The [slow] cases run 30-variable formulas (N = 2^15 keys).
#include <catch2/catch.hpp>

#include "core/verify.hpp"
#include "instances/random_cnf.hpp"
#include "instances/random_ov.hpp"
#include "reductions/chain.hpp"
#include "reductions/run_bundle.hpp"
#include "solvers/cadical_solver.hpp"
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
    const ChainReport r = run_cnf_chain(g.cnf, "test", ChainOptions{});
    CHECK(r.agreement == Agreement::kAgree);
    CHECK(r.ov_stage_consistent);
    if (r.decoded.verdict == Verdict::kYes) {
      ++sat;
      REQUIRE(r.assignment);
      CHECK(satisfies(g.cnf, *r.assignment));
      CHECK(r.witness_ok);
    } else {
      ++unsat;
      CHECK(r.sat_truth->status == SatStatus::kUnsat);
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
    const ChainReport r = run_ov_chain(g.ov, "test", o);
    CHECK(r.agreement == Agreement::kAgree);
    CHECK(r.decoded.verdict == (s % 2 ? Verdict::kYes : Verdict::kNo));
    CHECK(*r.oracle_linf <= o.noise);
    CHECK(*r.oracle_linf > 0.5 * o.noise);
    const auto bundle = to_run_bundle(r, "sha", {{"nA", 64}});
    CHECK(bundle["verdict"] == "agree");
    CHECK(bundle["chain"][0]["overhead_ok"] == true);
  }
}

TEST_CASE("A chain whose oracle errs beyond its claim reports AMBIGUOUS", "[chain]") {
  const auto g = random_ov({64, 64, 20, 0.5, OvPlant::kForceNo, 5});
  ChainOptions o;
  o.noise = 0.45;          // far beyond 7/36 ...
  o.assumed_error = 1e-9;  // ... while the decoder trusts an exact oracle
  const ChainReport r = run_ov_chain(g.ov, "test", o);
  CHECK(r.agreement == Agreement::kAmbiguous);
  CHECK(r.decoded.ambiguous_rows > 0);
  CHECK_THAT(r.explanation, Catch::Contains("exceeded"));
}

TEST_CASE("CNF chain at 30 variables agrees with CaDiCaL, SAT and UNSAT", "[slow]") {
  const auto seed = test::test_seed("CNF chain 30 variables", 7);
  const auto sat = random_kcnf({30, clauses_for_ratio(30, 4.2), 3, true, seed});
  const ChainReport r1 = run_cnf_chain(sat.cnf, "sat30", ChainOptions{});
  CHECK(r1.agreement == Agreement::kAgree);
  CHECK(r1.decoded.verdict == Verdict::kYes);
  REQUIRE(r1.assignment);
  CHECK(satisfies(sat.cnf, *r1.assignment));
  CHECK(r1.certificate.n_q == (1 << 15) + 1);

  // The first unsatisfiable uniform random 3-CNF at ratio 5.5 from the seed on.
  for (std::uint64_t s = seed;; ++s) {
    const auto g = random_kcnf({30, clauses_for_ratio(30, 5.5), 3, false, s});
    if (solve_cadical(g.cnf).status != SatStatus::kUnsat) continue;
    const ChainReport r2 = run_cnf_chain(g.cnf, "unsat30", ChainOptions{});
    CHECK(r2.agreement == Agreement::kAgree);
    CHECK(r2.decoded.verdict == Verdict::kNo);
    break;
  }
}
