// Softmax attention over a chosen subset of keys, the building block of the
// approximate backends that attend exactly within a neighbourhood (window,
// reformer, hyper; docs/backends.md, "Approximate backends").
//
// A partial result holds, per query row, the output normalised over the keys
// it saw and the log-sum-exp of their logits (-inf when it saw none). Two
// partial results over disjoint key sets (or sets weighted by log-offsets, as
// HyperAttention's sampled columns are) merge exactly by their log-sum-exps:
// lse = ln(e^lse1 + e^lse2), out = out1 e^(lse1 - lse) + out2 e^(lse2 - lse).
// Everything is float32; every exponent is <= 0, so no logit overflows.
#pragma once

#include <Eigen/Core>
#include <limits>
#include <vector>

#include "core/matrix.hpp"

namespace sethkit {

// The logit of a masked key, and the log-sum-exp of a row that saw no key.
inline constexpr float kMinusInf = -std::numeric_limits<float>::infinity();

struct PartialAttention {
  MatrixF out;          // rows x d_v, normalised over the keys seen; 0 where none
  Eigen::VectorXf lse;  // rows: ln sum exp(logit + offset) over the keys seen, -inf if none

  PartialAttention() = default;
  PartialAttention(Eigen::Index rows, Eigen::Index d_v);  // every row unseen
};

// Softmax of `logits` (rows x keys; -inf entries are masked keys) applied to
// v (keys x d_v). `logits` is overwritten with the weights.
PartialAttention softmax_rows(MatrixF& logits /* rows x keys */, const MatrixF& v /* keys x d_v */);

// Merges row `from_row` of `from` into row `row` of `into`.
void merge_row(PartialAttention& into, Eigen::Index row, const PartialAttention& from,
               Eigen::Index from_row);
// Merges `other` into rows `row` .. of `into` (other.out.rows() rows).
void merge_partial(PartialAttention& into, Eigen::Index row, const PartialAttention& other);

// The rows of m listed in `index`, in order (index.size() x m.cols()).
MatrixF gather_rows(const MatrixF& m /* n x cols */, const std::vector<Eigen::Index>& index,
                    std::size_t begin, std::size_t end);

}  // namespace sethkit
