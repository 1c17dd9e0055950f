// The `nystrom` backend: Nystromformer (Xiong et al., "Nystromformer: A
// Nystrom-Based Algorithm for Approximating Self-Attention", AAAI 2021).
//
// Landmarks are segment means: the queries (keys) split into l contiguous
// segments of near-equal length, Q~ (K~) the l x d matrix of their means.
// Three softmax kernels, F = softmax(s Q K~^T) (n_q x l),
// A = softmax(s Q~ K~^T) (l x l), B = softmax(s Q~ K^T) (l x n_k), and
// Att ~ F A^+ (B V), with A^+ from the paper's iterative pseudo-inverse:
// Z_0 = A^T / (||A||_1 ||A||_inf),
// Z_(t+1) = Z_t (13 I - A Z_t (15 I - A Z_t (7 I - A Z_t))) / 4.
// Defaults from the paper: l = 64 landmarks (at most n), 6 iterations.
// Iterations = 0 takes the exact pseudo-inverse (complete orthogonal
// decomposition, float64): with l = n_q = n_k every segment is one token and
// F A^+ B V = S S^+ S V = S V, exact attention (the degenerate full budget).
// The paper's depthwise convolution on V is a learned part of its layer, not
// of the approximation, and is left out. Bidirectional only: the landmarks
// mix all positions, so causal inputs are refused. Float32, except with the
// exact pseudo-inverse: then float64 throughout, since the kernels of small
// logits are nearly rank one, too ill-conditioned for float32. Cost O((n_q + n_k) l (d + d_v) +
// iterations l^3). No entrywise guarantee: 'unbounded'.
#pragma once

#include "attention/backend.hpp"

namespace sethkit {

struct NystromParams {
  long landmarks = -1;      // l; -1 = min(64, n_q, n_k); at most min(n_q, n_k)
  int pinv_iterations = 6;  // 0 = exact pseudo-inverse
};

class NystromBackend : public AttentionBackend {
 public:
  static constexpr long kDefaultLandmarks = 64;
  explicit NystromBackend(NystromParams params = {});
  std::string name() const override { return "nystrom"; }
  std::string description() const override;
  Support supports(const AttentionShape& shape) const override;
  Support supports_input(const AttentionInput& input) const override;
  bool has_backward() const override { return true; }

 private:
  NystromParams params_;
  Eigen::Index landmarks_for(Eigen::Index n_q, Eigen::Index n_k) const;  // l

 protected:
  AttentionOutput compute(const AttentionInput& input) const override;
  // attention/nystrom_backward.cpp: the exact gradient of this backend's own
  // output (float64); error_bound +inf, as the forward's.
  AttentionGradients compute_backward(const AttentionInput& input, const Matrix& out,
                                      const Vector& lse, const Matrix& d_out) const override;
};

}  // namespace sethkit
