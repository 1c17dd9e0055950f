// Gap-Hamming nearest neighbour (docs/reductions/gap_hamming_to_attention.md), the source problem
// of Alman & Song's lower bound: sets A, B in {0,1}^dim, a threshold t and a gap eps > 0; for each
// a_i decide
//   YES: some b_j has ||a_i - b_j||_0 <= t   (non-strict, sethkit's convention)
//   NO:  every b_j has ||a_i - b_j||_0 >= (1 + eps) t.
// Rows whose nearest distance lies strictly inside (t, (1 + eps) t) are outside
// the promise. Rubinstein (STOC 2018) is the cited link from SETH to this problem.
// Text form: the OV text format with header 'p gap-hamming nA nB d t eps' and
// 'c label i yes|no' lines (core/ov_format.hpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/ov.hpp"
#include "core/ov_format.hpp"
#include "core/provenance.hpp"

namespace sethkit {

enum class GapLabel : std::int8_t { kNo = 0, kYes = 1, kOutside = 2, kUnknown = 3 };

struct GapHamming {
  OvInstance points;             // A: n_a x dim, B: n_b x dim
  std::size_t t = 1;             // YES threshold
  double eps = 1;                // NO rows are at distance >= (1 + eps) t
  std::vector<GapLabel> labels;  // per a_i; kUnknown when not given

  double no_distance() const { return (1 + eps) * static_cast<double>(t); }
};

std::size_t hamming_distance(std::span<const std::uint8_t> u, std::span<const std::uint8_t> v);

// The label a nearest distance earns under the promise.
GapLabel label_for_distance(const GapHamming& instance, std::size_t nearest);

// min_j ||a_i - b_j||_0 for every i (bit-packed popcount of XOR; O(n_a n_b dim / 64)).
std::vector<std::size_t> nearest_distances(const OvInstance& points);

GapHamming parse_gap_hamming(const std::string& text, const std::string& name,
                             const OvReadOptions& options = {});
GapHamming read_gap_hamming(const std::string& path, const OvReadOptions& options = {});
std::string format_gap_hamming(const GapHamming& instance, const Provenance& provenance);

}  // namespace sethkit
