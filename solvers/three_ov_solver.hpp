// Unbalanced 3-OV by brute force (docs/reductions/cnf_to_three_ov.md): the ground truth of
// the transformer chain. Rows packed into 64-bit words; for each (i, j) the
// word-wise AND a_i & b_j is formed once and tested against every c_k, so the
// cost is O(n_a n_b (n_c + 1) d / 64); rows of A in parallel (OpenMP). Returns
// the lexicographically first orthogonal triple (i, j, k).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/three_ov.hpp"

namespace sethkit {

struct ThreeOvAnswer {
  std::optional<Triple> triple;       // the first orthogonal triple, if any
  std::uint64_t triples_checked = 0;  // n_a n_b n_c for NO
};

ThreeOvAnswer solve_three_ov(const ThreeOvInstance& instance);

// For row i and every k: the number of j with a_i . b_j . c_k = 0 (O(n_b n_c d)).
std::vector<std::size_t> witness_counts(const ThreeOvInstance& instance, std::size_t i);

}  // namespace sethkit
