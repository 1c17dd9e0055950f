// Planted bichromatic Gap-Hamming instances (docs/reductions/gap_hamming_to_attention.md).
//
// n random points a_i and n random points b_j in {0,1}^dim. For a `yes_fraction`
// of the rows i, one b_j is replaced by a copy of a_i with exactly t random
// coordinates flipped (distance t: YES). Every label is then checked by brute
// force (nearest_distances); a row whose nearest distance falls strictly inside
// the gap (t, (1 + eps) t) has its a_i redrawn, up to `max_redraws` times, and
// is reported as kOutside if it still misses the promise. The planted instances
// carry no hardness (LSH solves them); they exercise the mechanism at the true
// scale B = Theta(sqrt(log n)).
#pragma once

#include <cstdint>

#include "core/gap_hamming.hpp"

namespace sethkit {

struct PlantedGapParams {
  std::size_t n = 256;        // points per side
  std::size_t dim = 64;       // original (unbalanced) dimension
  std::size_t t = 8;          // YES threshold
  double eps = 1.0;           // gap: NO rows at distance >= (1 + eps) t
  double yes_fraction = 0.5;  // rows with a planted near neighbour
  int max_redraws = 50;
  std::uint64_t seed = 1;
};

struct GeneratedGap {
  GapHamming instance;      // labels from brute force
  std::size_t outside = 0;  // rows still outside the promise after redrawing
  Provenance provenance;
};

// Throws ContractError when t >= dim, (1 + eps) t > dim or a parameter is out of range.
GeneratedGap planted_gap_hamming(const PlantedGapParams& params);

}  // namespace sethkit
