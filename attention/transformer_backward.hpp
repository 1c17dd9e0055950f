// Reverse-mode differentiation of the reference transformer, written by hand
// (the constructive content of the Baur-Strassen theorem: all first partial
// derivatives of a function computed with s operations cost c s operations;
// Saha, Xu, Ye, Yu 2026 apply it to bound the large-embedding regime,
// docs/transformer.md).
//
// transformer_gradient runs the forward pass in double with dense attention
// matrices (O(n^2) memory per head), keeps every intermediate, and returns
// dF/dW for every weight and dF/dX_0, where F = sum_ij G_ij X_L[i][j] for a
// given upstream gradient G = dF/dX_L. Per head, with O = P V, V = X Wv and
// S = scale Q K^T:
//   dV = P^T dO,  dP = dO V^T,  dS = P o (dP - rowsum(dP o P))  (softmax;
//   hardmax is piecewise constant, dS = 0),  dQ = scale dS K,
//   dK = scale dS^T Q;  dWq = X^T dQ, dWk = X^T dK, dWv = X^T dV;
//   dX += dQ Wq^T + dK Wk^T + dV Wv^T, plus the residual path.
// It also counts the multiply-adds and exponentials of each pass, so the
// backward/forward cost ratio is reported without timing noise.
#pragma once

#include <cstdint>

#include "attention/transformer.hpp"

namespace sethkit {

struct TransformerGradient {
  TransformerModel weights;        // same shapes as the model: dF/dW for every weight
  Matrix x;                        // dF/dX_0 (n x m)
  Matrix output;                   // X_L from the taped forward pass
  std::uint64_t forward_ops = 0;   // multiply-adds + exponentials of the forward pass
  std::uint64_t backward_ops = 0;  // of the backward pass alone
  double forward_seconds = 0, backward_seconds = 0;
};

// Throws ContractError when the model is invalid or x / upstream do not have
// the shape n x m, or when n^2 (the dense attention matrix of one head) or the
// tape would exceed max_bytes.
TransformerGradient transformer_gradient(const TransformerModel& model, const Matrix& x /* n x m */,
                                         const Matrix& upstream /* n x m */,
                                         std::uint64_t max_bytes = 4ULL << 30);

}  // namespace sethkit
