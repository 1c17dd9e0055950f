// The sampled check of a backward pass against the definition (docs/backends.md,
// "Backward pass"): with P_ij = exp(scale <q_i, k_j> - lse_i) and
// D_i = <dO_i, O_i>, the exact gradients are
//   dQ_i = scale sum_j P_ij (<dO_i, v_j> - D_i) k_j,
//   dK_j = scale sum_i P_ij (<dO_i, v_j> - D_i) q_i,
//   dV_j = sum_i P_ij dO_i,
// each row recomputed in float64 in O(n (d + d_v)) from an exact forward pass's
// O and log-sum-exp. Used by the gradient sweep and the benchmarks.
#pragma once

#include <vector>

#include "attention/backend.hpp"

namespace sethkit {

// The largest entrywise error of g.dq over `q_rows` and of g.dk, g.dv over
// `k_rows`; +inf when a compared entry is not finite. `exact` is a float64
// forward pass of `input` with its log-sum-exp (naive, flash64). Unmasked
// inputs without RoPE only (ContractError otherwise).
double sampled_gradient_error(const AttentionInput& input, const AttentionOutput& exact,
                              const Matrix& d_out, const AttentionGradients& g,
                              const std::vector<Eigen::Index>& q_rows,
                              const std::vector<Eigen::Index>& k_rows);

}  // namespace sethkit
