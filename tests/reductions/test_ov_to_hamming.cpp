// OV -> Gap-Hamming, the exact gadget (reductions/ov_to_hamming.hpp):
// H(f(a), g(b)) = m + 2 <a, b> on every pair of every tiny instance.
#include <catch2/catch.hpp>

#include "core/gap_hamming.hpp"
#include "core/ov.hpp"
#include "reductions/ov_to_hamming.hpp"

using namespace sethkit;

TEST_CASE("C3 gadget: H(f(a), g(b)) = m + 2 <a, b> for every pair with m <= 4",
          "[c3][exhaustive]") {
  for (std::size_t m = 1; m <= 4; ++m)
    for (unsigned x = 0; x < (1u << m); ++x)
      for (unsigned y = 0; y < (1u << m); ++y) {
        OvInstance ov(1, 1, m);
        for (std::size_t k = 0; k < m; ++k) {
          ov.a(0)[k] = (x >> k) & 1;
          ov.b(0)[k] = (y >> k) & 1;
        }
        const GapHamming g = OvToHamming().encode(ov);
        REQUIRE(g.points.d() == 3 * m);
        CHECK(g.t == m);
        CHECK(hamming_distance(g.points.a(0), g.points.b(0)) ==
              m + 2 * inner_product(ov.a(0), ov.b(0)));
      }
}
