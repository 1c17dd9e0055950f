// The `conv` backend: causal self-attention through a recovered k-conv basis
// and FFTs (Liang et al., "Conv-Basis", 2024; docs/conv_basis.md;
// attention/conv_basis.hpp). O(k n d log n) instead of O(n^2 d): exact (to
// rounding) where the causal scores are Toeplitz or piecewise Toeplitz in the
// columns (relative-position heads, RoPE with position-only content), and no
// help on unstructured inputs, where k grows to about n.
//
// Refuses, with the reason: non-causal inputs, n_q != n_k, and scores that
// need more than k_max bases at the window threshold; it never falls back to
// an n x n computation. The error bound it reports is
//   (e^(4 eps) - 1) max|V| + the FFT rounding bound,
// where eps is the caller's stated distance of the scores from an exact
// k-conv matrix (0 by default: the bound then covers rounding only, and
// holds when the scores are k-conv with every change point visible in the
// windows). `check_entries` sampled scores are compared with the rebuilt
// ones; a deviation above 2 eps (+ rounding) means the assumption is false,
// and the input is refused.
//
// Backward pass (attention/conv_backward.cpp): the exact attention gradient
// with P replaced by the conv basis's P~, every n x n product done by FFT:
// O(k n d (d_v + 1) log n) (docs/backends.md, "Backward pass").
#pragma once

#include "attention/backend.hpp"
#include "attention/conv_basis.hpp"

namespace sethkit {

struct ConvParams {
  ConvRecoveryParams recovery{};
  double eps = 0;                    // stated distance of the scores from exact k-conv
  std::size_t check_entries = 4096;  // sampled scores compared with the rebuilt basis
  std::uint64_t seed = 1;            // of the sample
};

class ConvBackend : public AttentionBackend {
 public:
  explicit ConvBackend(ConvParams params = {}) : params_(params) {}

  std::string name() const override { return "conv"; }
  std::string description() const override;
  Support supports(const AttentionShape& shape) const override;
  Support supports_input(const AttentionInput& input) const override;
  bool has_backward() const override { return true; }

 protected:
  AttentionOutput compute(const AttentionInput& input) const override;
  AttentionGradients compute_backward(const AttentionInput& input, const Matrix& out,
                                      const Vector& lse, const Matrix& d_out) const override;

 private:
  ConvParams params_;
  struct CheckedBasis {
    ConvBasis basis;
    double deviation = 0;  // largest sampled |H - H~|
  };
  // The recovered basis, its sampled scores checked against eps; throws
  // ContractError with the reason when there is none or the check fails.
  CheckedBasis checked_basis(const AttentionInput& input) const;
};

}  // namespace sethkit
