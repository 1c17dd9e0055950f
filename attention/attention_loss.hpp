// The one-layer attention loss of Alman & Song's sequel, "The Fine-Grained
// Complexity of Gradient Computation for Training Large Language Models"
// (NeurIPS 2024; docs/gradient.md):
//   L(X) = 1/2 || D(X)^-1 exp(A1 X A2^T / d) A3 Y - E ||_F^2,
//   D(X) = diag(exp(A1 X A2^T / d) 1),
// with A1, A2, A3, E n x d and X, Y d x d; X plays the role of W_Q W_K^T.
// It is attention with Q = A1 X, K = A2, V = A3 Y and scale 1/d, so its
// gradient is dL/dX = A1^T dQ, where dQ is the backward pass's for
// dO = O - E. Through naive or flash64 it is exact; through poly it is the
// almost-linear algorithm for small entries, with the poly backward's bound
// carried through A1^T and the forward's error in dO (docs/gradient.md).
#pragma once

#include <string>

#include "attention/backend.hpp"

namespace sethkit {

struct AttentionLoss {
  Matrix a1, a2, a3, e;  // n x d (A3 may have n x d_3 columns with Y d_3 x d_v, E n x d_v)
  Matrix y;              // the value projection: A3 Y is n x d_v
};

struct AttentionLossGradient {
  double loss = 0;
  Matrix grad;                  // dL/dX, d x d
  double loss_error_bound = 0;  // |L~ - L| (0 = exact up to rounding, +inf = none)
  double error_bound = 0;       // max entrywise |dX~ - dX|
  double seconds = 0;
  std::string details;
};

// Throws ContractError (one line) on shapes that do not fit, non-finite
// entries, or a backend without a backward pass.
AttentionLossGradient attention_loss_gradient(const AttentionLoss& loss, const Matrix& x,
                                              const AttentionBackend& backend);

}  // namespace sethkit
