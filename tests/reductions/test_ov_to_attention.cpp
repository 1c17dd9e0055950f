// OV -> attention with one sink (C2): exhaustive over tiny instances, random
// planted YES and forced NO, the proven output bounds, noise just under the
// tolerated error (random and adversarial), ambiguity, certificates.
#include <catch2/catch.hpp>
#include <cmath>

#include "attention/naive_backend.hpp"
#include "core/error.hpp"
#include "core/rng.hpp"
#include "core/verify.hpp"
#include "instances/exhaustive_ov.hpp"
#include "instances/random_ov.hpp"
#include "reductions/ov_to_attention.hpp"
#include "solvers/ov_solver.hpp"
#include "test_seed.hpp"

using namespace sethkit;

namespace {
Matrix oracle(const AttentionInstance& t) {
  return NaiveBackend().run({t.q, t.k, t.v, t.scale}).out;
}

void check_bounds(const OvInstance& ov, const AttentionInstance& t, const Matrix& out) {
  for (std::size_t i = 0; i < ov.n_a(); ++i) {
    bool has_partner = false;
    for (std::size_t j = 0; j < ov.n_b(); ++j)
      has_partner = has_partner || is_orthogonal_pair(ov, i, j);
    const double y = out(static_cast<Eigen::Index>(i), 0);
    if (has_partner)
      CHECK(y <= t.certificate.yes_bound + 1e-12);
    else
      CHECK(y >= t.certificate.no_bound - 1e-12);
  }
}
}  // namespace

TEST_CASE("C2 exhaustive: every instance with n_a, n_b <= 2 and d <= 3", "[c2][exhaustive]") {
  const OvToAttention c2;
  int instances = 0, yes = 0;
  for_each_ov_instance(2, 3, [&](const OvInstance& ov) {
    const auto t = c2.encode(ov);
    const Matrix out = oracle(t);
    check_bounds(ov, t, out);
    const auto decoded = c2.decode(ov, t, out, 1e-9);
    const bool truth = solve_ov_naive(ov).found;
    REQUIRE(decoded.verdict == (truth ? Verdict::kYes : Verdict::kNo));
    if (truth) {
      REQUIRE(decoded.witness);
      CHECK(is_orthogonal_pair(ov, decoded.witness->first, decoded.witness->second));
      ++yes;
    }
    ++instances;
  });
  CHECK(instances == 36 + 400 + 5184);  // sum of 2^((n_a + n_b) d)
  CHECK(yes > 0);
  CHECK(yes < instances);
}

TEST_CASE("C2 random: planted YES and forced NO decode correctly, bounds hold", "[c2]") {
  const auto seed = test::test_seed("C2 planted");
  const OvToAttention c2;
  for (std::uint64_t s = seed; s < seed + 30; ++s) {
    const bool plant_yes = s % 2 == 0;
    const std::size_t n = 20 + s % 50;
    const auto g = random_ov(
        {n, n + s % 7, 12 + s % 20, 0.5, plant_yes ? OvPlant::kPlantYes : OvPlant::kForceNo, s});
    INFO("seed " << s);
    const auto t = c2.encode(g.ov);
    const Matrix out = oracle(t);
    check_bounds(g.ov, t, out);
    const auto decoded = c2.decode(g.ov, t, out, 1e-9);
    CHECK(decoded.verdict == (plant_yes ? Verdict::kYes : Verdict::kNo));
    CHECK(decoded.margin >= 7.0 / 36.0 - 1e-12);
    if (plant_yes) {
      REQUIRE(decoded.witness);
      CHECK(is_orthogonal_pair(g.ov, decoded.witness->first, decoded.witness->second));
    }
  }
}

TEST_CASE("C2: noise just under the tolerated error leaves every decision unchanged",
          "[c2][noise]") {
  const auto seed = test::test_seed("C2 noise");
  const OvToAttention c2;
  const double tol = 0.999 * 7.0 / 36.0;
  Rng rng(seed);
  for (std::uint64_t s = seed; s < seed + 20; ++s) {
    const auto g = random_ov({40, 40, 16, 0.5, s % 2 ? OvPlant::kPlantYes : OvPlant::kForceNo, s});
    const auto t = c2.encode(g.ov);
    const Matrix clean = oracle(t);
    const auto expected = c2.decode(g.ov, t, clean, 1e-9);
    Matrix random_noise = clean, adversarial = clean;
    for (Eigen::Index i = 0; i < clean.rows(); ++i) {
      random_noise(i, 0) += rng.uniform(-tol, tol);
      // Push every output toward the threshold, the worst case for the decoder.
      adversarial(i, 0) += clean(i, 0) < 25.0 / 36.0 ? tol : -tol;
    }
    for (const Matrix* noisy : {&random_noise, &adversarial}) {
      const auto d = c2.decode(g.ov, t, *noisy, tol);
      CHECK(d.verdict == expected.verdict);
      CHECK(d.ambiguous_rows == 0);
      CHECK(d.yes_rows == expected.yes_rows);
    }
  }
}

TEST_CASE("C2: outputs between the YES and NO bounds are ambiguous, never decided", "[c2]") {
  const OvToAttention c2;
  const auto g = random_ov({10, 10, 8, 0.5, OvPlant::kPlantYes, 3});
  const auto t = c2.encode(g.ov);
  Matrix out = oracle(t);
  out(4, 0) = 0.7;  // between 1/2 + 1e-9 and 8/9 - 1e-9
  auto d = c2.decode(g.ov, t, out, 1e-9);
  CHECK(d.verdict == Verdict::kAmbiguous);
  CHECK(d.first_ambiguous_row == 4u);
  CHECK_THAT(d.note, Catch::Contains("row 4"));
  out(4, 0) = std::nan("");
  CHECK(c2.decode(g.ov, t, out, 1e-9).verdict == Verdict::kAmbiguous);
  out(4, 0) = 1.5;  // a probability above 1 is no valid oracle output either
  CHECK(c2.decode(g.ov, t, out, 1e-9).verdict == Verdict::kAmbiguous);
  // An oracle that claims an error of 7/36 or more could blur YES into NO: refused.
  CHECK_THROWS_WITH(c2.decode(g.ov, t, oracle(t), 7.0 / 36.0),
                    Catch::Contains("not below the tolerated"));
}

TEST_CASE("C2 certificate: claims match the built instance", "[c2]") {
  const auto seed = test::test_seed("C2 certificate");
  for (auto convention : {ScaleConvention::kInverseD, ScaleConvention::kInverseSqrtD}) {
    OvToAttention::Params p;
    p.scale = convention;
    const OvToAttention c2(p);
    for (std::uint64_t s = seed; s < seed + 10; ++s) {
      const auto g = random_ov(
          {30 + s % 5, 20, 10 + s % 9, 0.4, s % 2 ? OvPlant::kPlantYes : OvPlant::kForceNo, s});
      const auto t = c2.encode(g.ov);
      const auto& c = t.certificate;
      const double m = static_cast<double>(g.ov.d());
      CHECK(c.n_q == t.q.rows());
      CHECK(c.n_k == t.k.rows());
      CHECK(c.d == t.q.cols());
      CHECK(t.q.rows() == static_cast<Eigen::Index>(g.ov.n_a() + 1));
      CHECK(std::max({max_abs_entry(t.q), max_abs_entry(t.k), max_abs_entry(t.v)}) ==
            Approx(c.entry_bound));
      CHECK(c.scale == Approx(convention == ScaleConvention::kInverseD ? 1 / m : 1 / std::sqrt(m)));
      CHECK(c.s * c.s * c.scale ==
            Approx(std::log(8.0 * c.big_n)));  // logit per unit inner product
      const auto run = NaiveBackend().run({t.q, t.k, t.v, t.scale});
      CHECK(run.max_abs_logit <= c.logit_radius + 1e-9);
      CHECK(run.max_abs_logit == Approx(std::log(8.0 * c.big_n) * max_inner_product(g.ov)));
      const auto d = c2.decode(g.ov, t, run.out, 1e-9);
      CHECK(d.verdict == (s % 2 ? Verdict::kYes : Verdict::kNo));
    }
  }
  Limits tiny;
  tiny.max_bytes = 1000;
  OvToAttention::Params p;
  p.limits = tiny;
  CHECK_THROWS_WITH(OvToAttention(p).certificate(OvInstance(100, 100, 10)),
                    Catch::Contains("above the memory budget of 1000 bytes"));
}
