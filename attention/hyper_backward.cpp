// The `hyper` backend's backward pass (attention/hyper_backend.hpp;
// docs/backends.md, "Backward pass"): the exact gradient, in float64, of the
// function the forward pass computes with its hashes and samples held fixed
// (attention/hyper_plan.hpp: both passes draw the same plan), the derivative
// almost everywhere and the one the paper's training runs take. Every piece
// merges by log-sum-exp, so query i's output is a weighted softmax,
// out_i = sum_j c_ij e^(s_ij) v_j / sum_j c_ij e^(s_ij), with c_ij the block's
// keys' 1 and the sampled columns' n_k / s summed over the pieces; the
// formulas of attention/backward.cpp hold with P_ij = c_ij e^(s_ij) / Z_i.
// Queries in parallel, dK and dV summed in one buffer per thread. Cost
// O(n_q (b + s) (d + d_v) log n) causal, O(n_q (b + s)(d + d_v)) otherwise.
#include <omp.h>

#include <chrono>
#include <cmath>
#include <limits>
#include <vector>

#include "attention/hyper_backend.hpp"
#include "attention/hyper_plan.hpp"
#include "core/error.hpp"

namespace sethkit {

AttentionGradients HyperBackend::compute_backward(const AttentionInput& in, const Matrix&,
                                                  const Vector&, const Matrix& d_out) const {
  const auto start = std::chrono::steady_clock::now();
  const Eigen::Index n_q = in.q.rows(), n_k = in.k.rows();
  const HyperPlan plan =
      plan_hyper(in.q.cast<float>(), in.k.cast<float>(), params_, in.causal, in.scale < 0);
  AttentionGradients g;
  g.dq = Matrix::Zero(n_q, in.q.cols());
  const int threads = omp_get_max_threads();
  std::vector<Matrix> dk(static_cast<std::size_t>(threads), Matrix::Zero(n_k, in.k.cols()));
  std::vector<Matrix> dv(static_cast<std::size_t>(threads), Matrix::Zero(n_k, in.v.cols()));
  std::vector<double> dscale(static_cast<std::size_t>(threads), 0.0);
  bool finite = true;

#pragma omp parallel for schedule(dynamic, 16) reduction(&& : finite)
  for (Eigen::Index i = 0; i < n_q; ++i) {
    const auto t_id = static_cast<std::size_t>(omp_get_thread_num());
    const auto keys = plan.key_weights(i);
    const auto n_c = static_cast<Eigen::Index>(keys.size());
    Vector raw(n_c), p(n_c), dp(n_c);
    for (Eigen::Index c = 0; c < n_c; ++c) {
      const Eigen::Index j = keys[static_cast<std::size_t>(c)].first;
      raw(c) = in.q.row(i).dot(in.k.row(j));
      p(c) = in.scale * raw(c) + std::log(keys[static_cast<std::size_t>(c)].second);
      dp(c) = d_out.row(i).dot(in.v.row(j));
    }
    finite = finite && p.allFinite();
    p = (p.array() - p.maxCoeff()).exp().matrix();
    p /= p.sum();
    const Vector ds = p.cwiseProduct(dp - Vector::Constant(n_c, p.dot(dp)));
    for (Eigen::Index c = 0; c < n_c; ++c) {
      const Eigen::Index j = keys[static_cast<std::size_t>(c)].first;
      g.dq.row(i) += in.scale * ds(c) * in.k.row(j);
      dk[t_id].row(j) += in.scale * ds(c) * in.q.row(i);
      dv[t_id].row(j) += p(c) * d_out.row(i);
    }
    dscale[t_id] += ds.dot(raw);
  }
  require(finite, "hyper attention backward: a logit scale * <q_i, k_j> overflows double");
  g.dk = dk[0];
  g.dv = dv[0];
  g.dscale = dscale[0];
  for (std::size_t t = 1; t < dk.size(); ++t) {
    g.dk += dk[t];
    g.dv += dv[t];
    g.dscale += dscale[t];
  }
  g.error_bound = std::numeric_limits<double>::infinity();
  g.details = "the gradient of HyperAttention's own output (hashes and samples fixed), float64";
  g.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return g;
}

}  // namespace sethkit
