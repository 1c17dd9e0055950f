// Attention statistics (attention/stats.hpp): B, the bound on R, and the
// entrywise error with NaN as infinity.
#include <catch2/catch.hpp>
#include <cmath>

#include "attention/naive_backend.hpp"
#include "attention/stats.hpp"

using namespace sethkit;

TEST_CASE("stats: entry bound, logit radius bound, linf", "[attention]") {
  Matrix q(1, 2), k(2, 2), v(2, 1);
  q << 3, -4;
  k << 1, 0, 0, -2;
  v << 0.5, -7;
  const AttentionInput in{q, k, v, 0.5};
  CHECK(entry_bound(in) == 7);
  CHECK(logit_radius_bound(in) == Approx(0.5 * 5 * 2));
  CHECK(NaiveBackend().run(in).max_abs_logit == Approx(4.0));  // 0.5 * <(3,-4), (0,-2)>
  Matrix a = Matrix::Zero(2, 2), b = Matrix::Zero(2, 2);
  b(1, 1) = -0.25;
  CHECK(linf_error(a, b) == 0.25);
  b(0, 0) = std::nan("");
  CHECK(std::isinf(linf_error(a, b)));
}
