#include "attention/nystrom_backend.hpp"

#include <fmt/format.h>

#include <Eigen/QR>
#include <algorithm>
#include <chrono>

#include "attention/approximate_output.hpp"
#include "core/error.hpp"

namespace sethkit {

namespace {
constexpr int kMaxIterations = 100;

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

MatrixF iterative_pinv(const MatrixF& a, int iterations) {
  const Eigen::Index l = a.rows();
  const float norm1 = a.cwiseAbs().colwise().sum().maxCoeff();
  const float norm_inf = a.cwiseAbs().rowwise().sum().maxCoeff();
  MatrixF z = a.transpose() / (norm1 * norm_inf);
  const MatrixF id = MatrixF::Identity(l, l);
  for (int t = 0; t < iterations; ++t) {
    const MatrixF az = a * z;
    z = 0.25f * z * (13 * id - az * (15 * id - az * (7 * id - az)));
  }
  return z;
}

// F A^+ (B V) with the paper's iterative pseudo-inverse, float32.
MatrixF nystrom_iterative(const AttentionInput& in, Eigen::Index l, int iterations) {
  const auto s = static_cast<float>(in.scale);
  const MatrixF q = in.q.cast<float>(), k = in.k.cast<float>(), v = in.v.cast<float>();
  const MatrixF q_l = segment_means(q, l), k_l = segment_means(k, l);
  const MatrixF f = softmax_kernel(q, k_l, s);                  // n_q x l
  const MatrixF a = softmax_kernel(q_l, k_l, s);                // l x l
  const MatrixF b = softmax_kernel(q_l, k, s);                  // l x n_k
  const MatrixF zbv = iterative_pinv(a, iterations) * (b * v);  // l x d_v
  MatrixF out(q.rows(), v.cols());
  out.noalias() = f * zbv;
  return out;
}

// The same with the exact pseudo-inverse, all in float64: the kernels of
// small logits are close to rank one, too ill-conditioned for float32.
MatrixF nystrom_exact_pinv(const AttentionInput& in, Eigen::Index l) {
  const Matrix q_l = segment_means(in.q, l), k_l = segment_means(in.k, l);
  const Matrix f = softmax_kernel(in.q, k_l, in.scale);
  const Matrix a = softmax_kernel(q_l, k_l, in.scale);
  const Matrix b = softmax_kernel(q_l, in.k, in.scale);
  const Eigen::MatrixXd pinv =
      Eigen::CompleteOrthogonalDecomposition<Eigen::MatrixXd>(Eigen::MatrixXd(a)).pseudoInverse();
  const Matrix zbv = pinv * (b * in.v);
  return (f * zbv).cast<float>();
}
}  // namespace

NystromBackend::NystromBackend(NystromParams params) : params_(params) {
  require(params_.landmarks == -1 || params_.landmarks >= 1,
          fmt::format("nystrom: the number of landmarks must be at least 1, found {}",
                      params_.landmarks));
  require(params_.pinv_iterations >= 0 && params_.pinv_iterations <= kMaxIterations,
          fmt::format("nystrom: the pseudo-inverse iterations must be between 0 and {}, found {}",
                      kMaxIterations, params_.pinv_iterations));
}

std::string NystromBackend::description() const {
  return fmt::format(
      "approximate: Nystromformer, l = {} segment-mean landmarks, {}, float32, no error "
      "guarantee",
      params_.landmarks > 0 ? std::to_string(params_.landmarks) : "min(64, n)",
      params_.pinv_iterations > 0
          ? fmt::format("{}-step iterative pseudo-inverse", params_.pinv_iterations)
          : std::string("exact pseudo-inverse"));
}

Support NystromBackend::supports(const AttentionShape& shape) const {
  if (shape.n_k < 1) return {false, "needs at least one key"};
  if (params_.landmarks > std::min(shape.n_q, shape.n_k))
    return {false, fmt::format("{} landmarks asked for, above min(n_q, n_k) = {}",
                               params_.landmarks, std::min(shape.n_q, shape.n_k))};
  return {};
}

Support NystromBackend::supports_input(const AttentionInput& in) const {
  if (in.causal)
    return {false,
            "the Nystromformer's landmarks average over all positions; the paper defines no "
            "causal form"};
  return supports(in.shape());
}

AttentionOutput NystromBackend::compute(const AttentionInput& in) const {
  const auto start = std::chrono::steady_clock::now();
  const Eigen::Index n_q = in.q.rows(), n_k = in.k.rows();
  const Eigen::Index l = params_.landmarks > 0
                             ? params_.landmarks
                             : std::min<Eigen::Index>({kDefaultLandmarks, n_q, n_k});
  const MatrixF out = params_.pinv_iterations > 0
                          ? nystrom_iterative(in, l, params_.pinv_iterations)
                          : nystrom_exact_pinv(in, l);
  AttentionOutput result = approximate_output(
      name(), out, Eigen::VectorXf(),
      fmt::format("Nystromformer l = {} landmarks, {}", l,
                  params_.pinv_iterations > 0
                      ? fmt::format("{} pseudo-inverse iterations", params_.pinv_iterations)
                      : std::string("exact pseudo-inverse, float64")));
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace sethkit
