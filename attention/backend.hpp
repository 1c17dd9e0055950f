// The attention oracle interface (docs/backends.md, docs/architecture.md).
//
// Semantics, always explicit: Att(Q, K, V) = diag(A 1)^-1 A V with
// A = exp(scale * Q K^T) entrywise (Alman & Song, "Fast Attention Requires
// Bounded Entries", NeurIPS 2023, use scale 1/d). Queries and keys may differ
// in number. A backend reports the per-row log-sum-exp where it has it, the
// entrywise error it guarantees (0 = exact up to rounding), and the largest
// |logit| it saw when it sees them all (the logit radius R).
//
// Options of every input:
// - causal: query i sees keys j <= i + (n_k - n_q) (bottom-right alignment,
//   as in FlashAttention 2.1 and KV-cache decoding; for self-attention,
//   n_q = n_k, that is j <= i). Needs n_q <= n_k, so every query sees key 0.
//   naive, flash and poly honour it; conv requires it.
// - rope: rotary position embedding (attention/rope.hpp), applied by run()
//   as a pre-rotation of Q (positions n_k - n_q ..) and K (positions 0 ..)
//   before the backend's own computation; every backend serves it.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "attention/rope.hpp"
#include "core/matrix.hpp"

namespace sethkit {

struct AttentionShape {
  Eigen::Index n_q = 0, n_k = 0, d = 0, d_v = 0;
};

struct AttentionInput {
  AttentionInput(const Matrix& q_, const Matrix& k_, const Matrix& v_, double scale_,
                 bool causal_ = false, std::optional<Rope> rope_ = std::nullopt)
      : q(q_), k(k_), v(v_), scale(scale_), causal(causal_), rope(rope_) {}

  const Matrix& q;  // n_q x d
  const Matrix& k;  // n_k x d
  const Matrix& v;  // n_k x d_v
  double scale;     // logits are scale * <q_i, k_j>
  bool causal = false;
  std::optional<Rope> rope;

  AttentionShape shape() const { return {q.rows(), k.rows(), q.cols(), v.cols()}; }
  // Keys query i sees: j < visible_keys(i) (all of them unless causal).
  Eigen::Index visible_keys(Eigen::Index i) const {
    return causal ? i + k.rows() - q.rows() + 1 : k.rows();
  }
};

struct AttentionOutput {
  Matrix out;                 // n_q x d_v
  Vector lse;                 // n_q: ln sum_j exp(scale <q_i, k_j>); empty if the backend has none
  double error_bound = 0;     // guaranteed max entrywise error; 0 = exact up to rounding
  double max_abs_logit = -1;  // exact R = max |scale <q_i, k_j>|, or -1 when not observed
  double seconds = 0;
  std::string details;  // backend-specific parameters, e.g. "degree g = 7, rank r = 6435"
};

struct Support {
  bool ok = true;
  std::string reason;  // why not, when !ok
};

class AttentionBackend {
 public:
  virtual ~AttentionBackend() = default;
  virtual std::string name() const = 0;
  virtual std::string description() const = 0;
  virtual Support supports(const AttentionShape& shape) const = 0;
  // A backend whose limits depend on the values (the logit radius, say)
  // refines this; run() refuses what it does not support.
  virtual Support supports_input(const AttentionInput& input) const {
    return supports(input.shape());
  }
  // Validates the input, applies RoPE (pre-rotation), refuses what
  // supports_input() refuses (ContractError with the reason), then computes.
  AttentionOutput run(const AttentionInput& input) const;

 protected:
  // The backend's own computation on a validated, supported input without RoPE.
  virtual AttentionOutput compute(const AttentionInput& input) const = 0;
};

// Checks the shapes agree, there is at least one key, the scale is finite,
// and a causal input has n_q <= n_k.
void validate_attention_input(const AttentionInput& input);

}  // namespace sethkit
