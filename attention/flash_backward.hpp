// The streaming backward pass behind the `flash` backends: FlashAttention-2's
// backward (Dao, "FlashAttention-2", 2023, Algorithm 2) on the CPU. Key tiles
// are the parallel loop: each tile owns its dK and dV rows and walks the
// query blocks that see it, recomputing P = exp(scale Q K^T - lse) from the
// forward's log-sum-exp, never n x n; dQ is summed in one n_q x d buffer per
// thread. D_i = <dO_i, O_i> comes from the forward's output. Memory
// O(threads n d + tile sizes); cost about 2.5 times the forward's multiply-adds
// (five tile products against two).
#pragma once

#include "attention/flash_kernel.hpp"

namespace sethkit {

template <typename T>
struct FlashGradients {
  RowMatrix<T> dq, dk, dv;
  double dscale = 0;  // sum_ij dS_ij <q_i, k_j>, accumulated in double
  bool overflow = false;
};

// As flash_attention: causal_offset >= 0 masks keys j > i + causal_offset.
// out and lse are the forward's, d_out = dLoss/dO.
template <typename T>
FlashGradients<T> flash_attention_backward(const RowMatrix<T>& q, const RowMatrix<T>& k,
                                           const RowMatrix<T>& v, const RowMatrix<T>& out,
                                           const Eigen::Matrix<T, Eigen::Dynamic, 1>& lse,
                                           const RowMatrix<T>& d_out, T scale,
                                           FlashTiles tiles = {}, Eigen::Index causal_offset = -1);

extern template FlashGradients<float> flash_attention_backward(
    const RowMatrix<float>&, const RowMatrix<float>&, const RowMatrix<float>&,
    const RowMatrix<float>&, const Eigen::Matrix<float, Eigen::Dynamic, 1>&,
    const RowMatrix<float>&, float, FlashTiles, Eigen::Index);
extern template FlashGradients<double> flash_attention_backward(
    const RowMatrix<double>&, const RowMatrix<double>&, const RowMatrix<double>&,
    const RowMatrix<double>&, const Eigen::Matrix<double, Eigen::Dynamic, 1>&,
    const RowMatrix<double>&, double, FlashTiles, Eigen::Index);

}  // namespace sethkit
