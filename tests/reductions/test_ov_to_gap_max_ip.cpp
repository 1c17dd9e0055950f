// OV -> Gap Max-IP by the distributed PCP (reductions/ov_to_gap_max_ip.hpp,
// reductions/reed_solomon_protocol.hpp). The protocol's claims are checked
// against an independent evaluator written here (Lagrange's formula with
// Fermat inverses, no FLINT): the column polynomials interpolate the grid,
// P counts each row's common ones, the hints are exactly the polynomials of
// degree <= 2k - 2 vanishing on 1..k, and for every pair and every hint of
// every vector pair with m <= 4 (and at random beyond) the inner product of
// the built vectors is the number of accepting r: q for an orthogonal pair
// with its honest hint, at most 2k - 2 otherwise.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <tuple>

#include "core/error.hpp"
#include "instances/random_ov.hpp"
#include "reductions/ov_to_gap_max_ip.hpp"
#include "test_seed.hpp"

using namespace sethkit;

namespace {
std::uint64_t power_mod(std::uint64_t b, std::uint64_t e, std::uint64_t q) {
  std::uint64_t r = 1;
  for (b %= q; e; e >>= 1, b = b * b % q)
    if (e & 1) r = r * b % q;
  return r;
}

// Column y's polynomial at r by Lagrange's formula over the points 1..k.
std::uint64_t lagrange_at(const ProtocolShape& s, std::span<const std::uint8_t> v, std::size_t y,
                          std::uint64_t r) {
  std::uint64_t sum = 0;
  for (std::size_t x = 1; x <= s.k; ++x) {
    const std::size_t t = y * s.k + (x - 1);
    if (t >= s.m || !v[t]) continue;
    std::uint64_t num = 1, den = 1;
    for (std::size_t z = 1; z <= s.k; ++z) {
      if (z == x) continue;
      num = num * ((r + s.q - z % s.q) % s.q) % s.q;
      den = den * ((x + s.q - z) % s.q) % s.q;
    }
    sum = (sum + num * power_mod(den, s.q - 2, s.q)) % s.q;
  }
  return sum;
}

OvInstance pair_instance(std::size_t m, unsigned x, unsigned y) {
  OvInstance ov(1, 1, m);
  for (std::size_t t = 0; t < m; ++t) {
    ov.a(0)[t] = (x >> t) & 1;
    ov.b(0)[t] = (y >> t) & 1;
  }
  return ov;
}

// Every (row, j) inner product of the encoding against the protocol's
// accepting count, computed here from the Lagrange evaluator.
void check_gap(const OvInstance& ov, const OvToGapMaxIp& rule) {
  const GapMaxIpCertificate c = rule.certificate(ov);
  const ProtocolShape& s = c.shape;
  const ReedSolomonProtocol protocol(s);
  const GapMaxIp g = rule.encode(ov);
  REQUIRE(g.points.n_a() == c.rows_a);
  REQUIRE(g.points.d() == c.dim);
  for (std::size_t i = 0; i < ov.n_a(); ++i)
    for (std::size_t h = 0; h < c.hints; ++h) {
      const auto row = g.points.a(i * c.hints + h);
      REQUIRE(static_cast<std::size_t>(std::count(row.begin(), row.end(), 1)) == s.q);
      const FieldPoly psi = protocol.hint_polynomial(h);
      for (std::size_t j = 0; j < ov.n_b(); ++j) {
        std::size_t accepted = 0;
        for (std::uint64_t r = 0; r < s.q; ++r) {
          std::uint64_t sum = 0;
          for (std::size_t y = 0; y < s.l; ++y)
            sum = (sum + lagrange_at(s, ov.a(i), y, r) * lagrange_at(s, ov.b(j), y, r)) % s.q;
          accepted += sum == protocol.evaluate(psi, r);
        }
        const std::size_t ip = inner_product(row, g.points.b(j));
        INFO("i " << i << " hint " << h << " j " << j);
        CHECK(ip == accepted);
        const bool orthogonal = inner_product(ov.a(i), ov.b(j)) == 0;
        const bool honest = orthogonal && protocol.honest_hint(ov.a(i), ov.b(j)) == h;
        if (honest)
          CHECK(ip == c.s_yes);
        else
          CHECK(ip <= c.s_no);
      }
    }
  for (std::size_t j = 0; j < ov.n_b(); ++j) {
    const auto row = g.points.b(j);
    CHECK(static_cast<std::size_t>(std::count(row.begin(), row.end(), 1)) == c.weight_b);
  }
}
}  // namespace

TEST_CASE("Protocol shapes: the default rule, chosen k and q, and refusals", "[pcp]") {
  const ProtocolShape s4 = protocol_shape(4, 0, 0, "test");
  CHECK((s4.k == 2 && s4.l == 2 && s4.q == 3));
  CHECK((s4.hints() == 3 && s4.symbols() == 27 && s4.dim() == 81));
  const ProtocolShape s16 = protocol_shape(16, 0, 0, "test");
  CHECK((s16.k == 4 && s16.l == 4 && s16.q == 7 && s16.dim() == 117649 && s16.hints() == 343));
  const ProtocolShape s12 = protocol_shape(12, 0, 0, "test");
  CHECK((s12.k == 3 && s12.l == 4 && s12.q == 5));
  const ProtocolShape chosen = protocol_shape(12, 4, 0, "test");
  CHECK((chosen.k == 4 && chosen.l == 3 && chosen.q == 7));
  // The default k makes q^(k+l+1) least, ties to the smaller q^(l+2).
  for (const auto& [m, k] : {std::pair<std::size_t, std::size_t>{1, 1},
                             {4, 2},
                             {6, 3},
                             {8, 3},
                             {9, 3},
                             {12, 3},
                             {16, 4}})
    CHECK(default_grid_rows(m) == k);
  CHECK(protocol_shape(1, 0, 0, "test").q == 2);
  CHECK(protocol_shape(4, 2, 7, "test").q == 7);
  CHECK_THROWS_WITH(protocol_shape(4, 2, 9, "test"), Catch::Contains("q = 9 must be a prime"));
  CHECK_THROWS_WITH(protocol_shape(4, 2, 2, "test"), Catch::Contains("above max(l, 2k - 2) = 2"));
  CHECK_THROWS_WITH(protocol_shape(4, 5, 0, "test"), Catch::Contains("expected 1 <= k <= m"));
  CHECK_THROWS_WITH(protocol_shape(0, 0, 0, "test"), Catch::Contains("at least one coordinate"));
  CHECK_THROWS_WITH(protocol_shape(200, 1, 0, "test"), Catch::Contains("beyond 2^62"));
  CHECK(next_prime_above(7) == 11);
  CHECK(next_prime_above(1) == 2);
}

TEST_CASE("Protocol: column polynomials interpolate the grid and P counts common ones",
          "[pcp][exhaustive]") {
  for (std::size_t m = 1; m <= 5; ++m)
    for (std::size_t k = 1; k <= m; ++k) {
      const ReedSolomonProtocol protocol(protocol_shape(m, k, 0, "test"));
      const ProtocolShape& s = protocol.shape();
      for (unsigned x = 0; x < (1u << m); ++x)
        for (unsigned y = 0; y < (1u << m); ++y) {
          const OvInstance ov = pair_instance(m, x, y);
          INFO("m " << m << " k " << k << " a " << x << " b " << y);
          const auto columns = protocol.column_polynomials(ov.a(0));
          REQUIRE(columns.size() == s.l);
          for (std::size_t c = 0; c < s.l; ++c) {
            CHECK(columns[c].size() <= s.k);  // degree <= k - 1
            for (std::uint64_t r = 0; r < s.q; ++r)
              CHECK(protocol.evaluate(columns[c], r) == lagrange_at(s, ov.a(0), c, r));
          }
          const FieldPoly p = protocol.product(ov.a(0), ov.b(0));
          CHECK(p.size() <= 2 * s.k - 1);  // degree <= 2k - 2
          for (std::size_t row = 1; row <= s.k; ++row) {
            std::uint64_t common = 0;
            for (std::size_t c = 0; c < s.l; ++c) {
              const std::size_t t = c * s.k + row - 1;
              common += t < m && ov.a(0)[t] && ov.b(0)[t];
            }
            CHECK(protocol.evaluate(p, row) == common);
          }
          const bool orthogonal = inner_product(ov.a(0), ov.b(0)) == 0;
          const auto honest = protocol.honest_hint(ov.a(0), ov.b(0));
          CHECK(honest.has_value() == orthogonal);
          if (honest) CHECK(protocol.hint_polynomial(*honest) == p);
        }
    }
}

TEST_CASE("Protocol: the hints are exactly the polynomials of degree <= 2k - 2 vanishing on 1..k",
          "[pcp][exhaustive]") {
  using Shape = std::tuple<std::size_t, std::size_t, std::size_t>;
  for (const auto& [m, k, q] : {Shape{4, 2, 3}, Shape{4, 2, 5}, Shape{6, 3, 5}, Shape{3, 1, 5}}) {
    const ReedSolomonProtocol protocol(protocol_shape(m, k, q, "test"));
    const ProtocolShape& s = protocol.shape();
    std::set<FieldPoly> vanishing;
    std::vector<std::uint64_t> c(2 * s.k - 1, 0);
    std::size_t polynomials = 1;
    for (std::size_t t = 0; t < c.size(); ++t) polynomials *= s.q;
    for (std::size_t count = 0; count < polynomials; ++count) {
      std::size_t rest = count;
      for (auto& coefficient : c) {
        coefficient = rest % s.q;
        rest /= s.q;
      }
      FieldPoly p = c;
      while (!p.empty() && p.back() == 0) p.pop_back();
      bool zero_on_grid = true;
      for (std::size_t x = 1; x <= s.k; ++x) zero_on_grid &= protocol.evaluate(p, x) == 0;
      if (zero_on_grid) vanishing.insert(p);
    }
    std::set<FieldPoly> hints;
    for (std::size_t h = 0; h < s.hints(); ++h) {
      hints.insert(protocol.hint_polynomial(h));
      const auto values = protocol.hint_values(h);
      for (std::uint64_t r = 0; r < s.q; ++r)
        CHECK(values[r] == protocol.evaluate(protocol.hint_polynomial(h), r));
    }
    INFO("m " << m << " k " << k << " q " << q);
    CHECK(hints.size() == s.hints());
    CHECK(hints == vanishing);
  }
}

TEST_CASE("OV -> Gap Max-IP: every pair and every hint of every vector pair with m <= 4",
          "[pcp][exhaustive]") {
  for (std::size_t m = 1; m <= 4; ++m)
    for (std::size_t k = 1; k <= m; ++k)
      for (unsigned x = 0; x < (1u << m); ++x)
        for (unsigned y = 0; y < (1u << m); ++y) {
          INFO("m " << m << " k " << k << " a " << x << " b " << y);
          check_gap(pair_instance(m, x, y), OvToGapMaxIp({k, 0, Limits{}}));
        }
}

TEST_CASE("OV -> Gap Max-IP: random instances, YES and NO, with a larger field", "[pcp]") {
  const auto seed = test::test_seed("ov to gap max-ip");
  for (std::uint64_t s = seed; s < seed + 6; ++s) {
    const bool yes = s % 2 == 0;
    const auto ov =
        random_ov({3, 3, 5 + s % 3, 0.4, yes ? OvPlant::kPlantYes : OvPlant::kForceNo, s});
    INFO("seed " << s);
    check_gap(ov.ov, OvToGapMaxIp());
    check_gap(ov.ov, OvToGapMaxIp({2, 7, Limits{}}));
    const GapMaxIp g = OvToGapMaxIp().encode(ov.ov);
    std::size_t best = 0;
    for (std::size_t r = 0; r < g.points.n_a(); ++r)
      for (std::size_t j = 0; j < g.points.n_b(); ++j)
        best = std::max(best, inner_product(g.points.a(r), g.points.b(j)));
    CHECK((best == g.s_yes) == yes);
    if (!yes) CHECK(best <= g.s_no);
  }
}

TEST_CASE("OV -> Gap Max-IP: the certificate, the witness map and the memory refusal", "[pcp]") {
  const auto ov = random_ov({4, 3, 9, 0.3, OvPlant::kPlantYes, 5}).ov;
  const OvToGapMaxIp rule;
  const GapMaxIpCertificate c = rule.certificate(ov);
  CHECK((c.shape.k == 3 && c.shape.l == 3 && c.shape.q == 5));
  CHECK((c.hints == 25 && c.rows_a == 100 && c.dim == 3125));
  CHECK((c.s_yes == 5 && c.s_no == 4 && c.weight_a == 5 && c.weight_b == 625));
  CHECK(c.gap_ratio == Approx(1.25));
  const GapMaxIp g = rule.encode(ov);
  const auto [i, j] = ov.planted.front();
  const auto h = ReedSolomonProtocol(c.shape).honest_hint(ov.a(i), ov.b(j));
  REQUIRE(h.has_value());
  const std::size_t row = i * c.hints + *h;
  CHECK(inner_product(g.points.a(row), g.points.b(j)) == c.s_yes);
  CHECK(rule.decode(ov, g, {row, j}) == std::pair{i, j});
  CHECK_THROWS_WITH(rule.decode(ov, g, {c.rows_a, 0}), Catch::Contains("beyond the instance"));
  Limits tight;
  tight.max_bytes = 1000;
  CHECK_THROWS_WITH(OvToGapMaxIp({0, 0, tight}).certificate(ov),
                    Catch::Contains("above the memory budget"));
}
