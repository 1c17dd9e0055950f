// The `hyper` backend's backward pass (attention/hyper_backend.hpp;
// docs/backends.md, "Backward pass"): the exact gradient, in float64, of the
// function the forward pass computes with its hashes and samples held fixed
// (attention/hyper_plan.hpp: both passes draw the same plan), the derivative
// almost everywhere and the one the paper's training runs take. Every piece
// merges by log-sum-exp, so query i's output is a weighted softmax,
// out_i = sum_j c_ij e^(s_ij) v_j / sum_j c_ij e^(s_ij), with c_ij the block's
// keys' 1 and the sampled columns' n_k / s summed over the pieces; the
// formulas of attention/backward.cpp hold with P_ij = c_ij e^(s_ij) / Z_i
// (attention/keyed_backward.hpp). Cost O(n_q (b + s) (d + d_v) log n) causal,
// O(n_q (b + s)(d + d_v)) otherwise.
#include <chrono>
#include <limits>

#include "attention/hyper_backend.hpp"
#include "attention/hyper_plan.hpp"
#include "attention/keyed_backward.hpp"

namespace sethkit {

AttentionGradients HyperBackend::compute_backward(const AttentionInput& in, const Matrix&,
                                                  const Vector&, const Matrix& d_out) const {
  const auto start = std::chrono::steady_clock::now();
  const HyperPlan plan =
      plan_hyper(in.q.cast<float>(), in.k.cast<float>(), params_, in.causal, in.scale < 0);
  AttentionGradients g = keyed_softmax_backward(
      in, d_out, [&](Eigen::Index i) { return plan.key_weights(i); }, "hyper");
  g.error_bound = std::numeric_limits<double>::infinity();
  g.details = "the gradient of HyperAttention's own output (hashes and samples fixed), float64";
  g.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return g;
}

}  // namespace sethkit
