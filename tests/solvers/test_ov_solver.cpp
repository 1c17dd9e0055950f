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
    // Crosses the 64-, 128- and 256-bit boundaries (1 to 6 words: the fixed-width and the
    // any-width block scans).
    const std::size_t d = 1 + (s * 7) % 330;
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

TEST_CASE("OV: the block scan keeps the lexicographically first pair", "[ov]") {
  // Blocks of kBlockRows rows of A; B longer than one scan chunk (1024 rows).
  for (std::size_t d : {40, 100, 300}) {
    INFO("d " << d);
    OvInstance ov(21, 2500, d);
    for (std::size_t i = 0; i < ov.n_a(); ++i) std::fill(ov.a(i).begin(), ov.a(i).end(), 1);
    for (std::size_t j = 0; j < ov.n_b(); ++j) std::fill(ov.b(j).begin(), ov.b(j).end(), 1);
    CHECK_FALSE(solve_ov_bitpacked(ov).found);
    // Row 18 (in the last, partial block) meets B's row 3; row 17 meets row 2400:
    // the first pair is (17, 2400) though the block's earliest j is 3.
    ov.a(18)[d - 1] = 0;
    std::fill(ov.b(3).begin(), ov.b(3).end(), 0);
    ov.b(3)[d - 1] = 1;
    std::fill(ov.a(17).begin(), ov.a(17).end(), 0);
    ov.a(17)[0] = ov.a(17)[d - 1] = 1;
    std::fill(ov.b(2400).begin(), ov.b(2400).end(), 0);
    ov.b(2400)[1] = 1;
    const OvAnswer want = solve_ov_naive(ov), got = solve_ov_bitpacked(ov);
    REQUIRE(want.found);
    CHECK(want.i == 17);
    CHECK(want.j == 2400);
    CHECK(got.found);
    CHECK(got.i == want.i);
    CHECK(got.j == want.j);
  }
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
