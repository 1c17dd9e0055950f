// The polynomial method (attention/poly_backend.hpp, attention/taylor.hpp):
// the feature rank C(d + g, g), the per-entry relative error within the
// Taylor bound, the degree rule and its refusals.
#include <catch2/catch.hpp>
#include <cmath>

#include "attention/naive_backend.hpp"
#include "attention/poly_backend.hpp"
#include "attention/registry.hpp"
#include "attention/stats.hpp"
#include "attention/taylor.hpp"
#include "core/error.hpp"
#include "core/rng.hpp"
#include "test_seed.hpp"

using namespace sethkit;

TEST_CASE("poly: rank C(d + g, g), per-entry relative error within the Taylor bound",
          "[conformance][poly]") {
  const auto seed = test::test_seed("poly per-entry bound");
  Rng rng(seed);
  for (int g : {0, 1, 3, 6, 9}) {
    for (Eigen::Index d : {1, 3, 8}) {
      const double b = g <= 1 ? 0.5 : 1.2;  // low degrees guarantee something only at small R
      const Matrix q = uniform_matrix(rng, 50, d, b);
      // One key at a time: then ln w_i = ln A~_i1, the approximate entry itself.
      for (int trial = 0; trial < 5; ++trial) {
        const Matrix k = uniform_matrix(rng, 1, d, b), v = Matrix::Ones(1, 1);
        const AttentionInput in{q, k, v, 1.0 / static_cast<double>(d)};
        PolyParams params;
        params.degree = g;
        const PolyBackend poly(params);
        const PolyPlan plan = poly.plan(in);
        REQUIRE(plan.ok);
        CHECK(plan.rank ==
              binomial(static_cast<std::uint64_t>(d + g), static_cast<std::uint64_t>(g)));
        const AttentionOutput out = poly.run(in);
        for (Eigen::Index i = 0; i < q.rows(); ++i) {
          const double logit = q.row(i).dot(k.row(0)) / static_cast<double>(d);
          CHECK(std::abs(std::exp(out.lse(i) - logit) - 1) <=
                plan.relative_error * (1 + 1e-9) + 1e-13);
        }
      }
    }
  }
}

TEST_CASE("poly: the degree rule and its refusals", "[poly]") {
  CHECK(taylor_relative_error(1.44, 11) ==
        Approx(7.0e-7).epsilon(0.02));  // the reference value of docs/backends.md
  CHECK(taylor_degree(1.44, 7.1e-7) == 11);
  CHECK(taylor_degree(0, 1e-9) == 0);
  CHECK(binomial(26, 10) == 5311735);
  CHECK(binomial(52, 20) == 125994627894135ULL);
  CHECK(binomial(200, 100) == UINT64_MAX);

  Rng rng(1);
  const Matrix q = uniform_matrix(rng, 10, 8, 3), k = uniform_matrix(rng, 10, 8, 3),
               v = Matrix::Ones(10, 1);
  const AttentionInput big_r{q, k, v, 1.0};  // R' of a few hundred
  const PolyBackend poly;
  CHECK_THAT(poly.supports_input(big_r).reason, Catch::Contains("use flash"));
  CHECK_THROWS_WITH(poly.run(big_r), Catch::Contains("poly: logit radius bound"));
  const AttentionInput moderate{q, k, v, 1.0 / 40};  // R' about 5: rank explodes at d = 8
  PolyParams small;
  small.max_rank = 1000;
  CHECK_THAT(PolyBackend(small).supports_input(moderate).reason, Catch::Contains("rank C("));
}
