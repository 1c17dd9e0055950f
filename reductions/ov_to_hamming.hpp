// Orthogonal Vectors -> Gap-Hamming by the exact gadget (chain C3 of
// spec/alman_song.md 4.3; derived for sethkit, checked numerically there).
// Per coordinate a_k -> (1 - a_k, a_k, 0) and b_k -> (1, 1 - b_k, b_k), so
//   H(f(a), g(b)) = m + 2 <a, b>
// (each coordinate contributes 1, or 3 when a_k = b_k = 1). Orthogonal pairs
// sit at distance exactly t = m and all others at >= m + 2 = (1 + eps) t with
// eps = 2/m, in dimension 3m: every row is inside the promise, and
// Gap-Hamming -> attention (gap_hamming_to_attention.hpp) then decides OV.
// Through the one-sink construction the entries are B = sqrt(6 m ln 9n), a
// factor sqrt(6) above chain C2. Docs: docs/reductions/ov_to_hamming.md.
#pragma once

#include "core/gap_hamming.hpp"
#include "core/ov.hpp"

namespace sethkit {

class OvToHamming {
 public:
  using Source = OvInstance;
  using Target = GapHamming;
  static constexpr const char* kName = "ov-to-hamming";
  static constexpr const char* kDeclaredOverhead = "n unchanged, dim = 3m, t = m, eps = 2/m";

  // Labels are left unknown: ground truth comes from a solver, not the reduction.
  GapHamming encode(const OvInstance& ov) const;
};

}  // namespace sethkit
