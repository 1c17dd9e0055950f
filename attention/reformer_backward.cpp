// The `reformer` backend's backward pass (attention/reformer_backend.hpp;
// docs/backends.md, "Backward pass"): the exact gradient, in float64, of the
// function the forward pass computes with its buckets held fixed (hashing is
// piecewise constant, so that is its derivative almost everywhere, the one
// the paper trains through). Combining the rounds with the ln N_ij
// correction makes the forward's output softmax over the union U_i of the
// keys query i meets in any round (causal: those at most its position), so
// the formulas of attention/backward.cpp hold over U_i; a causal row that
// meets no visible key copies its own position's value, which passes dO to
// that value alone. Queries in parallel, dK and dV summed in one buffer per
// thread. Cost O(n_q |U| (d + d_v)), |U| <= 2 c rounds.
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <vector>

#include "attention/reformer_backend.hpp"
#include "attention/reformer_hashing.hpp"
#include "core/error.hpp"

namespace sethkit {

AttentionGradients ReformerBackend::compute_backward(const AttentionInput& in, const Matrix&,
                                                     const Vector&, const Matrix& d_out) const {
  const auto start = std::chrono::steady_clock::now();
  const Eigen::Index n_q = in.q.rows(), n_k = in.k.rows(), offset = n_k - n_q;
  const ReformerRounds hashed = rounds_for(in);
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
    std::vector<Eigen::Index> keys = hashed.key_set(i);
    if (in.causal)
      keys.erase(
          std::remove_if(keys.begin(), keys.end(), [&](Eigen::Index j) { return j > i + offset; }),
          keys.end());
    if (keys.empty()) {  // causal, no visible key met: out_i = v at its own position
      dv[t_id].row(i + offset) += d_out.row(i);
      continue;
    }
    const auto n_c = static_cast<Eigen::Index>(keys.size());
    Vector raw(n_c);
    for (Eigen::Index c = 0; c < n_c; ++c)
      raw(c) = in.q.row(i).dot(in.k.row(keys[static_cast<std::size_t>(c)]));
    Vector p = in.scale * raw;
    finite = finite && p.allFinite();
    p = (p.array() - p.maxCoeff()).exp().matrix();
    p /= p.sum();
    Vector dp(n_c);
    for (Eigen::Index c = 0; c < n_c; ++c)
      dp(c) = d_out.row(i).dot(in.v.row(keys[static_cast<std::size_t>(c)]));
    const Vector ds = p.cwiseProduct(dp.array().matrix() - Vector::Constant(n_c, p.dot(dp)));
    for (Eigen::Index c = 0; c < n_c; ++c) {
      const Eigen::Index j = keys[static_cast<std::size_t>(c)];
      g.dq.row(i) += in.scale * ds(c) * in.k.row(j);
      dk[t_id].row(j) += in.scale * ds(c) * in.q.row(i);
      dv[t_id].row(j) += p(c) * d_out.row(i);
    }
    dscale[t_id] += ds.dot(raw);
  }
  require(finite, "reformer attention backward: a logit scale * <q_i, k_j> overflows double");
  g.dk = dk[0];
  g.dv = dv[0];
  g.dscale = dscale[0];
  for (std::size_t t = 1; t < dk.size(); ++t) {
    g.dk += dk[t];
    g.dv += dv[t];
    g.dscale += dscale[t];
  }
  g.error_bound = std::numeric_limits<double>::infinity();
  g.details = "the gradient of the LSH attention's own output (buckets fixed), float64";
  g.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return g;
}

}  // namespace sethkit
