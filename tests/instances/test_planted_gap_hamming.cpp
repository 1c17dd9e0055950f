// Planted Gap-Hamming instances (instances/planted_gap_hamming.hpp): the
// planted labels are the brute-force labels, YES and NO rows both.
#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "core/gap_hamming.hpp"
#include "instances/planted_gap_hamming.hpp"
#include "test_seed.hpp"

using namespace sethkit;

TEST_CASE("Planted Gap-Hamming: labels are the brute-force labels, YES and NO both",
          "[gap-hamming]") {
  const auto seed = test::test_seed("planted Gap-Hamming");
  for (std::uint64_t s = seed; s < seed + 10; ++s) {
    const auto g = planted_gap_hamming({64, 64, 8, 1.0, 0.5, 50, s});
    CHECK(g.outside == 0);
    const auto nearest = nearest_distances(g.instance.points);
    std::size_t yes = 0, no = 0;
    for (std::size_t i = 0; i < 64; ++i) {
      CHECK(g.instance.labels[i] == label_for_distance(g.instance, nearest[i]));
      yes += g.instance.labels[i] == GapLabel::kYes;
      no += g.instance.labels[i] == GapLabel::kNo;
    }
    CHECK(yes >= 32);
    CHECK(no >= 16);
  }
  CHECK_THROWS_AS(planted_gap_hamming({8, 16, 16, 1.0, 0.5, 50, 1}), ContractError);  // t >= dim
  CHECK_THROWS_AS(planted_gap_hamming({8, 16, 10, 1.0, 0.5, 50, 1}),
                  ContractError);  // (1 + eps) t > dim
}
