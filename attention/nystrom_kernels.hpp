// The pieces of the `nystrom` backend (attention/nystrom_backend.hpp; Xiong
// et al., "Nystromformer", AAAI 2021) its forward pass (float32, or float64
// with the exact pseudo-inverse) and its backward pass (float64) share:
// segment-mean landmarks, the row softmax kernels and the steps of the
// paper's iterative pseudo-inverse.
#pragma once

#include <Eigen/Dense>

namespace sethkit {

// l x d means of l near-equal contiguous segments of the rows of x.
template <typename M>
M segment_means(const M& x, Eigen::Index l) {
  const Eigen::Index n = x.rows();
  M means(l, x.cols());
  for (Eigen::Index t = 0; t < l; ++t) {
    const Eigen::Index a = t * n / l, b = (t + 1) * n / l;
    means.row(t) = x.middleRows(a, b - a).colwise().mean();
  }
  return means;
}

// Row-wise softmax of s a b^T, rows in parallel.
template <typename M>
M softmax_kernel(const M& a, const M& b, typename M::Scalar s) {
  M k = s * (a * b.transpose());
#pragma omp parallel for
  for (Eigen::Index i = 0; i < k.rows(); ++i) {
    k.row(i) = (k.row(i).array() - k.row(i).maxCoeff()).exp().matrix();
    k.row(i) /= k.row(i).sum();
  }
  return k;
}

// The iteration's start, Z_0 = A^T / (||A||_1 ||A||_inf).
template <typename M>
M pinv_start(const M& a) {
  return a.transpose() /
         (a.cwiseAbs().colwise().sum().maxCoeff() * a.cwiseAbs().rowwise().sum().maxCoeff());
}

// One step, Z (13 I - A Z (15 I - A Z (7 I - A Z))) / 4.
template <typename M>
M pinv_step(const M& a, const M& z) {
  const M id = M::Identity(a.rows(), a.cols());
  const M az = a * z;
  return typename M::Scalar(0.25) * z * (13 * id - az * (15 * id - az * (7 * id - az)));
}

}  // namespace sethkit
