// The streaming exact attention kernel behind the `flash` backends.
//
// FlashAttention's online softmax (Dao et al. 2022) on the CPU: queries in
// blocks of `block_q` rows, keys in tiles of `block_k` rows. Per query row it
// keeps a running maximum m, a running sum l and an accumulator o; for every
// key tile S = Q_blk K_tile^T (Eigen GEMM), m' = max(m, rowmax S),
// P = exp(S - m') (vectorised), l = l e^(m - m') + rowsum P,
// o = o e^(m - m') + P V_tile. Output o / l, log-sum-exp m + ln l.
// Memory O((n + block_q block_k) d) beyond the inputs, never n x n; logits of
// any size are safe because every exponent is <= 0. Query blocks run in
// parallel (OpenMP). Cost O(n_q n_k (d + d_v)).
#pragma once

#include <Eigen/Core>

namespace sethkit {

template <typename T>
using RowMatrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

template <typename T>
struct FlashResult {
  RowMatrix<T> out;                         // n_q x d_v
  Eigen::Matrix<T, Eigen::Dynamic, 1> lse;  // n_q
  T max_abs_logit = 0;
  bool overflow = false;  // a logit was not finite
};

struct FlashTiles {
  Eigen::Index block_q = 128;
  Eigen::Index block_k = 512;
};

// q: n_q x d, k: n_k x d, v: n_k x d_v; logits are scale * <q_i, k_j>. n_k >= 1.
// causal_offset >= 0: query i sees keys j <= i + causal_offset only (key tiles
// beyond a query block's last visible key are skipped); -1: no mask.
template <typename T>
FlashResult<T> flash_attention(const RowMatrix<T>& q, const RowMatrix<T>& k, const RowMatrix<T>& v,
                               T scale, FlashTiles tiles = {}, Eigen::Index causal_offset = -1);

extern template FlashResult<float> flash_attention(const RowMatrix<float>&, const RowMatrix<float>&,
                                                   const RowMatrix<float>&, float, FlashTiles,
                                                   Eigen::Index);
extern template FlashResult<double> flash_attention(const RowMatrix<double>&,
                                                    const RowMatrix<double>&,
                                                    const RowMatrix<double>&, double, FlashTiles,
                                                    Eigen::Index);

}  // namespace sethkit
