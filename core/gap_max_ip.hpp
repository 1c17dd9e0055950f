// Gap Max-IP (docs/reductions/ov_to_gap_max_ip.md): sets A, B in {0,1}^dim and
// two thresholds s_no < s_yes; for each a_i decide
//   YES: some b_j has <a_i, b_j> >= s_yes
//   NO:  every b_j has <a_i, b_j> <= s_no.
// Rows whose largest inner product lies strictly between are outside the
// promise. The distributed PCP of Abboud, Rubinstein and Williams (FOCS 2017)
// turns OV into this problem with s_yes / s_no a constant above 1
// (reductions/ov_to_gap_max_ip.hpp); it then goes on to Gap-Hamming and to
// attention.
#pragma once

#include <cstddef>
#include <vector>

#include "core/gap_hamming.hpp"
#include "core/ov.hpp"

namespace sethkit {

struct GapMaxIp {
  OvInstance points;      // A: n_a x dim, B: n_b x dim
  std::size_t s_yes = 1;  // YES: some inner product >= s_yes
  std::size_t s_no = 0;   // NO: every inner product <= s_no (s_no < s_yes)
};

// The label a row's largest inner product earns under the promise (kYes, kNo
// or kOutside).
GapLabel label_for_inner_product(const GapMaxIp& instance, std::size_t largest);

// max_j <a_i, b_j> for every i (bit-packed popcount of AND; O(n_a n_b dim / 64)).
std::vector<std::size_t> largest_inner_products(const OvInstance& points);

}  // namespace sethkit
