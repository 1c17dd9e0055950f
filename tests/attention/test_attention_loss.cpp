// The one-layer attention loss of Alman & Song's sequel
// (attention/attention_loss.hpp, docs/gradient.md): the loss against a
// direct computation from its definition, dL/dX against central finite
// differences (naive), the polynomial method within the bound it reports,
// and the refusals.
#include <catch2/catch.hpp>
#include <cmath>

#include "attention/attention_loss.hpp"
#include "attention/central_differences.hpp"
#include "attention/naive_backend.hpp"
#include "attention/poly_backend.hpp"
#include "attention/registry.hpp"
#include "core/rng.hpp"
#include "test_seed.hpp"

using namespace sethkit;

namespace {
// 1/2 || D^-1 exp(A1 X A2^T / d) A3 Y - E ||_F^2 from the definition, n x n.
double loss_by_definition(const AttentionLoss& p, const Matrix& x) {
  const double d = static_cast<double>(x.rows());
  Matrix a = (p.a1 * x * p.a2.transpose() / d).array().exp().matrix();
  const Vector row_sums = a.rowwise().sum();
  a = row_sums.asDiagonal().inverse() * a;
  return 0.5 * (a * p.a3 * p.y - p.e).squaredNorm();
}

AttentionLoss random_loss(Rng& rng, Eigen::Index n, Eigen::Index d, double b) {
  return {uniform_matrix(rng, n, d, b), uniform_matrix(rng, n, d, b), uniform_matrix(rng, n, d, b),
          uniform_matrix(rng, n, d, 1.0), uniform_matrix(rng, d, d, b)};
}
}  // namespace

TEST_CASE("Attention loss: L(X) and dL/dX against the definition and finite differences",
          "[backward][loss]") {
  Rng rng(test::test_seed("attention loss gradient", 67));
  const NaiveBackend naive;
  for (const Eigen::Index n : {1, 9, 23}) {
    INFO("n " << n);
    const Eigen::Index d = 3;
    const AttentionLoss p = random_loss(rng, n, d, 1.5);
    Matrix x = uniform_matrix(rng, d, d, 1.5);
    const AttentionLossGradient got = attention_loss_gradient(p, x, naive);
    CHECK(std::abs(got.loss - loss_by_definition(p, x)) < 1e-12 * (1 + got.loss));
    CHECK(got.error_bound == 0);
    const Matrix numeric = test::central_differences(x, [&] { return loss_by_definition(p, x); });
    CHECK((got.grad - numeric).cwiseAbs().maxCoeff() < 1e-7);
    if (n > 1) CHECK(got.grad.norm() > 1e-3);  // not a vacuous comparison
  }
}

TEST_CASE("Attention loss: the polynomial method's gradient within its bound", "[backward][loss]") {
  Rng rng(test::test_seed("attention loss poly", 71));
  const NaiveBackend naive;
  for (const double b : {0.3, 0.7}) {
    INFO("entries " << b);
    const AttentionLoss p = random_loss(rng, 400, 4, b);
    const Matrix x = uniform_matrix(rng, 4, 4, b);
    const AttentionLossGradient exact = attention_loss_gradient(p, x, naive);
    PolyParams params;
    params.target_error = 1e-9;
    const AttentionLossGradient fast = attention_loss_gradient(p, x, PolyBackend(params));
    const double error = (fast.grad - exact.grad).cwiseAbs().maxCoeff();
    CHECK(error <= fast.error_bound);
    CHECK(fast.error_bound < 1e-2 * exact.grad.cwiseAbs().maxCoeff());
    CHECK(std::abs(fast.loss - exact.loss) <= fast.loss_error_bound);
    CHECK(fast.loss_error_bound < 1e-3 * exact.loss);
  }
}

TEST_CASE("Attention loss: refusals", "[backward][loss]") {
  Rng rng(13);
  const NaiveBackend naive;
  AttentionLoss p = random_loss(rng, 6, 3, 1.0);
  const Matrix x = uniform_matrix(rng, 3, 3, 1.0);
  CHECK_THROWS_WITH(attention_loss_gradient(p, Matrix::Zero(3, 2), naive),
                    Catch::Contains("X must be a finite 3 x 3 matrix; found 3 x 2"));
  AttentionLoss short_e = p;
  short_e.e = p.e.topRows(5);
  CHECK_THROWS_WITH(attention_loss_gradient(short_e, x, naive),
                    Catch::Contains("E has 5 rows, expected n = 6"));
  AttentionLoss nan = p;
  nan.a2(1, 1) = NAN;
  CHECK_THROWS_WITH(attention_loss_gradient(nan, x, naive), Catch::Contains("A2 holds NaN"));
  CHECK_THROWS_WITH(attention_loss_gradient(p, x, *make_backend("external")),
                    Catch::Contains("external: no backward pass"));
}
