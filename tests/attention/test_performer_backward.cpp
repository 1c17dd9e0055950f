// The performer backend's backward pass (attention/performer_backward.cpp):
// against central differences of a float64 FAVOR+ written here from the
// documented formula (the same projection, the authors' stabilisers and
// floor, also at large floors where the stabilisers do not cancel), whose output the forward pass
// matches to float32: unmasked and causal, n_q != n_k, negative scale, RoPE; scale 0 refused.
#include <catch2/catch.hpp>

#include <cmath>

#include "attention/performer_backend.hpp"
#include "attention/rope.hpp"
#include "central_differences.hpp"
#include "core/error.hpp"
#include "core/rng.hpp"
#include "test_seed.hpp"

using namespace sethkit;

namespace {
struct PerformerCase {
  Eigen::Index n_q, n_k;
  double scale;
  bool causal, rope;
  double floor;  // large in some cases, so the stabilisers' derivatives show
};

// FAVOR+ from the definition: phi(x)_f = (exp(w_f . x - |x|^2/2 - stab) + floor) / sqrt(m),
// stab a query's own max_f w_f . x, for keys the max over all keys and features.
Matrix dense_favor(const PerformerCase& c, const Matrix& q_in, const Matrix& k_in, const Matrix& v,
                   double scale, const Matrix& w, double floor) {
  Matrix q0 = q_in, k0 = k_in;
  if (c.rope) {
    q0 = rope_rotate(q_in, Rope{50}, c.n_k - c.n_q);
    k0 = rope_rotate(k_in, Rope{50}, 0);
  }
  const double root = std::sqrt(std::abs(scale));
  const Matrix q = q0 * (scale < 0 ? -root : root), k = k0 * root;
  const double norm = 1 / std::sqrt(static_cast<double>(w.rows()));
  const Matrix pk = k * w.transpose(), pq = q * w.transpose();
  const double global = pk.maxCoeff();
  Matrix out(q.rows(), v.cols());
  for (Eigen::Index i = 0; i < q.rows(); ++i) {
    const double stab = pq.row(i).maxCoeff();
    const Vector phi =
        ((pq.row(i).array() - stab - 0.5 * q.row(i).squaredNorm()).exp() + floor) * norm;
    Eigen::RowVectorXd num = Eigen::RowVectorXd::Zero(v.cols());
    double den = 0;
    for (Eigen::Index j = 0; j < k.rows(); ++j) {
      if (c.causal && j > i + c.n_k - c.n_q) continue;
      const Vector psi =
          ((pk.row(j).array() - global - 0.5 * k.row(j).squaredNorm()).exp() + floor) * norm;
      const double weight = phi.dot(psi);
      num += weight * v.row(j);
      den += weight;
    }
    out.row(i) = num / den;
  }
  return out;
}
}  // namespace

TEST_CASE("Performer backward: the gradient of FAVOR+'s own output", "[performer][backward]") {
  Rng rng(test::test_seed("performer backward", 8));
  const PerformerCase cases[] = {{30, 30, 0.5, false, false, 1e-6},
                                 {25, 40, 0.5, true, false, 0.05},
                                 {40, 25, -0.3, false, false, 0.05},
                                 {30, 30, 0.4, true, true, 1e-6},
                                 {30, 30, 0.7, false, false, 0.2}};
  for (const PerformerCase& c : cases) {
    INFO("n_q " << c.n_q << " n_k " << c.n_k << " scale " << c.scale << " causal " << c.causal
                << " rope " << c.rope << " floor " << c.floor);
    Matrix q = uniform_matrix(rng, c.n_q, 4, 1.0), k = uniform_matrix(rng, c.n_k, 4, 1.0),
           v = uniform_matrix(rng, c.n_k, 3, 1.0);
    const Matrix d_out = uniform_matrix(rng, c.n_q, 3, 1.0);
    double scale = c.scale;
    PerformerParams params;
    params.features = 16;
    params.seed = 5;
    params.feature_floor = c.floor;
    const PerformerBackend performer(params);
    const Matrix w = performer_projection(16, 4, true, 5);
    const std::optional<Rope> rope = c.rope ? std::optional<Rope>(Rope{50}) : std::nullopt;
    const AttentionInput in{q, k, v, scale, c.causal, rope};
    const AttentionOutput forward = performer.run(in);
    const Matrix reference = dense_favor(c, q, k, v, scale, w, params.feature_floor);
    CHECK((forward.out - reference).cwiseAbs().maxCoeff() < 1e-4);
    const AttentionGradients g = performer.backward(in, forward, d_out);
    CHECK(std::isinf(g.error_bound));
    const auto loss = [&] {
      return (dense_favor(c, q, k, v, scale, w, params.feature_floor).array() * d_out.array())
          .sum();
    };
    CHECK((g.dq - test::central_differences(q, loss)).cwiseAbs().maxCoeff() < 1e-6);
    CHECK((g.dk - test::central_differences(k, loss)).cwiseAbs().maxCoeff() < 1e-6);
    CHECK((g.dv - test::central_differences(v, loss)).cwiseAbs().maxCoeff() < 1e-6);
    if (!c.rope) CHECK(g.dscale == Approx(test::central_difference(scale, loss)).epsilon(1e-5));
  }
}

TEST_CASE("Performer backward: scale 0 is refused", "[performer][backward]") {
  const Matrix x = Matrix::Ones(4, 2);
  const AttentionInput in{x, x, x, 0.0};
  const PerformerBackend performer;
  CHECK_THROWS_WITH(performer.backward(in, performer.run(in), x),
                    Catch::Contains("performer backward: scale 0"));
}
