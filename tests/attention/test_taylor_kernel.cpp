// The kernel evaluation of the polynomial method (attention/taylor_kernel.hpp)
// against `poly` itself: phi(q) . phi(k) = P_g(scale <q, k>) means both give
// the same output at every degree, on mixed-sign inputs and on 0/1 inputs
// whose logits repeat (the merged-key path).
#include <catch2/catch.hpp>

#include "attention/naive_backend.hpp"
#include "attention/poly_backend.hpp"
#include "attention/stats.hpp"
#include "attention/taylor_kernel.hpp"
#include "core/error.hpp"
#include "core/rng.hpp"
#include "test_seed.hpp"

using namespace sethkit;

namespace {
Matrix poly_at_degree(const AttentionInput& input, int degree) {
  PolyParams p;
  p.degree = degree;
  p.require_guarantee = false;
  p.max_logit_radius = 100;  // the 0/1 case has no negative terms to cancel
  return PolyBackend(p).run(input).out;
}

Matrix zero_one(Rng& rng, Eigen::Index rows, Eigen::Index cols, double value) {
  Matrix m(rows, cols);
  for (Eigen::Index i = 0; i < rows; ++i)
    for (Eigen::Index j = 0; j < cols; ++j) m(i, j) = rng.uniform01() < 0.5 ? 0.0 : value;
  return m;
}
}  // namespace

TEST_CASE("Taylor kernel outputs equal poly's at every degree", "[taylor_kernel]") {
  Rng rng(test::test_seed("taylor kernel", 11));
  SECTION("mixed signs") {
    const Matrix q = uniform_matrix(rng, 40, 6, 1.5), k = uniform_matrix(rng, 70, 6, 1.5),
                 v = uniform_matrix(rng, 70, 3, 1.0);
    const AttentionInput input{q, k, v, 1.0 / 6};
    const TaylorOutputs t = taylor_outputs_by_degree(q, k, v, input.scale, 8);
    REQUIRE(t.by_degree.size() == 9);
    CHECK(linf_error(t.exact, NaiveBackend().run(input).out) < 1e-13);
    for (int g = 2; g <= 8; ++g) {  // even or >= 2: P_g > 0 on these logits, so poly runs
      INFO("degree " << g);
      CHECK(linf_error(t.by_degree[g], poly_at_degree(input, g)) < 1e-11);
    }
    CHECK(linf_error(t.by_degree[8], t.exact) < linf_error(t.by_degree[2], t.exact));
  }
  SECTION("repeated logits, large positive radius") {
    const Matrix q = zero_one(rng, 30, 8, 2.0), k = zero_one(rng, 200, 8, 2.0),
                 v = uniform_matrix(rng, 200, 2, 1.0);
    const AttentionInput input{q, k, v, 0.5};
    const TaylorOutputs t = taylor_outputs_by_degree(q, k, v, input.scale, 40);
    CHECK(t.max_logit <= 16.0);
    for (int g : {0, 1, 3, 5}) {
      INFO("degree " << g);
      CHECK(linf_error(t.by_degree[g], poly_at_degree(input, g)) < 1e-11);
    }
    // At degree 40 the Taylor error at x <= 16 is below 1e-9: the output is exact.
    CHECK(linf_error(t.by_degree[40], t.exact) < 1e-9);
    CHECK(linf_error(t.exact, NaiveBackend().run(input).out) < 1e-13);
  }
}

TEST_CASE("Taylor kernel: huge logits stay finite, bad requests are refused", "[taylor_kernel]") {
  const Matrix q = Matrix::Constant(2, 1, 30.0);
  Matrix k(3, 1);
  k << 0.0, 10.0, 20.0;  // logits 0, 300, 600 in row 0
  const Matrix v = Matrix::Identity(3, 3);
  const TaylorOutputs t = taylor_outputs_by_degree(q, k, v, 1.0, 900);
  CHECK(t.max_logit == Approx(600));
  CHECK(std::isfinite(t.by_degree[0](0, 0)));
  CHECK(t.by_degree[0](0, 0) == Approx(1.0 / 3));  // P_0 = 1: uniform weights
  CHECK(t.by_degree[900](0, 2) == Approx(t.exact(0, 2)).epsilon(1e-9));
  CHECK(t.by_degree[2](0, 2) < 0.8 * t.exact(0, 2));  // truncation under-weights the largest logit
  CHECK_THROWS_AS(taylor_outputs_by_degree(q, k, v, -1.0, 4), ContractError);  // logit -600
  CHECK_THROWS_AS(taylor_outputs_by_degree(q, k, v, 1.0, -1), ContractError);
  CHECK_THROWS_AS(taylor_outputs_by_degree(q, k, Matrix(2, 1), 1.0, 4), ContractError);
  CHECK_THROWS_AS(taylor_outputs_by_degree(q, k, v, 1.0, 1000, 1e3), ContractError);
  // P_1(x) = 1 + x <= 0 for x <= -1: no output at degree 1, NaN marks it.
  const TaylorOutputs neg = taylor_outputs_by_degree(q, -k, v, 0.1, 2);
  CHECK(std::isnan(neg.by_degree[1](0, 0)));
  CHECK(std::isfinite(neg.by_degree[2](0, 0)));
}
