// Gap-Hamming -> attention (one sink and n sinks), the OV -> Hamming gadget
// (C3) and the chain CNF -> OV -> Hamming -> attention: planted YES and NO rows
// with naive and flash, the proven bounds, noise just under the tolerance
// (decisions unchanged) and beyond it (ambiguous, never silently wrong), the
// n-sink variant's 1/poly(n) tolerance and its refusal of float32 oracles.
#include <catch2/catch.hpp>
#include <cmath>

#include "attention/flash_backend.hpp"
#include "attention/naive_backend.hpp"
#include "chain/executor.hpp"
#include "core/error.hpp"
#include "core/rng.hpp"
#include "core/verify.hpp"
#include "instances/planted_gap_hamming.hpp"
#include "instances/random_cnf.hpp"
#include "reductions/gap_hamming_to_attention.hpp"
#include "reductions/ov_to_hamming.hpp"
#include "solvers/cadical_solver.hpp"
#include "solvers/ov_solver.hpp"
#include "test_seed.hpp"

using namespace sethkit;

namespace {
AttentionOutput run(const AttentionBackend& backend, const AttentionInstance& t) {
  return backend.run({t.q, t.k, t.v, t.scale});
}

// Every row inside the promise decodes to its brute-force label.
void check_rows(const GapHamming& g, const GapDecoded& d) {
  const auto nearest = nearest_distances(g.points);
  for (std::size_t i = 0; i < nearest.size(); ++i) {
    const GapLabel truth = label_for_distance(g, nearest[i]);
    if (truth == GapLabel::kOutside) continue;
    INFO("row " << i << " nearest " << nearest[i]);
    CHECK(d.rows.rows[i] == (truth == GapLabel::kYes ? Verdict::kYes : Verdict::kNo));
  }
}
}  // namespace

TEST_CASE("C3 gadget: H(f(a), g(b)) = m + 2 <a, b> for every pair with m <= 4",
          "[c3][exhaustive]") {
  for (std::size_t m = 1; m <= 4; ++m)
    for (unsigned x = 0; x < (1u << m); ++x)
      for (unsigned y = 0; y < (1u << m); ++y) {
        OvInstance ov(1, 1, m);
        for (std::size_t k = 0; k < m; ++k) {
          ov.a(0)[k] = (x >> k) & 1;
          ov.b(0)[k] = (y >> k) & 1;
        }
        const GapHamming g = OvToHamming().encode(ov);
        REQUIRE(g.points.d() == 3 * m);
        CHECK(g.t == m);
        CHECK(hamming_distance(g.points.a(0), g.points.b(0)) ==
              m + 2 * inner_product(ov.a(0), ov.b(0)));
      }
}

TEST_CASE("Gap-Hamming one sink: planted instances decode with naive and flash",
          "[gap-attention]") {
  const auto seed = test::test_seed("Gap-Hamming one sink");
  const GapHammingToAttention reduction;
  for (std::uint64_t s = seed; s < seed + 8; ++s) {
    const auto g = planted_gap_hamming({40 + s % 40, 64, 8, 1.0, 0.5, 50, s}).instance;
    const auto t = reduction.encode(g);
    const auto& c = t.certificate;
    CHECK(c.yes_bound <= 0.25 + 1e-12);
    CHECK(c.no_bound >= 0.75 - 1e-12);
    CHECK(c.tolerated_error >= 0.25 - 1e-12);
    CHECK(std::max({max_abs_entry(t.q), max_abs_entry(t.k), max_abs_entry(t.v)}) ==
          Approx(c.entry_bound));
    CHECK(c.entry_bound == Approx(c.s));  // the sink's sigma stays within s
    const double ln_n = std::log(static_cast<double>(g.points.n_b()));
    CHECK(c.s * c.s == Approx(2 * 128 * (ln_n + std::log(9.0)) / 8.0));
    const NaiveBackend naive;
    const FlashBackend flash(FlashBackend::Precision::kFloat32);
    for (const AttentionBackend* backend : {static_cast<const AttentionBackend*>(&naive),
                                            static_cast<const AttentionBackend*>(&flash)}) {
      const AttentionOutput out = run(*backend, t);
      const double assumed = out.error_bound > 0 ? out.error_bound : c.exact_oracle_error;
      const GapDecoded d = reduction.decode(g, t, out.out, assumed);
      CHECK(d.verdict != Verdict::kAmbiguous);
      check_rows(g, d);
      CHECK(out.max_abs_logit <= c.logit_radius + 1e-6);
    }
  }
}

TEST_CASE("Gap-Hamming one sink: noise under the tolerance is harmless, beyond it is ambiguous",
          "[gap-attention][noise]") {
  const auto seed = test::test_seed("Gap-Hamming noise");
  const GapHammingToAttention reduction;
  Rng rng(seed);
  for (std::uint64_t s = seed; s < seed + 6; ++s) {
    const auto g = planted_gap_hamming({64, 64, 8, 1.0, 0.5, 50, s}).instance;
    const auto t = reduction.encode(g);
    const double tol = t.certificate.tolerated_error;
    const Matrix clean = run(NaiveBackend(), t).out;
    Matrix random_noise = clean, adversarial = clean, beyond = clean;
    for (Eigen::Index i = 0; i < clean.rows(); ++i) {
      random_noise(i, 0) += rng.uniform(-0.99 * tol, 0.99 * tol);
      adversarial(i, 0) += clean(i, 0) < t.certificate.threshold ? 0.99 * tol : -0.99 * tol;
      beyond(i, 0) += rng.uniform(-3 * tol, 3 * tol);
    }
    check_rows(g, reduction.decode(g, t, random_noise, 0.99 * tol));
    check_rows(g, reduction.decode(g, t, adversarial, 0.99 * tol));
    // Beyond the tolerance, with a decoder that trusts an exact oracle: never a silent wrong
    // answer.
    const GapDecoded d = reduction.decode(g, t, beyond, 1e-9);
    CHECK(d.verdict == Verdict::kAmbiguous);
    CHECK(d.rows.ambiguous_rows > 0);
    CHECK_THROWS_WITH(reduction.decode(g, t, clean, tol),
                      Catch::Contains("not below the tolerated"));
  }
}

TEST_CASE("Gap-Hamming n sinks: 1/poly(n) tolerance, decodes in float64, refuses float32",
          "[gap-attention]") {
  const auto seed = test::test_seed("Gap-Hamming n sinks");
  GapHammingToAttention::Params p;
  p.variant = SinkVariant::kNSinks;
  const GapHammingToAttention reduction(p);
  for (std::uint64_t s = seed; s < seed + 6; ++s) {
    const auto g = planted_gap_hamming({8, 64, 4, 5.0, 0.5, 50, s}).instance;
    const auto t = reduction.encode(g);
    const auto& c = t.certificate;
    CHECK(t.q.rows() == 16);
    CHECK(t.k.rows() == 16);
    CHECK(c.tolerated_error < 1e-6);
    CHECK_THAT(c.tolerance_note, Catch::Contains("1/poly(n)"));
    const AttentionOutput exact = run(NaiveBackend(), t);
    const GapDecoded d = reduction.decode(g, t, exact.out, c.exact_oracle_error);
    CHECK(d.verdict != Verdict::kAmbiguous);
    check_rows(g, d);
    const AttentionOutput single = run(FlashBackend(FlashBackend::Precision::kFloat32), t);
    CHECK_THROWS_WITH(reduction.decode(g, t, single.out, single.error_bound),
                      Catch::Contains("not below the tolerated") && Catch::Contains("float64"));
  }
  const auto big =
      planted_gap_hamming({8, 16, 4, 3.0, 0.5, 50, 1}).instance;  // (1 + eps) t = 16 = dim: allowed
  CHECK_NOTHROW(reduction.certificate(big));
  GapHamming too_wide = big;
  too_wide.eps = 3.5;  // (1 + eps) t = 18 > dim
  CHECK_THROWS_WITH(reduction.certificate(too_wide), Catch::Contains("exceeds dim"));
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
