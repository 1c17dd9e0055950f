// Attention inputs whose causal scores are exactly k-conv
// (docs/conv_basis.md; derived here): where the conv basis of
// Liang et al. ("Conv-Basis", 2024) is exact, for its tests and the conv
// sweep. Scores are scale <q_i, k_j>:
//   gated sinusoids (d = 2k): q_i = (cos i t_l, sin i t_l)_l, k_j the same
//     with pair l multiplied by [j >= s_l]; H[i][j] = scale sum_{s_l <= j}
//     cos((i - j) t_l): a k-conv matrix with starts s_l;
//   ALiBi-like bias (d = 2, k = 1): q_i = (1, -c i), k_j = (c j, 1), so
//     H[i][j] = -scale c (i - j);
//   position-only content (k = 1 under RoPE): every q_i = q, every k_j = k;
//     with RoPE the scores depend on i - j alone.
#pragma once

#include <cstdint>
#include <vector>

#include "core/matrix.hpp"

namespace sethkit {

struct StructuredQk {
  Matrix q, k;                       // n x d
  std::vector<Eigen::Index> starts;  // the basis's change points (s_1 = 0)
};

// Frequencies t_l drawn uniformly in [0.05, 1.5]; starts must begin with 0 and increase.
StructuredQk gated_sinusoids(Eigen::Index n, const std::vector<Eigen::Index>& starts,
                             std::uint64_t seed);
StructuredQk alibi_bias(Eigen::Index n, double slope);
StructuredQk position_only(Eigen::Index n, Eigen::Index d, std::uint64_t seed);

}  // namespace sethkit
