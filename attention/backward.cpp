// The attention backward pass shared by every backend (attention/backend.hpp,
// docs/backends.md, "Backward pass"): checks, RoPE and top-left masks around
// each backend's compute_backward(). With P the attention weights,
// dV = P^T dO, dP = dO V^T, D_i = sum_j P_ij dP_ij = <dO_i, O_i>,
// dS = P o (dP - D 1^T), dQ = scale dS K, dK = scale dS^T Q and
// dLoss/dscale = sum_ij dS_ij <q_i, k_j> (Dao, "FlashAttention-2", 2023,
// Algorithm 2, written for any scale and for n_q != n_k).
#include <fmt/format.h>

#include <cmath>

#include "attention/backend.hpp"
#include "core/error.hpp"

namespace sethkit {

namespace {
constexpr const char* kWithBackward =
    "every built-in backend has one; the external and callback oracles return only an output";

// The rows [r0, r0 + rows) of a forward result.
AttentionOutput forward_rows(const AttentionOutput& f, Eigen::Index r0, Eigen::Index rows) {
  AttentionOutput part;
  part.out = f.out.middleRows(r0, rows);
  if (f.lse.size() > 0) part.lse = f.lse.segment(r0, rows);
  return part;
}

// Top-left causal with n_q != n_k as bottom-right pieces, as in run().
AttentionGradients top_left_backward(const AttentionBackend& backend, const AttentionInput& in,
                                     const AttentionOutput& forward, const Matrix& d_out) {
  const Eigen::Index n_q = in.q.rows(), n_k = in.k.rows();
  AttentionGradients g;
  if (n_q < n_k) {  // keys j >= n_q are seen by no query: their gradients are 0
    const Matrix k = in.k.topRows(n_q), v = in.v.topRows(n_q);
    const AttentionGradients part = backend.backward({in.q, k, v, in.scale, true}, forward, d_out);
    g = part;
    g.dk = Matrix::Zero(n_k, in.k.cols());
    g.dv = Matrix::Zero(n_k, in.v.cols());
    g.dk.topRows(n_q) = part.dk;
    g.dv.topRows(n_q) = part.dv;
    return g;
  }
  const Matrix head = in.q.topRows(n_k), tail = in.q.bottomRows(n_q - n_k);
  const Matrix d_head = d_out.topRows(n_k), d_tail = d_out.bottomRows(n_q - n_k);
  const AttentionGradients a =
      backend.backward({head, in.k, in.v, in.scale, true}, forward_rows(forward, 0, n_k), d_head);
  const AttentionGradients b = backend.backward({tail, in.k, in.v, in.scale, false},
                                                forward_rows(forward, n_k, n_q - n_k), d_tail);
  g.dq.resize(n_q, in.q.cols());
  g.dq.topRows(n_k) = a.dq;
  g.dq.bottomRows(n_q - n_k) = b.dq;
  g.dk = a.dk + b.dk;
  g.dv = a.dv + b.dv;
  g.dscale = a.dscale + b.dscale;
  g.error_bound = a.error_bound + b.error_bound;  // dK and dV add the two pieces' errors
  g.seconds = a.seconds + b.seconds;
  g.details = a.details;
  return g;
}
}  // namespace

void AttentionBackend::require_backward() const {
  require(has_backward(), fmt::format("{}: no backward pass; {}", name(), kWithBackward));
}

AttentionGradients AttentionBackend::compute_backward(const AttentionInput&, const Matrix&,
                                                      const Vector&, const Matrix&) const {
  require_backward();
  throw ContractError(fmt::format("{}: claims a backward pass it does not have", name()));
}

AttentionGradients AttentionBackend::backward(const AttentionInput& in,
                                              const AttentionOutput& forward,
                                              const Matrix& d_out) const {
  validate_attention_input(in);
  require_backward();
  require(d_out.rows() == in.q.rows() && d_out.cols() == in.v.cols(),
          fmt::format("backward: dO is {} x {}, the output is {} x {}; expected the same shape",
                      d_out.rows(), d_out.cols(), in.q.rows(), in.v.cols()));
  require(d_out.allFinite(), "backward: dO holds NaN or infinity");
  require(forward.out.rows() == in.q.rows() && forward.out.cols() == in.v.cols(),
          "backward: the forward output does not match the input's shape");
  require(forward.lse.size() == 0 || forward.lse.size() == in.q.rows(),
          "backward: the forward log-sum-exp does not match the number of queries");
  if (in.rope) {
    // Logits of RoPE attention are those of the rotated Q, K; their gradients rotate back.
    const Eigen::Index start = in.query_position_start();
    const Matrix q = rope_rotate(in.q, *in.rope, start), k = rope_rotate(in.k, *in.rope, 0);
    AttentionGradients g =
        backward({q, k, in.v, in.scale, in.causal, std::nullopt, in.alignment}, forward, d_out);
    g.dq = rope_rotate(g.dq, *in.rope, start, true);
    g.dk = rope_rotate(g.dk, *in.rope, 0, true);
    // A rotation of a pair whose entries are each off by e leaves entries off by up to sqrt(2) e.
    g.error_bound *= std::sqrt(2.0);
    return g;
  }
  if (in.top_left() && in.q.rows() != in.k.rows())
    return top_left_backward(*this, in, forward, d_out);
  const Support s = supports_input(in);
  if (!s.ok) throw ContractError(fmt::format("{}: {}", name(), s.reason));
  return compute_backward_from(in, forward, d_out);
}

}  // namespace sethkit
