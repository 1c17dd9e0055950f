// The sampled check against exact attention that every report uses (`attend
// --check`, the chains' measured oracle error, the sweeps, the benchmarks):
// pick rows of the output, compute exact float64 attention on those rows by
// the definition diag(A 1)^-1 A V with A = exp(scale Q K^T) (causal mask and
// RoPE honoured), and take the max entrywise difference ||T - Att||_inf, the
// AAttC error metric (docs/backends.md). Cost O(rows n_k (d + d_v)).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "attention/backend.hpp"

namespace sethkit {

// Rows i * n / count for i < count (all rows when n <= count), in order.
std::vector<Eigen::Index> evenly_spaced_rows(Eigen::Index n, std::size_t count);

// `count` distinct rows drawn uniformly with `seed`, sorted; all rows when n <= count.
std::vector<Eigen::Index> random_rows(Eigen::Index n, std::size_t count, std::uint64_t seed);

// The given rows of m, in order (rows.size() x m.cols()).
Matrix take_rows(const Matrix& m, const std::vector<Eigen::Index>& rows);

// Exact attention in float64 on the given query rows of `input` (rows.size() x d_v).
Matrix reference_rows(const AttentionInput& input, const std::vector<Eigen::Index>& rows);

// max over the given rows and all columns of |output - exact|; NaN gives +inf.
double sampled_error(const AttentionInput& input, const Matrix& output /* n_q x d_v */,
                     const std::vector<Eigen::Index>& rows);

}  // namespace sethkit
