// Products with the exponentiated conv basis of causal attention (Liang et
// al., "Conv-Basis", 2024; docs/conv_basis.md; attention/conv_basis.hpp):
// Y = e^(-c*) A~ X and its transpose e^(-c*) A~^T X for A~ = M o exp(H~),
// in O(k m n log n) for m columns of X. Grouped by regions, columns j in
// [s_l, s_(l+1)) of A~ carry the aligned column exp(C_l), so
//   A~ X = sum_l T(exp(C_l)) X[s_l : s_(l+1)]   (a causal convolution),
//   (A~^T X)[s_l : s_(l+1)] = rows of the correlation of exp(C_l) with X[s_l :],
// each region shifted by its own maximum c_l and scaled back by e^(c_l - c*),
// so no differences of exponentials are formed. FFTW r2c/c2r of length
// nextpow2(2 m_l - 1), batched over columns in chunks that fit the memory
// limit; FFTW's planner runs one thread at a time, so products may be made
// from several threads at once. The forward pass (conv_basis_attention: Num = A~ V, Den = A~ 1 with
// one product over [V, 1], Y = Num / Den) and the backward pass
// (attention/conv_backward.cpp) use it.
#pragma once

#include <cstdint>

#include "attention/conv_basis.hpp"

namespace sethkit {

enum class ConvSide { kForward, kTranspose };

struct ConvProduct {
  Matrix y;      // n x m
  Vector noise;  // per row: a bound on the FFT rounding of every entry of that row
};

// Throws ContractError when X does not have n rows or one column's transforms
// need more than max_bytes.
ConvProduct conv_basis_product(const ConvBasis& basis, const Matrix& x, ConvSide side,
                               std::uint64_t max_bytes = 8ULL << 30);

struct ConvEvaluation {
  Matrix out;                 // n x d_v
  Vector lse;                 // ln sum_j exp(H~(i, j)) over j <= i
  double rounding_bound = 0;  // bound on the FFT's contribution to the output error
};

// Y = diag(A~ 1)^-1 A~ V for A~ = M o exp(H~), by FFTs of length
// nextpow2(2 m_l - 1) per basis. Throws ContractError when V does not have n
// rows, the transforms would need more than max_bytes, or the FFT's rounding
// bound reaches a row sum (scores spanning too wide a range of exponents).
ConvEvaluation conv_basis_attention(const ConvBasis& basis, const Matrix& v,
                                    std::uint64_t max_bytes = 8ULL << 30);

}  // namespace sethkit
