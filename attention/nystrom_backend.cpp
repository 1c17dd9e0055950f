#include "attention/nystrom_backend.hpp"

#include <fmt/format.h>

#include <Eigen/QR>
#include <algorithm>
#include <chrono>

#include "attention/approximate_output.hpp"
#include "attention/nystrom_kernels.hpp"
#include "core/error.hpp"

namespace sethkit {

namespace {
constexpr int kMaxIterations = 100;

MatrixF iterative_pinv(const MatrixF& a, int iterations) {
  MatrixF z = pinv_start(a);
  for (int t = 0; t < iterations; ++t) z = pinv_step(a, z);
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

Eigen::Index NystromBackend::landmarks_for(Eigen::Index n_q, Eigen::Index n_k) const {
  return params_.landmarks > 0 ? params_.landmarks
                               : std::min<Eigen::Index>({kDefaultLandmarks, n_q, n_k});
}

AttentionOutput NystromBackend::compute(const AttentionInput& in) const {
  const auto start = std::chrono::steady_clock::now();
  const Eigen::Index l = landmarks_for(in.q.rows(), in.k.rows());
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
