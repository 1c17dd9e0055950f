// Rotary position embedding (RoPE; Su et al., RoFormer, 2021), as used by
// Chen, Li, Liang, Long, Shi, Song, "Circuit Complexity Bounds for RoPE-based
// Transformer Architecture" (2024) and docs/rope.md.
//
// Even head dimension d; frequencies theta_p = base^(-2p/d), p < d/2;
// R_m = blockdiag(R(m theta_0), ..., R(m theta_(d/2-1))), R(phi) the 2 x 2
// rotation by phi. The RoPE score of query i and key j is
// q_i^T R_(j-i) k_j, and (docs/rope.md) q_i^T R_(j-i) k_j = (R_i q_i) . (R_j k_j):
// RoPE attention is ordinary attention on pre-rotated queries and keys, so
// every backend serves it unchanged. Rotation keeps l2 norms and logits; an
// entry grows by at most sqrt(2).
// Pairs: interleaved (2p, 2p+1), the default (GPT-J, the RoFormer paper), or
// split halves (p, p + d/2), "half" (GPT-NeoX's and Llama's rotate_half).
#pragma once

#include <optional>
#include <string>

#include "core/matrix.hpp"

namespace sethkit {

enum class RopeLayout { kInterleaved, kSplitHalves };

// "interleaved" or "half".
const char* to_string(RopeLayout layout);
// "interleaved", "half" or its older spelling "split-halves"; nullopt otherwise.
std::optional<RopeLayout> rope_layout_from_word(const std::string& word);

struct Rope {
  double base = 10000;
  RopeLayout layout = RopeLayout::kInterleaved;
};

// Row r of x rotated by R_(first_position + r) (inverse: by R_-(...)).
// Throws ContractError for an odd number of columns or a base <= 1.
Matrix rope_rotate(const Matrix& x, const Rope& rope, Eigen::Index first_position = 0,
                   bool inverse = false);

// Inputs for a RoPE model whose logits equal the plain logits scale <q_i, k_j>:
// RoPE scores q_i^T R_(j-i) k_j equal <R_i q_i, R_j k_j> (docs/rope.md), so
// R_i^-1 q_i and R_j^-1 k_j (queries at the last positions) make a RoPE model
// compute the original logits. An odd d gets a zero column, which changes no
// logit. Entries grow by at most sqrt(2).
struct RopeInputs {
  Matrix q, k;                             // n_q x d', n_k x d' with d' = d rounded up to even
  Eigen::Index padded_columns = 0;         // 0 or 1
  Eigen::Index query_positions_start = 0;  // n_k - n_q
};
RopeInputs inverse_rope_inputs(const Matrix& q, const Matrix& k, const Rope& rope);

// R_m as an explicit d x d matrix: the direct definition, for checks.
Matrix rope_matrix(Eigen::Index d, Eigen::Index m, const Rope& rope);

}  // namespace sethkit
