// What every reduction into one attention call produces and claims: the
// attention instance (Q, K, V and the logit scale), its certificate (sizes,
// entry bound B, logit radius R, the decoding bounds and the oracle error the
// decoding tolerates), the scale conventions (1/d as in Alman-Song, or
// 1/sqrt(d)), and the memory check done before anything is built. Shared by
// OV -> attention (docs/reductions/ov_to_attention.md) and Gap-Hamming ->
// attention (docs/reductions/gap_hamming_to_attention.md).
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "core/limits.hpp"
#include "core/matrix.hpp"

namespace sethkit {

// The parameters the reduction claims (n, d, B, R, scale, threshold,
// tolerated error), computed from the source alone.
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

// Sets c.bytes (Q, K and V in double precision, from the shapes in c) and
// throws ContractError, naming c.reduction, when it exceeds limits.max_bytes.
void require_memory_within(AttentionCertificate& c, const Limits& limits);

enum class ScaleConvention { kInverseD, kInverseSqrtD };

// The certificate as the run bundle and `reduce` write it (docs/run_bundle.md).
nlohmann::json to_json(const AttentionCertificate& c);
// ... and read back (for `decode`): the sizes and the decoding rule; InputError
// naming `file` and the field (under `where`, the object's key in the file) on
// a missing, mistyped or out-of-range field, or bounds that cannot decode.
AttentionCertificate attention_certificate_from_json(const nlohmann::json& j,
                                                     const std::string& file,
                                                     const std::string& where);

}  // namespace sethkit
