// The `nystrom` backend's backward pass (attention/nystrom_backend.hpp;
// docs/backends.md, "Backward pass"): the exact gradient of the function the
// forward pass computes, out = F Z (B V) with Z the iterative (or exact)
// pseudo-inverse of A, recomputed in float64, by reverse mode through each
// step: the output's products, the iterations of Z (or the pseudo-inverse's
// derivative where its rank is locally constant), the three row softmaxes
// and the segment means. The paper trains the Nystromformer through this
// approximation by automatic differentiation; this is that derivative.
// Cost O((n_q + n_k) l (d + d_v) + iterations l^3), the forward's.
#include <fmt/format.h>

#include <Eigen/QR>
#include <algorithm>
#include <chrono>
#include <limits>
#include <vector>

#include "attention/nystrom_backend.hpp"
#include "attention/nystrom_kernels.hpp"
#include "core/error.hpp"

namespace sethkit {

namespace {
// The adjoint of segment_means: each row gets its segment's adjoint over the segment's length.
Matrix segment_means_adjoint(const Matrix& d_means, Eigen::Index n) {
  const Eigen::Index l = d_means.rows();
  Matrix dx(n, d_means.cols());
  for (Eigen::Index t = 0; t < l; ++t) {
    const Eigen::Index a = t * n / l, b = (t + 1) * n / l;
    dx.middleRows(a, b - a).rowwise() = d_means.row(t) / static_cast<double>(b - a);
  }
  return dx;
}

// A row softmax kernel K = softmax(s X Y^T) and its reverse step.
struct SoftmaxKernel {
  const Matrix& x;
  const Matrix& y;
  Matrix raw, k;  // X Y^T, and K

  SoftmaxKernel(const Matrix& x_, const Matrix& y_, double s)
      : x(x_), y(y_), raw(x * y.transpose()), k(softmax_kernel(x, y, s)) {}
  // Given dL/dK, adds dL/dX, dL/dY and dL/ds.
  void backward(const Matrix& dk, double s, Matrix& dx, Matrix& dy, double& ds) const {
    const Vector dot = (k.array() * dk.array()).rowwise().sum();
    const Matrix dlogit = (k.array() * (dk.colwise() - dot).array()).matrix();
    dx += s * dlogit * y;
    dy += s * dlogit.transpose() * x;
    ds += (dlogit.array() * raw.array()).sum();
  }
};

// Reverse mode through the paper's iterations Z_0 .. Z_T (`z`): given dL/dZ_T, dL/dA.
Matrix iterative_pinv_adjoint(const Matrix& a, const std::vector<Matrix>& z,
                              const Matrix& dz_final) {
  const Eigen::Index l = a.rows();
  const auto iterations = static_cast<int>(z.size()) - 1;
  const Matrix id = Matrix::Identity(l, l);
  Eigen::Index col_arg = 0, row_arg = 0;
  const double norm1 = a.cwiseAbs().colwise().sum().maxCoeff(&col_arg);
  const double norm_inf = a.cwiseAbs().rowwise().sum().maxCoeff(&row_arg);
  Matrix da = Matrix::Zero(l, l), dz = dz_final;
  for (int t = iterations - 1; t >= 0; --t) {
    const Matrix& zt = z[static_cast<std::size_t>(t)];
    const Matrix az = a * zt, p3 = 7 * id - az, p2 = 15 * id - az * p3, p1 = 13 * id - az * p2;
    const Matrix dp1 = 0.25 * zt.transpose() * dz;
    Matrix dzt = 0.25 * dz * p1.transpose();
    const Matrix dp2 = -az.transpose() * dp1;
    const Matrix dp3 = -az.transpose() * dp2;
    const Matrix daz = -dp1 * p2.transpose() - dp2 * p3.transpose() - dp3;
    da += daz * zt.transpose();
    dzt += a.transpose() * daz;
    dz = dzt;
  }
  // Z_0 = A^T / (||A||_1 ||A||_inf); each norm differentiated as the maximum it is.
  const double n = norm1 * norm_inf, inner = (dz.array() * a.transpose().array()).sum();
  da += dz.transpose() / n;
  da.col(col_arg) -= inner / (n * norm1) * a.col(col_arg).cwiseSign();
  da.row(row_arg) -= inner / (n * norm_inf) * a.row(row_arg).cwiseSign();
  return da;
}

// The Moore-Penrose pseudo-inverse's adjoint where its rank is locally constant:
// dA = -P^T G P^T + (I - A P) G^T P P^T + P^T P G^T (I - P A), P = A^+.
Matrix exact_pinv_adjoint(const Matrix& a, const Matrix& pinv, const Matrix& g) {
  const Matrix id = Matrix::Identity(a.rows(), a.cols());
  return -pinv.transpose() * g * pinv.transpose() +
         (id - a * pinv) * g.transpose() * pinv * pinv.transpose() +
         pinv.transpose() * pinv * g.transpose() * (id - pinv * a);
}
}  // namespace

AttentionGradients NystromBackend::compute_backward(const AttentionInput& in, const Matrix&,
                                                    const Vector&, const Matrix& d_out) const {
  const auto start = std::chrono::steady_clock::now();
  const Eigen::Index n_q = in.q.rows(), n_k = in.k.rows();
  const Eigen::Index l = landmarks_for(n_q, n_k);
  const double s = in.scale;
  const Matrix q_l = segment_means(in.q, l), k_l = segment_means(in.k, l);
  const SoftmaxKernel f(in.q, k_l, s), a(q_l, k_l, s), b(q_l, in.k, s);
  const int iterations = params_.pinv_iterations;
  std::vector<Matrix> iterates;  // Z_0 .. Z_T, kept for the reverse pass
  Matrix z;
  if (iterations > 0) {
    iterates.push_back(pinv_start(a.k));
    for (int t = 0; t < iterations; ++t) iterates.push_back(pinv_step(a.k, iterates.back()));
    z = iterates.back();
  } else {
    z = Eigen::CompleteOrthogonalDecomposition<Eigen::MatrixXd>(Eigen::MatrixXd(a.k))
            .pseudoInverse();
  }
  const Matrix w = b.k * in.v, y = z * w;  // l x d_v
  // out = F Y, Y = Z W, W = B V
  const Matrix dy = f.k.transpose() * d_out, df = d_out * y.transpose();
  const Matrix dz = dy * w.transpose(), dw = z.transpose() * dy;
  const Matrix db = dw * in.v.transpose();
  const Matrix da =
      iterations > 0 ? iterative_pinv_adjoint(a.k, iterates, dz) : exact_pinv_adjoint(a.k, z, dz);
  AttentionGradients g;
  g.dv = b.k.transpose() * dw;
  g.dq = Matrix::Zero(n_q, in.q.cols());
  g.dk = Matrix::Zero(n_k, in.k.cols());
  Matrix dq_l = Matrix::Zero(l, in.q.cols()), dk_l = Matrix::Zero(l, in.k.cols());
  f.backward(df, s, g.dq, dk_l, g.dscale);
  a.backward(da, s, dq_l, dk_l, g.dscale);
  b.backward(db, s, dq_l, g.dk, g.dscale);
  g.dq += segment_means_adjoint(dq_l, n_q);
  g.dk += segment_means_adjoint(dk_l, n_k);
  require(
      g.dq.allFinite() && g.dk.allFinite() && g.dv.allFinite(),
      "nystrom backward: a gradient is not finite (the landmark kernel is too ill-conditioned)");
  g.error_bound = std::numeric_limits<double>::infinity();
  g.details = fmt::format("the gradient of the Nystromformer's own output (l = {}, {}), float64", l,
                          iterations > 0 ? fmt::format("{} pseudo-inverse iterations", iterations)
                                         : std::string("exact pseudo-inverse"));
  g.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return g;
}

}  // namespace sethkit
