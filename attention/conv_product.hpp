// Products with the exponentiated conv basis of causal attention (Liang et
// al., "Conv-Basis", 2024; docs/conv_basis.md; attention/conv_basis.hpp):
// Y = e^(-c*) A~ X and its transpose e^(-c*) A~^T X for A~ = M o exp(H~),
// in O(k m n log n) for m columns of X. Grouped by regions, columns j in
// [s_l, s_(l+1)) of A~ carry the aligned column exp(C_l), so
//   A~ X = sum_l T(exp(C_l)) X[s_l : s_(l+1)]   (a causal convolution),
//   (A~^T X)[s_l : s_(l+1)] = rows of the correlation of exp(C_l) with X[s_l :],
// each region shifted by its own maximum c_l and scaled back by e^(c_l - c*),
// so no differences of exponentials are formed. Region l's linear
// convolution has (s_(l+1) - s_l) + m_l - 1 terms; real FFTs of the least
// ladder length at or above it (attention/conv_fft.hpp), its kernel spectrum
// computed once per operator, one column of X at a time (X held column by
// column, so each column's rows are contiguous). A
// ConvWorkspace keeps one thread's buffers from product to product, a pool
// keeps workspaces from pass to pass, and the process keeps one set of plans
// per length; FFTW's planner runs one thread at a time, so products may be
// made from several threads at once. The forward pass (conv_basis_attention:
// Num = A~ V, Den = A~ 1 with one product over [V, 1], Y = Num / Den) and the
// backward pass (attention/conv_backward.cpp) use it.
#pragma once

#include <complex>
#include <cstdint>
#include <memory>
#include <vector>

#include "attention/conv_basis.hpp"
#include "attention/conv_fft.hpp"

namespace sethkit {

enum class ConvSide { kForward, kTranspose };

struct ConvProduct {
  ColMatrix y;   // n x m
  Vector noise;  // per row: a bound on the FFT rounding of every entry of that row
};

// One thread's FFT buffers, reused by every product made with it; the plans
// are the process's (attention/conv_fft.hpp).
class ConvWorkspace {
 public:
  ConvWorkspace();
  ~ConvWorkspace();
  ConvWorkspace(const ConvWorkspace&) = delete;
  ConvWorkspace& operator=(const ConvWorkspace&) = delete;
  struct Buffers;
  Buffers& buffers() { return *buffers_; }
  std::size_t bytes() const;  // of FFT buffers held

 private:
  std::unique_ptr<Buffers> buffers_;
};

// A workspace lent by a process-wide pool and given back when this goes out
// of scope, so that buffers outlive one pass: the forward and
// backward passes take theirs here. The pool keeps at most 64 workspaces,
// none with more than 64 MiB of buffers.
class PooledConvWorkspace {
 public:
  PooledConvWorkspace();
  ~PooledConvWorkspace();
  PooledConvWorkspace(const PooledConvWorkspace&) = delete;
  PooledConvWorkspace& operator=(const PooledConvWorkspace&) = delete;
  ConvWorkspace& operator*() { return *workspace_; }

 private:
  std::unique_ptr<ConvWorkspace> workspace_;
};

// e^(-c*) A~, ready for products: each region's transform length, kernel
// spectrum and weights computed once.
class ConvOperator {
 public:
  // Throws ContractError when the spectra and one column's transforms would
  // need more than max_bytes (apply: and the n x m output).
  explicit ConvOperator(const ConvBasis& basis, std::uint64_t max_bytes = 8ULL << 30);

  // out = e^(-c*) A~ (diag(row_factor) x) (kForward) or its transpose, with
  // out.noise bounding the FFT's rounding; row_factor may be null (ones).
  void apply(const ColMatrix& x, ConvSide side, ConvWorkspace& workspace, ConvProduct& out,
             const Vector* row_factor = nullptr) const;
  // The same for x stored row by row (copied into the workspace first).
  void apply(const Matrix& x, ConvSide side, ConvWorkspace& workspace, ConvProduct& out,
             const Vector* row_factor = nullptr) const;
  ConvProduct apply(const Matrix& x, ConvSide side) const;

  Eigen::Index n() const { return n_; }

 private:
  std::uint64_t bytes_for(Eigen::Index cols) const;  // spectra, transforms, output
  void apply_columns(const double* x, Eigen::Index cols, ConvSide side, ConvWorkspace& workspace,
                     ConvProduct& out, const Vector* row_factor) const;
  struct Region {
    Eigen::Index start = 0, end = 0, m = 0;  // columns [start, end), m = n - start
    int length = 0;                          // transform length
    double weight = 0;                       // e^(c_l - c*) / length
    double kernel_norm = 0;                  // ||exp(C_l - c_l)||_2 e^(c_l - c*)
    std::vector<std::complex<double>> spectrum;
  };
  Eigen::Index n_ = 0;
  std::vector<Region> regions_;
  std::uint64_t max_bytes_ = 0, spectra_bytes_ = 0;
  int longest_ = 0;
};

// Throws ContractError when X does not have n rows or the transforms need
// more than max_bytes.
ConvProduct conv_basis_product(const ConvBasis& basis, const Matrix& x, ConvSide side,
                               std::uint64_t max_bytes = 8ULL << 30);

struct ConvEvaluation {
  Matrix out;                 // n x d_v
  Vector lse;                 // ln sum_j exp(H~(i, j)) over j <= i
  double rounding_bound = 0;  // bound on the FFT's contribution to the output error
};

// Y = diag(A~ 1)^-1 A~ V for A~ = M o exp(H~), by FFTs per basis. Throws
// ContractError when V does not have n rows, the transforms would need more
// than max_bytes, or the FFT's rounding bound reaches a row sum (scores
// spanning too wide a range of exponents).
ConvEvaluation conv_basis_attention(const ConvBasis& basis, const Matrix& v,
                                    std::uint64_t max_bytes = 8ULL << 30);

}  // namespace sethkit
