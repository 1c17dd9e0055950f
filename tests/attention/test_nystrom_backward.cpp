// The nystrom backend's backward pass (attention/nystrom_backward.cpp):
// against central differences of a float64 Nystromformer written here from
// the paper's formula (segment-mean landmarks, three row softmaxes, the
// iterative pseudo-inverse or the exact one), whose output the forward pass
// matches; n_q != n_k, negative scale, RoPE; causal inputs refused.
#include <catch2/catch.hpp>

#include <Eigen/QR>
#include <cmath>

#include "attention/nystrom_backend.hpp"
#include "attention/rope.hpp"
#include "central_differences.hpp"
#include "core/error.hpp"
#include "core/rng.hpp"
#include "test_seed.hpp"

using namespace sethkit;

namespace {
Matrix means_of_segments(const Matrix& x, Eigen::Index l) {
  Matrix m(l, x.cols());
  for (Eigen::Index t = 0; t < l; ++t) {
    const Eigen::Index a = t * x.rows() / l, b = (t + 1) * x.rows() / l;
    m.row(t) = x.middleRows(a, b - a).colwise().mean();
  }
  return m;
}

Matrix row_softmax(const Matrix& logits) {
  Matrix p = logits;
  for (Eigen::Index i = 0; i < p.rows(); ++i) {
    p.row(i) = (p.row(i).array() - p.row(i).maxCoeff()).exp().matrix();
    p.row(i) /= p.row(i).sum();
  }
  return p;
}

Matrix dense_nystrom(const Matrix& q_in, const Matrix& k_in, const Matrix& v, double s,
                     Eigen::Index l, int iterations, bool rope) {
  Matrix q = q_in, k = k_in;
  if (rope) {
    q = rope_rotate(q_in, Rope{50}, k_in.rows() - q_in.rows());
    k = rope_rotate(k_in, Rope{50}, 0);
  }
  const Matrix q_l = means_of_segments(q, l), k_l = means_of_segments(k, l);
  const Matrix f = row_softmax(s * q * k_l.transpose()), a = row_softmax(s * q_l * k_l.transpose()),
               b = row_softmax(s * q_l * k.transpose());
  Matrix z;
  if (iterations == 0) {
    z = Eigen::CompleteOrthogonalDecomposition<Eigen::MatrixXd>(Eigen::MatrixXd(a)).pseudoInverse();
  } else {
    const Matrix id = Matrix::Identity(l, l);
    z = a.transpose() /
        (a.cwiseAbs().colwise().sum().maxCoeff() * a.cwiseAbs().rowwise().sum().maxCoeff());
    for (int t = 0; t < iterations; ++t) {
      const Matrix az = a * z;
      z = 0.25 * z * (13 * id - az * (15 * id - az * (7 * id - az)));
    }
  }
  return f * (z * (b * v));
}
}  // namespace

TEST_CASE("Nystrom backward: the gradient of the Nystromformer's own output",
          "[nystrom][backward]") {
  Rng rng(test::test_seed("nystrom backward", 12));
  struct Case {
    Eigen::Index n_q, n_k, l;
    int iterations;
    double scale;
    bool rope;
  };
  const Case cases[] = {{24, 24, 4, 6, 1.5, false},
                        {20, 31, 5, 6, -1.2, false},
                        {24, 24, 4, 0, 1.5, false},
                        {30, 18, 3, 3, 2.0, false},
                        {24, 24, 4, 6, 1.5, true}};
  for (const Case& c : cases) {
    INFO("n_q " << c.n_q << " n_k " << c.n_k << " l " << c.l << " iterations " << c.iterations
                << " scale " << c.scale << " rope " << c.rope);
    Matrix q = uniform_matrix(rng, c.n_q, 4, 1.0), k = uniform_matrix(rng, c.n_k, 4, 1.0),
           v = uniform_matrix(rng, c.n_k, 3, 1.0);
    const Matrix d_out = uniform_matrix(rng, c.n_q, 3, 1.0);
    double scale = c.scale;
    const NystromBackend nystrom({c.l, c.iterations});
    const std::optional<Rope> rope = c.rope ? std::optional<Rope>(Rope{50}) : std::nullopt;
    const AttentionInput in{q, k, v, scale, false, rope};
    const AttentionOutput forward = nystrom.run(in);
    CHECK((forward.out - dense_nystrom(q, k, v, scale, c.l, c.iterations, c.rope))
              .cwiseAbs()
              .maxCoeff() < 1e-4);
    const AttentionGradients g = nystrom.backward(in, forward, d_out);
    CHECK(std::isinf(g.error_bound));
    const auto loss = [&] {
      return (dense_nystrom(q, k, v, scale, c.l, c.iterations, c.rope).array() * d_out.array())
          .sum();
    };
    const double size = std::max({g.dq.cwiseAbs().maxCoeff(), g.dk.cwiseAbs().maxCoeff(), 1.0});
    CHECK((g.dq - test::central_differences(q, loss)).cwiseAbs().maxCoeff() < 1e-6 * size);
    CHECK((g.dk - test::central_differences(k, loss)).cwiseAbs().maxCoeff() < 1e-6 * size);
    CHECK((g.dv - test::central_differences(v, loss)).cwiseAbs().maxCoeff() < 1e-6 * size);
    if (!c.rope)
      CHECK(g.dscale == Approx(test::central_difference(scale, loss)).epsilon(1e-5).margin(1e-6));
  }
}

TEST_CASE("Nystrom backward: causal inputs refused as by the forward pass", "[nystrom][backward]") {
  const Matrix x = Matrix::Ones(8, 2);
  const AttentionInput in{x, x, x, 1.0, true};
  const NystromBackend nystrom({2, 6});
  AttentionOutput fake;
  fake.out = x;
  CHECK_THROWS_WITH(nystrom.backward(in, fake, x), Catch::Contains("no causal form"));
}
