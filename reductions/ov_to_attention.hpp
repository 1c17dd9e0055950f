// Orthogonal Vectors -> one attention call with a single zero sink key (chain
// C2 of spec/alman_song.md 4.3; derived for sethkit, the paper's own gadget
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

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/limits.hpp"
#include "core/matrix.hpp"
#include "core/ov.hpp"
#include "reductions/verdict.hpp"

namespace sethkit {

// The parameters the reduction claims (spec/DESIGN: n, d, B, R, scale,
// threshold, tolerated error), computed from the source alone.
struct AttentionCertificate {
  std::string reduction;
  Eigen::Index n_q = 0, n_k = 0, d = 0, d_v = 0;  // Q: n_q x d, K: n_k x d, V: n_k x d_v
  std::uint64_t big_n = 0;                        // N = max(n_a, n_b), the paper's vectors per side
  double scale = 0;              // logits are scale <q, k>; 1/d (Alman-Song) or 1/sqrt(d)
  double s = 0;                  // gadget magnitude s = sqrt(logit divisor * ln 8N)
  double entry_bound = 0;        // B = max |entry| of Q, K, V
  double entry_bound_ratio = 0;  // B / sqrt(ln n), n = max(n_q, n_k); AS23's threshold is Theta(1)
  double logit_radius = 0;       // R = max |logit| (an upper bound, see logit_radius_is_bound)
  bool logit_radius_is_bound = true;
  double yes_bound = 0.5;               // YES row: Y_i <= 1/2
  double no_bound = 8.0 / 9.0;          // NO row: Y_i >= 8/9
  double threshold = 25.0 / 36.0;       // decide YES iff Y_i < threshold
  double tolerated_error = 7.0 / 36.0;  // oracle error must be strictly below this
  // The error an exact float64 oracle (naive, flash64) is assumed to make on
  // this instance: a generous 1e-9 where the tolerance is a constant; the
  // summation rounding bound (n_k + 8) 2^-53 where it is 1/poly(n).
  double exact_oracle_error = 1e-9;
  std::string tolerance_note = "constant";  // "constant" or why it is 1/poly(n)
  std::uint64_t bytes = 0;                  // memory of Q, K and V in double precision
};

struct AttentionInstance {
  Matrix q;  // n_q x d
  Matrix k;  // n_k x d
  Matrix v;  // n_k x d_v
  double scale = 0;
  AttentionCertificate certificate;
};

struct OvDecoded {
  Verdict verdict = Verdict::kAmbiguous;
  std::optional<std::pair<std::size_t, std::size_t>> witness;  // (i, j), orthogonal by scan
  // How far the deciding output sits from the threshold: for YES the smallest
  // Y_i's distance below it, for NO the smallest distance above it. The oracle
  // could have erred by this much more and still decoded the same.
  double margin = 0;
  double assumed_error = 0;  // the oracle error the decoder was told to expect
  std::size_t yes_rows = 0, ambiguous_rows = 0;
  std::optional<std::size_t> first_ambiguous_row;
  std::string note;  // a plain-words reason for AMBIGUOUS or a missing witness
};

// Sets c.bytes (Q, K and V in double precision, from the shapes in c) and
// throws ContractError, naming c.reduction, when it exceeds limits.max_bytes.
void require_memory_within(AttentionCertificate& c, const Limits& limits);

enum class ScaleConvention { kInverseD, kInverseSqrtD };

class OvToAttention {
 public:
  using Source = OvInstance;
  using Target = AttentionInstance;
  static constexpr const char* kName = "ov-to-attention";
  static constexpr const char* kDeclaredOverhead =
      "n_q = N_a + 1, n_k = N_b + 1, d = m, B = sqrt(m ln 8N)";

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
