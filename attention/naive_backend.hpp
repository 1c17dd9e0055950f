// The `naive` reference backend: exact attention in double precision.
//
// Works one block of query rows at a time: logits S = scale * Q_blk K^T
// (b x n_k), row maxima m, P = exp(S - m), row sums l, output (P V) / l and
// log-sum-exp m + ln l. Memory O(b n_k + n d), never n_q x n_k; the block
// height b keeps a block of logits near 32 MiB. Blocks run in parallel
// (OpenMP). Cost O(n_q n_k (d + d_v)); supports() refuses inputs above
// kWorkBudget multiply-adds rather than run for hours. The reference every
// other backend and every reduction test is checked against.
// Backward pass: the same row blocks recompute P from the logits (ignoring
// the forward's log-sum-exp, so the reference depends on nothing passed in
// but Q, K, V and dO), D from P o dP, and accumulate dK, dV over the blocks.
#pragma once

#include "attention/backend.hpp"

namespace sethkit {

class NaiveBackend : public AttentionBackend {
 public:
  static constexpr double kWorkBudget = 1e14;

  // block_rows = 0 picks the height from n_k.
  explicit NaiveBackend(Eigen::Index block_rows = 0) : block_rows_(block_rows) {}

  std::string name() const override { return "naive"; }
  std::string description() const override {
    return "exact reference, float64, row blocks with a stable log-sum-exp";
  }
  Support supports(const AttentionShape& shape) const override;
  bool has_backward() const override { return true; }

 private:
  Eigen::Index block_rows_;

 protected:
  AttentionOutput compute(const AttentionInput& input) const override;
  AttentionGradients compute_backward(const AttentionInput& input, const Matrix& out,
                                      const Vector& lse, const Matrix& d_out) const override;
};

}  // namespace sethkit
