// Orthogonal Vectors -> Gap-Hamming by the exact gadget (C3; derived here and
// checked exhaustively, see docs/reductions/ov_to_hamming.md).
// Per coordinate a_k -> (1 - a_k, a_k, 0) and b_k -> (1, 1 - b_k, b_k), so
//   H(f(a), g(b)) = m + 2 <a, b>
// (each coordinate contributes 1, or 3 when a_k = b_k = 1). Orthogonal pairs
// sit at distance exactly t = m and all others at >= m + 2 = (1 + eps) t with
// eps = 2/m, in dimension 3m: every row is inside the promise, and
// Gap-Hamming -> attention (gap_hamming_to_attention.hpp) then decides OV.
// Through the one-sink construction the entries are B = sqrt(6 m ln 9n), a
// factor sqrt(6) above chain C2. Cost O((n_a + n_b) m).
#pragma once

#include <cstddef>
#include <nlohmann/json_fwd.hpp>
#include <utility>

#include "core/gap_hamming.hpp"
#include "core/limits.hpp"
#include "core/ov.hpp"
#include "reductions/edge_record.hpp"

namespace sethkit {

// The sizes the gadget claims, from the source alone.
struct HammingCertificate {
  std::size_t n_a = 0, n_b = 0;  // unchanged
  std::size_t dim = 0;           // 3m
  std::size_t t = 0;             // m: the distance of an orthogonal pair
  double eps = 0;                // 2/m: every other pair is at >= (1 + eps) t
};

class OvToHamming {
 public:
  using Source = OvInstance;
  using Target = GapHamming;
  static constexpr const char* kName = "ov-to-hamming";
  static constexpr const char* kDeclaredOverhead = "n unchanged, dim = 3m, t = m, eps = 2/m";
  // This reduction as an edge of the reduction graph (docs/graph.md).
  static EdgeRecord edge();

  struct Params {
    Limits limits{};  // max_bytes bounds the point sets
  };

  OvToHamming() : OvToHamming(Params{}) {}
  explicit OvToHamming(Params params) : params_(params) {}

  // Throws ContractError when m = 0 or the points would exceed limits.max_bytes.
  HammingCertificate certificate(const OvInstance& ov) const;
  // Labels are left unknown: ground truth comes from a solver, not the reduction.
  GapHamming encode(const OvInstance& ov) const;
  // A pair (i, j) at distance <= t of the target is the orthogonal pair (i, j):
  // the gadget keeps every index.
  std::pair<std::size_t, std::size_t> decode(const OvInstance& source, const GapHamming& target,
                                             std::pair<std::size_t, std::size_t> pair) const;

 private:
  Params params_;
};

// The certificate as the run bundle records it.
nlohmann::json to_json(const HammingCertificate& c);

}  // namespace sethkit
