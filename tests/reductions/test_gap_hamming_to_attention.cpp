// Gap-Hamming -> attention (reductions/gap_hamming_to_attention.hpp), one sink
// and n sinks: planted YES and NO rows
// with naive and flash, the proven bounds, noise just under the tolerance
// (decisions unchanged) and beyond it (ambiguous, never silently wrong), the
// n-sink variant's 1/poly(n) tolerance and its refusal of float32 oracles.
#include <catch2/catch.hpp>
#include <cmath>

#include "attention/flash_backend.hpp"
#include "attention/naive_backend.hpp"
#include "core/error.hpp"
#include "core/rng.hpp"
#include "core/verify.hpp"
#include "instances/planted_gap_hamming.hpp"
#include "reductions/gap_hamming_to_attention.hpp"
#include "test_seed.hpp"

using namespace sethkit;

namespace {
AttentionOutput run(const AttentionBackend& backend, const AttentionInstance& t) {
  return backend.run({t.q, t.k, t.v, t.scale});
}

// Every row inside the promise decodes to its brute-force label, and a YES
// answer comes with a witness pair within distance t (a NO answer with none).
void check_rows(const GapHamming& g, const GapDecoded& d) {
  if (d.verdict == Verdict::kYes) {
    REQUIRE(d.witness);
    CHECK(d.rows.rows[d.witness->first] == Verdict::kYes);
    CHECK(hamming_distance(g.points.a(d.witness->first), g.points.b(d.witness->second)) <= g.t);
  } else if (d.verdict == Verdict::kNo) {
    CHECK_FALSE(d.witness);
  }
  const auto nearest = nearest_distances(g.points);
  for (std::size_t i = 0; i < nearest.size(); ++i) {
    const GapLabel truth = label_for_distance(g, nearest[i]);
    if (truth == GapLabel::kOutside) continue;
    INFO("row " << i << " nearest " << nearest[i]);
    CHECK(d.rows.rows[i] == (truth == GapLabel::kYes ? Verdict::kYes : Verdict::kNo));
  }
}
}  // namespace

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
