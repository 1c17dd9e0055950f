// Gap Max-IP -> Gap-Hamming by balancing the weights (derived here; the
// standard identity behind every IP-to-Hamming step, docs/reductions/
// gap_max_ip_to_hamming.md). With W_a, W_b the largest weights on each side,
// every a gets W_a - |a| ones in a padding block of A's own and every b
// W_b - |b| in one of B's own, so that
//   ||a' - b'||_0 = W_a + W_b - 2 <a, b>.
// YES (<a, b> >= s_yes) is distance <= t = W_a + W_b - 2 s_yes, NO (<= s_no)
// is distance >= t + 2 (s_yes - s_no): eps = 2 (s_yes - s_no) / t. When t
// would be below 1, A's padding grows by 1 - t so that t = 1. The
// distributed PCP's vectors have constant weights (q and q^(l+1)), so they
// need no padding at all. Cost O((n_a + n_b) dim).
#pragma once

#include <cstddef>
#include <nlohmann/json_fwd.hpp>
#include <utility>

#include "core/gap_hamming.hpp"
#include "core/gap_max_ip.hpp"
#include "core/limits.hpp"
#include "reductions/edge_record.hpp"

namespace sethkit {

struct BalancedHammingCertificate {
  std::size_t n_a = 0, n_b = 0;            // unchanged
  std::size_t weight_a = 0, weight_b = 0;  // W_a (with any raise for t >= 1), W_b
  std::size_t pad_a = 0, pad_b = 0;        // the padding blocks' lengths
  std::size_t dim = 0;                     // dim + pad_a + pad_b
  std::size_t t = 0;                       // W_a + W_b - 2 s_yes
  double eps = 0;                          // 2 (s_yes - s_no) / t
};

class GapMaxIpToHamming {
 public:
  using Source = GapMaxIp;
  using Target = GapHamming;
  static constexpr const char* kName = "gap-max-ip-to-hamming";
  static constexpr const char* kDeclaredOverhead =
      "n unchanged, dim + (W_a - least weight of A) + (W_b - least weight of B), t = max(1, W_a + "
      "W_b - 2 s_yes), eps = 2 (s_yes - s_no) / t";
  static EdgeRecord edge();

  struct Params {
    Limits limits{};  // max_bytes bounds the points
  };

  GapMaxIpToHamming() : GapMaxIpToHamming(Params{}) {}
  explicit GapMaxIpToHamming(Params params) : params_(params) {}

  // Throws ContractError when s_yes <= s_no or the points would exceed the limits.
  BalancedHammingCertificate certificate(const GapMaxIp& source) const;
  GapHamming encode(const GapMaxIp& source) const;
  // The gadget keeps every index: a pair within t is the pair with inner product >= s_yes.
  std::pair<std::size_t, std::size_t> decode(const GapMaxIp& source, const GapHamming& target,
                                             std::pair<std::size_t, std::size_t> pair) const;

 private:
  Params params_;
};

nlohmann::json to_json(const BalancedHammingCertificate& c);

}  // namespace sethkit
