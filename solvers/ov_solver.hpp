// Orthogonal Vectors by brute force: the ground truth for OV and for the OV
// stage of every chain. Two versions, for cross-checking each other:
//   naive:      one byte per coordinate, O(n_a n_b d);
//   bit-packed: rows packed into 64-bit words, a pair is orthogonal iff every
//               word of a_i & b_j is zero, O(n_a n_b d / 64); blocks of rows
//               of A in parallel (OpenMP), each tested against B vectorised
//               across rows of B (solvers/ov_block_scan.hpp).
// Both return the lexicographically first orthogonal pair (i, j).
// The packed rows also give inner products by popcount (max_inner_product).
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/ov.hpp"
#include "core/packed_rows.hpp"

namespace sethkit {

struct OvAnswer {
  bool found = false;
  std::size_t i = 0, j = 0;         // the pair, when found
  std::uint64_t pairs_checked = 0;  // pairs up to the answer in (i, j) order; all pairs for NO
};

OvAnswer solve_ov_naive(const OvInstance& ov);
OvAnswer solve_ov_bitpacked(const OvInstance& ov);

// max over all pairs of <a_i, b_j>; 0 when a side is empty.
std::size_t max_inner_product(const OvInstance& ov);

}  // namespace sethkit
