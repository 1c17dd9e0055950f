// The `window` backend's backward pass (attention/window_backend.hpp;
// docs/backends.md, "Backward pass"): the exact gradient, in float64, of the
// function the forward pass computes, softmax over each query's window and
// sink keys. For a query block, its keys are the sinks before the block's
// windows and the union of those windows; the logits of the keys a row does
// not see are -inf, so P is 0 there and the formulas of attention/backward.cpp
// hold over the visible keys alone. Longformer and StreamingLLM train through
// this function with automatic differentiation; this is that derivative.
// Cost O(n_q (w + s)(d + d_v)), the forward pass's; dK and dV are summed in
// one buffer per thread (attention/keyed_backward.hpp).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <vector>

#include "attention/keyed_backward.hpp"
#include "attention/window_backend.hpp"
#include "attention/window_keys.hpp"
#include "core/error.hpp"

namespace sethkit {

AttentionGradients WindowBackend::compute_backward(const AttentionInput& in, const Matrix&,
                                                   const Vector&, const Matrix& d_out) const {
  const auto start = std::chrono::steady_clock::now();
  const Eigen::Index n_q = in.q.rows(), n_k = in.k.rows();
  const WindowKeys keys(n_q, n_k, params_.window, sink_count(n_k), in.causal);
  AttentionGradients g;
  g.dq = Matrix::Zero(n_q, in.q.cols());
  const Eigen::Index blocks = (n_q + WindowKeys::kBlock - 1) / WindowKeys::kBlock;
  ThreadGradientSums sums(n_k, in.k.cols(), in.v.cols());
  bool finite = true;

#pragma omp parallel for schedule(dynamic) reduction(&& : finite)
  for (Eigen::Index b = 0; b < blocks; ++b) {
    const Eigen::Index r0 = b * WindowKeys::kBlock, rows = std::min(WindowKeys::kBlock, n_q - r0);
    const std::vector<Eigen::Index> cols = keys.block_keys(r0, rows);
    const auto n_c = static_cast<Eigen::Index>(cols.size());
    Matrix k(n_c, in.k.cols()), v(n_c, in.v.cols());
    for (Eigen::Index c = 0; c < n_c; ++c) {
      k.row(c) = in.k.row(cols[static_cast<std::size_t>(c)]);
      v.row(c) = in.v.row(cols[static_cast<std::size_t>(c)]);
    }
    const Matrix q = in.q.middleRows(r0, rows);
    const Matrix raw = q * k.transpose();
    Matrix p = in.scale * raw;
    finite = finite && p.allFinite();
    for (Eigen::Index t = 0; t < rows; ++t)
      for (Eigen::Index c = 0; c < n_c; ++c)
        if (!keys.visible(r0 + t, cols[static_cast<std::size_t>(c)]))
          p(t, c) = -std::numeric_limits<double>::infinity();
    const Vector m = p.rowwise().maxCoeff();
    p.colwise() -= m;
    p = p.array().exp().matrix();
    const Vector l = p.rowwise().sum();
    p.array().colwise() /= l.array();
    const Matrix d_rows = d_out.middleRows(r0, rows);
    const Matrix dp = d_rows * v.transpose();
    const Vector big_d = (p.array() * dp.array()).rowwise().sum();
    const Matrix ds = (p.array() * (dp.colwise() - big_d).array()).matrix();
    const Matrix ds_k = ds * k;
    g.dq.middleRows(r0, rows) = in.scale * ds_k;
    const Matrix dk_part = in.scale * (ds.transpose() * q), dv_part = p.transpose() * d_rows;
    Matrix &dk = sums.dk(), &dv = sums.dv();
    for (Eigen::Index c = 0; c < n_c; ++c) {
      dk.row(cols[static_cast<std::size_t>(c)]) += dk_part.row(c);
      dv.row(cols[static_cast<std::size_t>(c)]) += dv_part.row(c);
    }
    sums.dscale() += (ds.array() * raw.array()).sum();
  }
  require(finite, "window attention backward: a logit scale * <q_i, k_j> overflows double");
  sums.sum_into(g);
  // The exact gradient of the window's own output; against full attention's
  // gradient, no bound, as for the forward pass.
  g.error_bound = std::numeric_limits<double>::infinity();
  g.details = "the gradient of the window's own output, float64";
  g.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return g;
}

}  // namespace sethkit
