// The random choices of the `hyper` backend (attention/hyper_backend.hpp;
// Han et al., "HyperAttention", ICLR 2024), made once and shared by its
// forward and backward pass: the sortLSH orders and the sampled columns of
// every non-causal piece, and the exact causal leaves of the paper's causal
// recursion, in the order the forward pass merges them.
#pragma once

#include <cstdint>
#include <vector>

#include "core/matrix.hpp"

namespace sethkit {

inline constexpr long kHyperDefaultSamples = 256;

// The parameters of the `hyper` backend (attention/hyper_backend.hpp).
struct HyperParams {
  long block = 256;        // b
  long samples = -1;       // s, at most n_k; -1 = min(256, n_k)
  int projections = 7;     // r hyperplanes of sortLSH
  long exact_below = 0;    // exact attention at or below this many keys
  std::uint64_t seed = 1;  // draws the hyperplanes and the samples
};

// Non-causal HyperAttention of queries [q0, q0 + n_q) against keys [k0, k0 + n_k);
// orders and samples in local indices. A leaf (exact causal attention of rows
// [q0, q0 + n_q) against keys [q0, q0 + n_q)) has blocks = 0.
struct HyperPiece {
  Eigen::Index q0 = 0, n_q = 0, k0 = 0, n_k = 0;
  Eigen::Index blocks = 0;                     // 0: a causal leaf
  std::vector<Eigen::Index> q_order, k_order;  // sorted position -> row
  std::vector<Eigen::Index> q_position;        // row -> sorted position
  std::vector<Eigen::Index> sampled;           // key rows sampled (with replacement)
  std::vector<Eigen::Index> sampled_block;     // the block of each sample's sorted position
  double weight = 1;                           // n_k / samples
  Eigen::Index q_start(Eigen::Index t) const { return t * n_q / blocks; }
  Eigen::Index k_start(Eigen::Index t) const { return t * n_k / blocks; }
};

struct HyperPlan {
  std::vector<HyperPiece> pieces;  // in the forward pass's order of merging

  // The keys query i's output weighs, with their weights c_ij (the block's
  // keys 1, a sampled column outside the block n_k / s per draw), summed over
  // the pieces, ascending by key: out_i = sum_j c_ij e^(s_ij) v_j / sum_j c_ij e^(s_ij).
  std::vector<std::pair<Eigen::Index, double>> key_weights(Eigen::Index i) const;
};

// The plan for float32 queries and keys (the hash negated for a negative
// scale), drawn from params.seed as the forward pass draws it.
HyperPlan plan_hyper(const MatrixF& q, const MatrixF& k, const HyperParams& params, bool causal,
                     bool negate_hash);

}  // namespace sethkit
