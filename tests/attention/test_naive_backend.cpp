// The `naive` reference backend against a direct dense evaluation of
// diag(A 1)^-1 A V, A = exp(scale Q K^T), in long double; block sizes,
// rectangular shapes, the log-sum-exp, huge logits, bad shapes.
#include <catch2/catch.hpp>
#include <cmath>

#include "attention/naive_backend.hpp"
#include "attention/registry.hpp"
#include "attention/stats.hpp"
#include "core/error.hpp"
#include "core/rng.hpp"
#include "test_seed.hpp"

using namespace sethkit;

namespace {
// Dense definition, one row at a time, in long double.
Matrix direct_attention(const Matrix& q, const Matrix& k, const Matrix& v, double scale,
                        Vector* lse) {
  Matrix out(q.rows(), v.cols());
  if (lse) lse->resize(q.rows());
  for (Eigen::Index i = 0; i < q.rows(); ++i) {
    std::vector<long double> logits(static_cast<std::size_t>(k.rows()));
    long double mx = -INFINITY;
    for (Eigen::Index j = 0; j < k.rows(); ++j) {
      long double dot = 0;
      for (Eigen::Index t = 0; t < q.cols(); ++t)
        dot += static_cast<long double>(q(i, t)) * k(j, t);
      logits[j] = scale * dot;
      mx = std::max(mx, logits[j]);
    }
    long double sum = 0;
    for (auto& l : logits) sum += (l = std::exp(l - mx));
    for (Eigen::Index c = 0; c < v.cols(); ++c) {
      long double acc = 0;
      for (Eigen::Index j = 0; j < k.rows(); ++j) acc += logits[j] * v(j, c);
      out(i, c) = static_cast<double>(acc / sum);
    }
    if (lse) (*lse)(i) = static_cast<double>(mx + std::log(sum));
  }
  return out;
}
}  // namespace

TEST_CASE("naive backend matches the dense definition on a table of shapes", "[attention]") {
  const auto seed = test::test_seed("naive vs dense");
  Rng rng(seed);
  struct Shape {
    Eigen::Index n_q, n_k, d, d_v;
    double b, scale;
  };
  const Shape shapes[] = {
      {1, 1, 1, 1, 1, 1},       {7, 5, 3, 2, 2, 1.0 / 3}, {64, 64, 16, 16, 1, 1.0 / 16},
      {33, 100, 8, 4, 3, 0.25}, {100, 33, 8, 1, 3, 1.0},  {50, 50, 4, 4, 20, 1.0 / 4}};
  for (const auto& s : shapes) {
    const Matrix q = uniform_matrix(rng, s.n_q, s.d, s.b);
    const Matrix k = uniform_matrix(rng, s.n_k, s.d, s.b);
    const Matrix v = uniform_matrix(rng, s.n_k, s.d_v, s.b);
    Vector lse;
    const Matrix expected = direct_attention(q, k, v, s.scale, &lse);
    for (Eigen::Index block : {0, 1, 3, 1000}) {
      const auto out = NaiveBackend(block).run({q, k, v, s.scale});
      INFO("shape " << s.n_q << "x" << s.n_k << "x" << s.d << " block " << block);
      CHECK(linf_error(out.out, expected) <= 1e-12 * std::max(1.0, s.b));
      CHECK((out.lse - lse).cwiseAbs().maxCoeff() <= 1e-9);
      CHECK(out.error_bound == 0);
    }
  }
}

TEST_CASE("naive backend: logits up to 1e4 give no overflow and no NaN", "[attention]") {
  Matrix q(2, 1), k(3, 1), v(3, 1);
  q << 100, -100;
  k << 100, 99, -100;
  v << 1, 2, 3;
  const auto out = NaiveBackend().run({q, k, v, 1.0});
  CHECK(out.out.allFinite());
  CHECK(out.out(0, 0) == Approx(1.0).margin(1e-12));  // logit 1e4 dominates 9.9e3
  CHECK(out.out(1, 0) == Approx(3.0).margin(1e-12));
  CHECK(out.max_abs_logit == Approx(1e4));
  CHECK(out.lse(0) == Approx(1e4));
}
