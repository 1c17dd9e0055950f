// Gap Max-IP -> one attention call with one sink key (derived here, in the
// shape of the one-sink Gap-Hamming construction; docs/reductions/
// gap_max_ip_to_attention.md). Attention's logits are inner products, so no
// Hamming step is needed: with n = n_b, G the separation factor and
//   c = (ln n + ln G) / (s_yes - s_no)      the logit per unit of <a, b>,
//   lambda = (c (s_yes + s_no) + ln n) / 2  the sink's logit,
//   w = max(1, ceil(lambda / c))            sink coordinates, d = dim + w,
//   s = sqrt(c d), sigma = lambda d / (w s) <= s, scale 1/d:
// Q_i = (s a_i, s 1_w), K_j = (s b_j, 0_w), the sink key (0_dim, sigma 1_w)
// with value 1, every other value 0. Real logits are c <a_i, b_j>, the
// sink's lambda, and Y_i = e^lambda / (e^lambda + sum_j e^(c <a_i, b_j>)):
//   YES row (some <a_i, b_j> >= s_yes): Y_i <= 1 / (1 + sqrt G),
//   NO row (every one <= s_no):        Y_i >= 1 / (1 + 1 / sqrt G).
// G = 9 gives 1/4 and 3/4: threshold 1/2, tolerated error 1/4. Entries are
// B = s = sqrt(c (dim + w)); after the distributed PCP, c is about
// ln(9n) / (q - 2k + 2) and dim = q^(l+2), so B^2 grows like q^(l+1) ln n.
#pragma once

#include "core/gap_max_ip.hpp"
#include "core/limits.hpp"
#include "reductions/attention_target.hpp"
#include "reductions/edge_record.hpp"
#include "reductions/row_threshold.hpp"

namespace sethkit {

class GapMaxIpToAttention {
 public:
  using Source = GapMaxIp;
  using Target = AttentionInstance;
  static constexpr const char* kName = "gap-max-ip-to-attention";
  static constexpr const char* kDeclaredOverhead =
      "n_q = n_a, n_k = n_b + 1, d = dim + w, w = max(1, ceil(lambda / c)), B = sqrt(c d), "
      "c = ln(G n_b) / (s_yes - s_no)";
  static EdgeRecord edge();
  // B for n_b vectors of dimension `dim` (a double: it may be astronomical)
  // with thresholds s_yes > s_no, without building anything.
  static double entry_bound(std::size_t n_b, double dim, std::size_t s_yes, std::size_t s_no,
                            double g = 9);

  struct Params {
    double g = 9;     // G: the separation factor
    Limits limits{};  // max_bytes bounds Q, K, V
  };

  GapMaxIpToAttention() : GapMaxIpToAttention(Params{}) {}
  explicit GapMaxIpToAttention(Params params) : params_(params) {}

  // Throws ContractError when s_yes <= s_no, G <= 1, or Q, K, V would exceed the limits.
  AttentionCertificate certificate(const GapMaxIp& source) const;
  AttentionInstance encode(const GapMaxIp& source) const;
  // Row i YES / NO / AMBIGUOUS against the certificate's bounds; the witness a
  // YES row's partner with inner product >= s_yes.
  GapDecoded decode(const GapMaxIp& source, const AttentionInstance& target, const Matrix& output,
                    double assumed_error) const;

 private:
  Params params_;
};

}  // namespace sethkit
