// Orthogonal Vectors -> one attention backward pass: OV decided from the
// gradient dL/dQ of L = sum_i O_i (docs/reductions/ov_to_attention_gradient.md;
// derived for sethkit). Context: Alman & Song, "The Fine-Grained Complexity of
// Gradient Computation for Training Large Language Models" (NeurIPS 2024),
// state that the gradient of one attention layer's loss has the same SETH
// threshold as attention; their construction goes through the weights'
// gradient and is not reproduced here.
//
// With N = max(N_a, N_b, 1), beta = ln(8 N (N + 1)), scale 1/(m + 1) and
// s = sqrt((m + 1) beta):
//   Q = [-s a_i, 0]   (N_a x (m + 1)),
//   K = [s b_j, 1 ; 0, 0]   ((N_b + 1) x (m + 1): the last column is 1 for
//        every real key, the last row the sink),
//   V = [0 ; 1]   (the sink's value is 1), dO = 1 (N_a x 1).
// Logits -beta <a_i, b_j>, 0 for the sink; the last column of K leaves them
// unchanged (Q's last column is 0). With Y_i the sink's weight in row i,
//   dQ_i[m] = -scale Y_i (1 - Y_i),
// and the row value y_i = 1 + 4 dQ_i[m] / scale = 1 - 4 Y_i (1 - Y_i) is at most
// 1 - 2/(N + 1) when a_i has an orthogonal partner and at least
// 1 - 1/(2(N + 1)) otherwise. Decode row i YES iff y_i < 1 - 5/(4(N + 1)); the
// gradient entry tolerates an error below 3 scale / (16 (N + 1)): 1/poly(n),
// as in Alman-Song's AAttC, so a float64 oracle is needed.
#pragma once

#include "core/limits.hpp"
#include "core/ov.hpp"
#include "reductions/attention_target.hpp"
#include "reductions/edge_record.hpp"
#include "reductions/row_threshold.hpp"

namespace sethkit {

// One backward pass to run: the attention input, dO, and the column of dQ
// the decoding reads.
struct AttentionGradientInstance {
  AttentionInstance attention;
  Matrix d_out;                  // n_q x d_v
  Eigen::Index read_column = 0;  // dQ[:, read_column]
};

class OvToAttentionGradient {
 public:
  using Source = OvInstance;
  using Target = AttentionGradientInstance;
  static constexpr const char* kName = "ov-to-attention-gradient";
  static constexpr const char* kDeclaredOverhead =
      "n_q = N_a, n_k = N_b + 1, d = m + 1, B = sqrt((m + 1) ln(8N(N + 1)))";
  static EdgeRecord edge();

  struct Params {
    Limits limits{};  // max_bytes bounds Q, K, V
  };

  OvToAttentionGradient() : OvToAttentionGradient(Params{}) {}
  explicit OvToAttentionGradient(Params params) : params_(params) {}

  // The certificate's bounds, threshold and tolerated error are in units of
  // the row value y_i = 1 + 4 dQ_i[m] / scale; gradient_tolerance() gives the
  // tolerated error of dQ itself. Throws ContractError over the memory limit.
  AttentionCertificate certificate(const OvInstance& ov) const {
    return certificate_at_magnitude(ov, 0);
  }
  AttentionGradientInstance encode(const OvInstance& ov) const {
    return encode_at_magnitude(ov, 0);
  }
  // The same gadget at entry magnitude `s` (beta = s^2 / (m + 1)) instead of
  // the one the proof needs, for the experiment that shows the decoding fail
  // below it (experiments/gradient_sweep.hpp); s <= 0 means the proof's own.
  // The YES bound holds at every s; the NO bound is max(0, 1 - 4 N e^(-beta)),
  // so below the proof's s the bounds may overlap (tolerated_error <= 0).
  AttentionCertificate certificate_at_magnitude(const OvInstance& ov, double s) const;
  AttentionGradientInstance encode_at_magnitude(const OvInstance& ov, double s) const;
  // dQ's tolerated entrywise error: 3 scale / (16 (N + 1)).
  static double gradient_tolerance(const AttentionCertificate& c);
  // The row values y_i from dQ (n_q x d).
  static Matrix row_values(const AttentionGradientInstance& target, const Matrix& dq);
  // `dq` is the backward pass's dL/dQ; `assumed_gradient_error` the oracle's
  // claimed entrywise error on it (below gradient_tolerance()).
  OvDecoded decode(const OvInstance& ov, const AttentionGradientInstance& target, const Matrix& dq,
                   double assumed_gradient_error) const;

 private:
  Params params_;
};

}  // namespace sethkit
