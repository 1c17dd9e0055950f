// Gap Max-IP -> Gap-Hamming by weight balancing (reductions/gap_max_ip_to_hamming.hpp):
// ||a' - b'||_0 = W_a + W_b - 2 <a, b> for every pair, with weights equal or
// not, t raised to 1 where it would vanish, the promise kept row by row, and
// no padding at all for the distributed PCP's constant-weight vectors.
#include <catch2/catch.hpp>

#include "core/gap_hamming.hpp"
#include "instances/random_ov.hpp"
#include "reductions/gap_max_ip_to_hamming.hpp"
#include "reductions/ov_to_gap_max_ip.hpp"
#include "test_seed.hpp"

using namespace sethkit;

namespace {
void check_balanced(const GapMaxIp& g) {
  const GapMaxIpToHamming rule;
  const BalancedHammingCertificate c = rule.certificate(g);
  const GapHamming h = rule.encode(g);
  REQUIRE(h.points.d() == c.dim);
  CHECK(h.t == c.t);
  CHECK(h.t >= 1);
  for (std::size_t i = 0; i < g.points.n_a(); ++i)
    for (std::size_t j = 0; j < g.points.n_b(); ++j) {
      const std::size_t ip = inner_product(g.points.a(i), g.points.b(j));
      const std::size_t dist = hamming_distance(h.points.a(i), h.points.b(j));
      CHECK(dist == c.weight_a + c.weight_b - 2 * ip);
      if (ip >= g.s_yes) CHECK(dist <= h.t);
      if (ip <= g.s_no) CHECK(static_cast<double>(dist) >= h.no_distance() - 1e-9);
    }
}
}  // namespace

TEST_CASE("Weight balancing: distance = W_a + W_b - 2 <a, b> on random instances", "[max-ip]") {
  const auto seed = test::test_seed("gap max-ip to hamming");
  for (std::uint64_t s = seed; s < seed + 20; ++s) {
    GapMaxIp g;
    g.points = random_ov({1 + s % 5, 1 + s % 4, 1 + s % 9, 0.5, OvPlant::kNone, s}).ov;
    g.s_yes = 1 + s % 3;
    g.s_no = g.s_yes - 1;
    INFO("seed " << s);
    check_balanced(g);
  }
}

TEST_CASE("Weight balancing: t is raised to 1 where the weights would make it 0", "[max-ip]") {
  GapMaxIp g;
  g.points = OvInstance(1, 1, 2);
  g.points.a(0)[0] = 1;
  g.points.b(0)[0] = 1;
  g.s_yes = 1;
  g.s_no = 0;
  const BalancedHammingCertificate c = GapMaxIpToHamming().certificate(g);
  CHECK((c.t == 1 && c.weight_a == 2 && c.pad_a == 1 && c.pad_b == 0));
  check_balanced(g);
  g.s_no = 1;
  CHECK_THROWS_WITH(GapMaxIpToHamming().certificate(g), Catch::Contains("need s_yes > s_no"));
}

TEST_CASE("Weight balancing: the distributed PCP's vectors need no padding", "[max-ip][pcp]") {
  const auto ov = random_ov({3, 3, 6, 0.4, OvPlant::kPlantYes, 3}).ov;
  const GapMaxIp g = OvToGapMaxIp().encode(ov);
  const BalancedHammingCertificate c = GapMaxIpToHamming().certificate(g);
  CHECK((c.pad_a == 0 && c.pad_b == 0 && c.dim == g.points.d()));
  const std::size_t q = g.s_yes;
  CHECK(c.t == c.weight_b - q);  // q^(l+1) + q - 2q
  CHECK(c.eps == Approx(2.0 * static_cast<double>(q - g.s_no) / static_cast<double>(c.t)));
  check_balanced(g);
}
