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
// - causal: bottom-right alignment by default, query i sees keys
//   j <= i + (n_k - n_q) (FlashAttention 2.1 and KV-cache decoding; needs
//   n_q <= n_k, so every query sees key 0); top-left alignment, query i sees
//   keys j <= i (PyTorch SDPA's is_causal=True; any n_q, n_k). The two agree
//   when n_q = n_k. Backends compute bottom-right only: run() turns a
//   top-left input into bottom-right pieces (backend.cpp, docs/backends.md).
//   naive, flash and poly honour causal inputs; conv requires them.
// - rope: rotary position embedding (attention/rope.hpp), applied by run()
//   as a pre-rotation of Q (positions from query_position_start(): n_k - n_q,
//   or 0 under a top-left mask) and K (positions 0 ..) before the backend's
//   own computation; every backend serves it.
#pragma once

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "attention/rope.hpp"
#include "core/matrix.hpp"

namespace sethkit {

// Which diagonal a causal mask follows when n_q != n_k (docs/backends.md).
enum class CausalAlignment { kBottomRight, kTopLeft };

// "bottom-right" or "top-left".
const char* to_string(CausalAlignment alignment);
// Those words; nullopt otherwise.
std::optional<CausalAlignment> causal_alignment_from_word(const std::string& word);

struct AttentionShape {
  Eigen::Index n_q = 0, n_k = 0, d = 0, d_v = 0;
};

struct AttentionInput {
  AttentionInput(const Matrix& q_, const Matrix& k_, const Matrix& v_, double scale_,
                 bool causal_ = false, std::optional<Rope> rope_ = std::nullopt,
                 CausalAlignment alignment_ = CausalAlignment::kBottomRight)
      : q(q_), k(k_), v(v_), scale(scale_), causal(causal_), rope(rope_), alignment(alignment_) {}

  const Matrix& q;  // n_q x d
  const Matrix& k;  // n_k x d
  const Matrix& v;  // n_k x d_v
  double scale;     // logits are scale * <q_i, k_j>
  bool causal = false;
  std::optional<Rope> rope;
  CausalAlignment alignment = CausalAlignment::kBottomRight;  // of a causal mask

  bool top_left() const { return causal && alignment == CausalAlignment::kTopLeft; }

  AttentionShape shape() const { return {q.rows(), k.rows(), q.cols(), v.cols()}; }
  // Keys query i sees: j < visible_keys(i) (all of them unless causal).
  Eigen::Index visible_keys(Eigen::Index i) const {
    if (!causal) return k.rows();
    return top_left() ? std::min(i + 1, k.rows()) : i + k.rows() - q.rows() + 1;
  }
  // RoPE position of query 0, the key position the mask aligns it with:
  // n_k - n_q (bottom-right, and without a mask), 0 top-left.
  Eigen::Index query_position_start() const { return top_left() ? 0 : k.rows() - q.rows(); }
};

// What a backend keeps from its forward pass for its backward pass, as an
// autograd framework keeps saved tensors (poly: Z = phi(K)^T [V, 1]). The
// backend checks that it belongs to the input it is given and otherwise
// recomputes.
struct ForwardState {
  virtual ~ForwardState() = default;
};

struct AttentionOutput {
  Matrix out;                 // n_q x d_v
  Vector lse;                 // n_q: ln sum_j exp(scale <q_i, k_j>); empty if the backend has none
  double error_bound = 0;     // guaranteed max entrywise error; 0 = exact up to rounding
  double max_abs_logit = -1;  // exact R = max |scale <q_i, k_j>|, or -1 when not observed
  double seconds = 0;
  std::string details;  // backend-specific parameters, e.g. "degree g = 7, rank r = 6435"
  std::shared_ptr<const ForwardState> state;  // null unless the backend keeps one
};

// The backward pass's result (docs/backends.md, "Backward pass"): the
// gradients of a loss with respect to Q, K, V and the scale, given
// dO = dLoss/dO.
struct AttentionGradients {
  Matrix dq, dk, dv;       // n_q x d, n_k x d, n_k x d_v
  double dscale = 0;       // dLoss/dscale
  double error_bound = 0;  // max entrywise error of dq, dk, dv; 0 = exact up to rounding,
                           // +inf = no bound derived
  double seconds = 0;
  std::string details;
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

  // The backward pass (attention/backward.cpp): given `forward`, what run()
  // returned on `input`, and d_out = dLoss/dO (n_q x d_v), the gradients with
  // respect to Q, K, V and the scale. Checks d_out against the output (shape,
  // finite), applies RoPE (the gradients rotated back) and top-left masks as
  // run() does, and throws ContractError for a backend without a backward pass.
  AttentionGradients backward(const AttentionInput& input, const AttentionOutput& forward,
                              const Matrix& d_out) const;
  virtual bool has_backward() const { return false; }
  // ContractError "NAME: no backward pass; ..." for a backend without one, so
  // callers refuse before any work.
  void require_backward() const;

 protected:
  // The backend's own computation on a validated, supported input without RoPE.
  virtual AttentionOutput compute(const AttentionInput& input) const = 0;
  // Its backward pass on such an input (bottom-right mask, no RoPE); `out` and
  // `lse` are the forward's. The default refuses.
  virtual AttentionGradients compute_backward(const AttentionInput& input, const Matrix& out,
                                              const Vector& lse, const Matrix& d_out) const;
  // What backward() calls: compute_backward() on the forward's output and
  // log-sum-exp; a backend that keeps a ForwardState reads it here.
  virtual AttentionGradients compute_backward_from(const AttentionInput& input,
                                                   const AttentionOutput& forward,
                                                   const Matrix& d_out) const {
    return compute_backward(input, forward.out, forward.lse, d_out);
  }
};

// Checks the shapes agree, there is at least one key, the scale is finite,
// and a bottom-right causal input has n_q <= n_k.
void validate_attention_input(const AttentionInput& input);

}  // namespace sethkit
