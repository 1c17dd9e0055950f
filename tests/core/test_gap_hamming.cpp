// Gap-Hamming instances (core/gap_hamming.hpp): the text form and brute-force
// nearest distances. (The planted generator: tests/instances.)
#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "core/gap_hamming.hpp"
#include "instances/planted_gap_hamming.hpp"
#include "test_seed.hpp"

using namespace sethkit;

TEST_CASE("Gap-Hamming text form: round trip with labels, and bad headers", "[gap-hamming]") {
  const auto seed = test::test_seed("Gap-Hamming round trip");
  const auto g = planted_gap_hamming({20, 32, 3, 1.0, 0.5, 50, seed});
  const std::string text = format_gap_hamming(g.instance, g.provenance);
  CHECK_THAT(text,
             Catch::Contains("\np gap-hamming 20 20 32 3 1\n") && Catch::Contains("c label 0 "));
  const GapHamming back = parse_gap_hamming(text, "g.gh", OvReadOptions{true, {}});
  CHECK(back.points == g.instance.points);
  CHECK(back.t == 3);
  CHECK(back.eps == 1.0);
  CHECK(back.labels == g.instance.labels);
  CHECK_THROWS_WITH(parse_gap_hamming("p ov 1 1 2\na 01\nb 10\n", "x.gh"),
                    Catch::Contains("x.gh") && Catch::Contains("gap-hamming"));
  CHECK_THROWS_WITH(parse_gap_hamming("p gap-hamming 1 1 2 0 1\n", "x.gh"),
                    Catch::Contains("x.gh:1:") && Catch::Contains("t >= 1"));
  CHECK_THROWS_WITH(parse_gap_hamming("p gap-hamming 1 1 2 1 -3\n", "x.gh"),
                    Catch::Contains("eps > 0"));
  CHECK_THROWS_WITH(
      parse_gap_hamming("c label 4 yes\np gap-hamming 1 1 2 1 1\na 01\nb 10\n", "x.gh"),
      Catch::Contains("x.gh:1") && Catch::Contains("beyond"));
}

TEST_CASE("nearest_distances equals the byte-wise minimum", "[gap-hamming]") {
  const auto seed = test::test_seed("nearest distances");
  const auto g = planted_gap_hamming({30, 130, 10, 1.0, 0.3, 0, seed});  // 130 bits: three words
  const auto nearest = nearest_distances(g.instance.points);
  for (std::size_t i = 0; i < 30; ++i) {
    std::size_t best = 1000;
    for (std::size_t j = 0; j < 30; ++j)
      best = std::min(best, hamming_distance(g.instance.points.a(i), g.instance.points.b(j)));
    CHECK(nearest[i] == best);
  }
}
