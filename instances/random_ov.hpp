// Random Orthogonal Vectors instances.
//
// Each coordinate is 1 with probability `density`. Two optional guarantees:
//   kPlantYes: pick a_i and b_j at random and clear the 1s of a_i where b_j has
//              a 1, so (i, j) is orthogonal; recorded as "c planted i j".
//   kForceNo:  after drawing, scan every pair; for each orthogonal pair set one
//              random coordinate to 1 in both vectors. Setting 1s never creates
//              an orthogonal pair, so one scan leaves none (O(n_a n_b d / 64)).
// With kNone the answer is left unknown (ground truth comes from a solver).
#pragma once

#include <cstdint>

#include "core/ov.hpp"
#include "core/provenance.hpp"

namespace sethkit {

enum class OvPlant { kNone, kPlantYes, kForceNo };

struct RandomOvParams {
  std::size_t n_a = 16, n_b = 16, d = 16;
  double density = 0.5;  // probability that a coordinate is 1
  OvPlant plant = OvPlant::kNone;
  std::uint64_t seed = 1;
};

struct GeneratedOv {
  OvInstance ov;  // planted pairs and known answer set when guaranteed
  Provenance provenance;
};

// Throws ContractError on d == 0, density outside [0, 1], or a planted pair on an empty side.
GeneratedOv random_ov(const RandomOvParams& params);

}  // namespace sethkit
