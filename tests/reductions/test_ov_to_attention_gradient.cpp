// OV -> attention gradient (reductions/ov_to_attention_gradient.hpp,
// docs/reductions/ov_to_attention_gradient.md): exhaustive over tiny
// instances and random planted YES / forced NO through naive's and flash64's
// backward passes, the proven row-value bounds, the identity
// dQ_i[m] = -scale Y_i (1 - Y_i) against the forward pass, an error just
// under the tolerance decoding the same and one above it caught, the
// certificate and the edge's size formulas.
#include <catch2/catch.hpp>
#include <cmath>

#include "attention/naive_backend.hpp"
#include "attention/registry.hpp"
#include "core/rng.hpp"
#include "core/verify.hpp"
#include "instances/exhaustive_ov.hpp"
#include "instances/random_ov.hpp"
#include "reductions/ov_to_attention_gradient.hpp"
#include "solvers/ov_solver.hpp"
#include "test_seed.hpp"

using namespace sethkit;

namespace {
Matrix gradient_oracle(const AttentionGradientInstance& t, const std::string& backend = "naive") {
  const auto b = make_backend(backend);
  const AttentionInput in{t.attention.q, t.attention.k, t.attention.v, t.attention.scale};
  return b->backward(in, b->run(in), t.d_out).dq;
}

void check_row_bounds(const OvInstance& ov, const AttentionGradientInstance& t, const Matrix& dq) {
  const Matrix y = OvToAttentionGradient::row_values(t, dq);
  const auto& c = t.attention.certificate;
  for (std::size_t i = 0; i < ov.n_a(); ++i) {
    bool has_partner = false;
    for (std::size_t j = 0; j < ov.n_b(); ++j)
      has_partner = has_partner || is_orthogonal_pair(ov, i, j);
    const double value = y(static_cast<Eigen::Index>(i), 0);
    if (has_partner)
      CHECK(value <= c.yes_bound + 1e-12);
    else
      CHECK(value >= c.no_bound - 1e-12);
  }
}
}  // namespace

TEST_CASE("OV -> attention gradient: every instance with n_a, n_b <= 2 and d <= 3",
          "[gradient-reduction][exhaustive]") {
  const OvToAttentionGradient rule;
  int instances = 0, yes = 0;
  for_each_ov_instance(2, 3, [&](const OvInstance& ov) {
    const auto t = rule.encode(ov);
    const Matrix dq = gradient_oracle(t);
    check_row_bounds(ov, t, dq);
    const auto decoded = rule.decode(ov, t, dq, 1e-12);
    const bool truth = solve_ov_naive(ov).found;
    REQUIRE(decoded.verdict == (truth ? Verdict::kYes : Verdict::kNo));
    if (truth) {
      REQUIRE(decoded.witness);
      CHECK(is_orthogonal_pair(ov, decoded.witness->first, decoded.witness->second));
      ++yes;
    }
    ++instances;
  });
  CHECK(instances == 36 + 400 + 5184);
  CHECK(yes > 0);
  CHECK(yes < instances);
}

TEST_CASE("OV -> attention gradient: planted YES and forced NO through naive and flash64",
          "[gradient-reduction]") {
  const auto seed = test::test_seed("gradient reduction planted", 73);
  const OvToAttentionGradient rule;
  for (std::uint64_t s = seed; s < seed + 20; ++s) {
    const bool plant_yes = s % 2 == 0;
    const std::size_t n = 20 + s % 40;
    const auto g = random_ov(
        {n, n + s % 5, 10 + s % 16, 0.5, plant_yes ? OvPlant::kPlantYes : OvPlant::kForceNo, s});
    INFO("seed " << s);
    const auto t = rule.encode(g.ov);
    for (const std::string backend : {"naive", "flash64"}) {
      INFO(backend);
      const Matrix dq = gradient_oracle(t, backend);
      check_row_bounds(g.ov, t, dq);
      const auto decoded = rule.decode(g.ov, t, dq, 1e-12);
      CHECK(decoded.verdict == (plant_yes ? Verdict::kYes : Verdict::kNo));
      CHECK(decoded.margin >= t.attention.certificate.tolerated_error - 1e-9);
      if (plant_yes) {
        REQUIRE(decoded.witness);
        CHECK(is_orthogonal_pair(g.ov, decoded.witness->first, decoded.witness->second));
      }
    }
  }
}

TEST_CASE("OV -> attention gradient: dQ's read column is -scale Y (1 - Y)",
          "[gradient-reduction]") {
  const auto g = random_ov({15, 18, 9, 0.5, OvPlant::kPlantYes, 5});
  const auto t = OvToAttentionGradient().encode(g.ov);
  const auto& a = t.attention;
  const Matrix y = NaiveBackend().run({a.q, a.k, a.v, a.scale}).out;  // the sink's weight
  const Matrix dq = gradient_oracle(t);
  const Vector want = -a.scale * (y.col(0).array() * (1 - y.col(0).array())).matrix();
  CHECK((dq.col(t.read_column) - want).cwiseAbs().maxCoeff() < 1e-15);
  // The last column of K leaves the logits alone: Q's last column is zero.
  CHECK(a.q.col(t.read_column).isZero());
}

TEST_CASE("OV -> attention gradient: errors under the tolerance decode the same, above it not",
          "[gradient-reduction]") {
  const OvToAttentionGradient rule;
  for (const bool plant_yes : {true, false}) {
    const auto g =
        random_ov({30, 30, 14, 0.5, plant_yes ? OvPlant::kPlantYes : OvPlant::kForceNo, 11});
    const auto t = rule.encode(g.ov);
    const Matrix dq = gradient_oracle(t);
    const double tol = OvToAttentionGradient::gradient_tolerance(t.attention.certificate);
    CHECK(tol == Approx(3 * t.attention.scale / (16.0 * 31)));
    // The worst shift the claim allows: every row pushed towards the threshold.
    Matrix shifted = dq;
    shifted.col(t.read_column).array() += plant_yes ? 0.99 * tol : -0.99 * tol;
    CHECK(rule.decode(g.ov, t, shifted, tol * 0.995).verdict ==
          (plant_yes ? Verdict::kYes : Verdict::kNo));
    // An error of twice the tolerance is not covered by a claim below it: the
    // rows leave both ranges, and nothing is decided.
    Matrix wrong = dq;
    wrong.col(t.read_column).array() += plant_yes ? 2.5 * tol : -2.5 * tol;
    const auto d = rule.decode(g.ov, t, wrong, 0.1 * tol);
    CHECK(d.verdict != (plant_yes ? Verdict::kYes : Verdict::kNo));
    CHECK_THROWS_WITH(rule.decode(g.ov, t, dq, tol), Catch::Contains("not below the tolerated"));
  }
}

TEST_CASE("OV -> attention gradient: the certificate", "[gradient-reduction]") {
  const auto g = random_ov({40, 25, 12, 0.5, OvPlant::kNone, 3});
  const auto c = OvToAttentionGradient().certificate(g.ov);
  CHECK(c.n_q == 40);
  CHECK(c.n_k == 26);
  CHECK(c.d == 13);
  CHECK(c.scale == Approx(1.0 / 13));
  CHECK(c.s == Approx(std::sqrt(13 * std::log(8.0 * 40 * 41))));
  CHECK(c.yes_bound == Approx(1 - 2.0 / 41));
  CHECK(c.no_bound == Approx(1 - 1.0 / 82));
  Limits tiny;
  tiny.max_bytes = 1000;
  CHECK_THROWS_WITH(OvToAttentionGradient({tiny}).certificate(g.ov),
                    Catch::Contains("ov-to-attention-gradient"));
}

TEST_CASE("OV -> attention gradient: the bounds at a forced magnitude hold, and overlap below",
          "[gradient-reduction]") {
  const OvToAttentionGradient rule;
  Rng rng(test::test_seed("gradient forced magnitude", 11));
  for (int trial = 0; trial < 20; ++trial) {
    const auto g = random_ov({12, 10, 6, 0.4, OvPlant::kNone, rng.next_u64()});
    const auto proof = rule.certificate(g.ov);
    const auto same = rule.certificate_at_magnitude(g.ov, proof.s);
    CHECK(same.no_bound == Approx(proof.no_bound));
    CHECK(same.yes_bound == proof.yes_bound);
    for (const double factor : {0.3, 0.6, 0.8, 1.0, 1.5}) {
      INFO("trial " << trial << " s = " << factor << " x the proof's");
      const auto t = rule.encode_at_magnitude(g.ov, factor * proof.s);
      CHECK(t.attention.certificate.s == Approx(factor * proof.s));
      check_row_bounds(g.ov, t, gradient_oracle(t));
    }
  }
  const auto g = random_ov({12, 10, 6, 0.4, OvPlant::kNone, 5});
  const auto low = rule.certificate_at_magnitude(g.ov, 0.3 * rule.certificate(g.ov).s);
  CHECK(low.tolerated_error <= 0);
  CHECK(low.no_bound == 0);  // 4 N e^(-beta) >= 1: no bound at all on NO rows
  CHECK_THAT(low.tolerance_note, Catch::StartsWith("none: at s = "));
}
