// Orthogonal Vectors -> one attention call with a single zero sink key (chain
// C2; docs/reductions/ov_to_attention.md; derived for sethkit, the paper's own gadget
// differs). Context: Alman & Song (NeurIPS 2023) prove AAttC needs n^(2-o(1))
// time under SETH at entries B = Theta(sqrt(log n)); this direct chain lands at
// B = sqrt(m ln 8N) = Theta(log n), a factor Theta(sqrt(log n)) above that.
//
// With N = max(n_a, n_b), s = sqrt(m ln 8N) and scale 1/m (Alman-Song):
//   Q = [-s a_i ; 0]  ((n_a + 1) x m),  K = [s b_j ; 0]  ((n_b + 1) x m),
//   V = [0 ; 1]       ((n_b + 1) x 1: the sink's value e_1; V's other columns
//                      in the paper-shaped n x m form are zero and left out).
// Logits -ln(8N) <a_i, b_j>, 0 for the sink, so Y_i = 1 / (1 + S_i) with
// S_i = sum_j exp(-ln(8N) <a_i, b_j>): Y_i <= 1/2 if a_i has an orthogonal
// partner, Y_i >= 8/9 otherwise. Decode row i YES iff Y_i < 25/36; tolerated
// oracle error < 7/36. Docs: docs/reductions/ov_to_attention.md.
#pragma once

#include "core/limits.hpp"
#include "core/ov.hpp"
#include "reductions/attention_target.hpp"
#include "reductions/edge_record.hpp"
#include "reductions/row_threshold.hpp"

namespace sethkit {

class OvToAttention {
 public:
  using Source = OvInstance;
  using Target = AttentionInstance;
  static constexpr const char* kName = "ov-to-attention";
  static constexpr const char* kDeclaredOverhead =
      "n_q = N_a + 1, n_k = N_b + 1, d = m, B = sqrt(m ln 8N)";
  // This reduction as an edge of the reduction graph (docs/graph.md).
  static EdgeRecord edge();

  struct Params {
    ScaleConvention scale = ScaleConvention::kInverseD;  // the paper's 1/d by default
    Limits limits{};                                     // max_bytes bounds Q, K, V
  };

  OvToAttention() : OvToAttention(Params{}) {}
  explicit OvToAttention(Params params) : params_(params) {}

  // Throws ContractError when Q, K, V would exceed limits.max_bytes.
  AttentionCertificate certificate(const OvInstance& ov) const;
  AttentionInstance encode(const OvInstance& ov) const;
  // `output` is the oracle's n_q x d_v result; `assumed_error` the oracle's
  // claimed max entrywise error (must be < tolerated_error). Rows whose output
  // lies outside [0, 1/2 + e] and [8/9 - e, 1] (or is NaN) are ambiguous.
  OvDecoded decode(const OvInstance& ov, const AttentionInstance& target, const Matrix& output,
                   double assumed_error) const;

 private:
  Params params_;
};

}  // namespace sethkit
