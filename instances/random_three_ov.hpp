// Random unbalanced 3-OV instances (Saha, Xu, Ye, Yu 2026: the source problem
// of the transformer lower bound, docs/reductions/cnf_to_three_ov.md): |A| = |B| = N,
// |C| = K, every coordinate 1 with probability `density`. The default density
// makes the expected number of orthogonal triples about one, so a run of
// seeds mixes YES and NO; the answer is left to the solver.
#pragma once

#include <cstdint>

#include "core/three_ov.hpp"

namespace sethkit {

struct RandomThreeOvParams {
  std::size_t n = 16, k = 4, d = 16;
  double density = -1;  // < 0: (1 - p^3)^d = 1 / (N^2 K), about one expected triple
  std::uint64_t seed = 1;
};

// The density at which N^2 K random triples of dimension d hold about one
// orthogonal triple in expectation.
double balanced_three_ov_density(std::size_t n, std::size_t k, std::size_t d);

ThreeOvInstance random_three_ov(const RandomThreeOvParams& params);

}  // namespace sethkit
