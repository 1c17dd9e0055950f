// Gap Max-IP -> attention with one sink (reductions/gap_max_ip_to_attention.hpp):
// on the distributed PCP's instances, YES and NO, the float64 oracle's rows
// sit on the right side of the certificate's bounds (YES <= 1/4, NO >= 3/4),
// the decoded rows are brute force's labels, the witness has inner product
// >= s_yes, entries stay within B, and noise just inside the tolerance decodes
// the same while noise past it is caught as ambiguous or wrong.
#include <catch2/catch.hpp>

#include "attention/naive_backend.hpp"
#include "core/rng.hpp"
#include "instances/random_ov.hpp"
#include "reductions/gap_max_ip_to_attention.hpp"
#include "reductions/ov_to_gap_max_ip.hpp"
#include "test_seed.hpp"

using namespace sethkit;

TEST_CASE("Gap Max-IP -> attention: rows decode as brute force labels them, YES and NO",
          "[max-ip][pcp]") {
  const auto seed = test::test_seed("gap max-ip to attention");
  for (std::uint64_t s = seed; s < seed + 6; ++s) {
    const bool yes = s % 2 == 0;
    const auto ov =
        random_ov({4, 5, 4 + s % 5, 0.4, yes ? OvPlant::kPlantYes : OvPlant::kForceNo, s}).ov;
    const GapMaxIp g = OvToGapMaxIp().encode(ov);
    const GapMaxIpToAttention rule;
    const AttentionInstance instance = rule.encode(g);
    const AttentionCertificate& c = instance.certificate;
    INFO("seed " << s);
    CHECK(instance.q.cwiseAbs().maxCoeff() <= c.entry_bound * (1 + 1e-12));
    CHECK(instance.k.cwiseAbs().maxCoeff() <= c.entry_bound * (1 + 1e-12));
    CHECK(c.yes_bound == Approx(0.25));
    CHECK(c.no_bound == Approx(0.75));
    const Matrix out = NaiveBackend().run({instance.q, instance.k, instance.v, instance.scale}).out;
    const std::vector<std::size_t> largest = largest_inner_products(g.points);
    for (std::size_t i = 0; i < g.points.n_a(); ++i) {
      const double y = out(static_cast<Eigen::Index>(i), 0);
      if (largest[i] >= g.s_yes) CHECK(y <= c.yes_bound);
      if (largest[i] <= g.s_no) CHECK(y >= c.no_bound);
    }
    const GapDecoded d = rule.decode(g, instance, out, 1e-9);
    CHECK(d.verdict == (yes ? Verdict::kYes : Verdict::kNo));
    for (std::size_t i = 0; i < g.points.n_a(); ++i)
      CHECK((d.rows.rows[i] == Verdict::kYes) == (largest[i] >= g.s_yes));
    if (yes) {
      REQUIRE(d.witness.has_value());
      CHECK(inner_product(g.points.a(d.witness->first), g.points.b(d.witness->second)) >= g.s_yes);
    }
    // Noise at 99% of the tolerance decodes the same; at 3 times it cannot be trusted.
    Rng rng(s);
    const Matrix noisy =
        out + uniform_matrix(rng, out.rows(), out.cols(), 0.99 * c.tolerated_error);
    CHECK(rule.decode(g, instance, noisy, 0.99 * c.tolerated_error).verdict == d.verdict);
    CHECK_THROWS_WITH(rule.decode(g, instance, out, c.tolerated_error),
                      Catch::Contains("not below the tolerated"));
  }
}

TEST_CASE("Gap Max-IP -> attention: sizes, the sink's width and refusals", "[max-ip]") {
  GapMaxIp g;
  g.points = random_ov({3, 4, 20, 0.5, OvPlant::kNone, 9}).ov;
  g.s_yes = 6;
  g.s_no = 2;
  const AttentionCertificate c = GapMaxIpToAttention().certificate(g);
  const double c_per_unit = std::log(9.0 * 4) / 4;
  const double lambda = (c_per_unit * 8 + std::log(4.0)) / 2;
  const auto w = static_cast<Eigen::Index>(std::ceil(lambda / c_per_unit));
  CHECK((c.n_q == 3 && c.n_k == 5 && c.d == 20 + w));
  CHECK(c.entry_bound == Approx(std::sqrt(c_per_unit * static_cast<double>(20 + w))));
  g.s_no = 6;
  CHECK_THROWS_WITH(GapMaxIpToAttention().certificate(g), Catch::Contains("need s_yes > s_no"));
  g.s_no = 2;
  Limits tight;
  tight.max_bytes = 100;
  CHECK_THROWS(GapMaxIpToAttention({9, tight}).certificate(g));
}
