// Gap-Hamming nearest neighbour -> one attention call (derived
// here from the structure of Alman & Song's proof, whose own
// gadget may differ). Theorem (AS23, abstract): under SETH, attention at
// entries B = Theta(sqrt(log n)), d = Theta(log n) has no n^(2-q) algorithm;
// this is the reduction behind it, with Rubinstein (STOC 2018) cited for
// SETH => Gap-Hamming hard. Docs: docs/reductions/gap_hamming_to_attention.md.
//
// Balanced vectors a~ = (a, 1 - a) of dimension D = 2 dim; scale 1/(2D);
// s^2 = 2D (ln n + ln G) / (eps t), n = n_b. Real rows: Q_i = s (a~_i, 1_D),
// K_j = s (b~_j, 0_D), logits s^2/4 - s^2 H_ij / (2D).
//   kOneSink (recommended): one sink key (0_D, sigma 1_D) with logit
//     lambda = (L_Y + L_N + ln n) / 2, one zero dummy query; G = 9 gives YES
//     rows <= 1/4, NO rows >= 3/4: threshold 1/2, tolerated error 1/4.
//   kNSinks (the paper's form): n_b sink keys s (0_D, 1_D) with logit
//     s^2/2 and n_a dummy queries; YES rows <= 1/(1 + p_Y), NO rows >= 1/(1 + p_N),
//     p = e^(L - s^2/2) / n: the tolerance is 1/poly(n), so only a float64
//     oracle can be trusted, and only at small n.
// The decoder answers each row YES / NO (or AMBIGUOUS when the oracle erred
// beyond its claim) and compares nothing itself: ground truth is brute force.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/gap_hamming.hpp"
#include "core/limits.hpp"
#include "reductions/edge_record.hpp"
#include "reductions/ov_to_attention.hpp"
#include "reductions/row_threshold.hpp"

namespace sethkit {

enum class SinkVariant { kOneSink, kNSinks };

class GapHammingToAttention {
 public:
  using Source = GapHamming;
  using Target = AttentionInstance;
  static constexpr const char* kName = "gap-hamming-to-attention";
  static constexpr const char* kNameNSinks = "gap-hamming-to-attention-n-sinks";
  static constexpr const char* kDeclaredOverhead =
      "one sink: n_q = n_a + 1, n_k = n_b + 1; n sinks: n_q = 2 n_a, n_k = 2 n_b; d = 4 dim, "
      "B = s = sqrt(2D (ln n + ln G) / (eps t))";
  // This reduction as an edge of the reduction graph (docs/graph.md).
  static EdgeRecord edge();
  // The sizes of either variant as formulas; edge() carries the one-sink ones.
  static SizeFormulas size_formulas(SinkVariant variant);

  struct Params {
    SinkVariant variant = SinkVariant::kOneSink;
    double g = 9;     // G: the separation factor p_Y / p_N >= G
    Limits limits{};  // max_bytes bounds Q, K, V
  };

  GapHammingToAttention() : GapHammingToAttention(Params{}) {}
  explicit GapHammingToAttention(Params params) : params_(params) {}

  const char* name() const {
    return params_.variant == SinkVariant::kOneSink ? kName : kNameNSinks;
  }
  // Throws ContractError when (1 + eps) t > dim (the sink would exceed the entry
  // bound), G <= 1, or Q, K, V would exceed the limits.
  AttentionCertificate certificate(const GapHamming& source) const;
  AttentionInstance encode(const GapHamming& source) const;
  // The same gadget at entry magnitude `s` instead of the one the separation
  // rule sets from G (the sink logit follows s). Below the rule the YES and NO
  // bounds overlap, the tolerance is negative and `decode` refuses; the
  // transition experiment reads such outputs with the bare threshold rule to
  // show the reduction failing. s <= 0 means the rule's own magnitude.
  AttentionCertificate certificate_at_magnitude(const GapHamming& source, double s) const;
  AttentionInstance encode_at_magnitude(const GapHamming& source, double s) const;
  GapDecoded decode(const GapHamming& source, const AttentionInstance& target, const Matrix& output,
                    double assumed_error) const;

 private:
  Params params_;
};

}  // namespace sethkit
