// The attention oracle interface (DESIGN.md, "Interfaces").
//
// Semantics, always explicit: Att(Q, K, V) = diag(A 1)^-1 A V with
// A = exp(scale * Q K^T) entrywise (Alman & Song, "Fast Attention Requires
// Bounded Entries", NeurIPS 2023, use scale 1/d). Queries and keys may differ
// in number. A backend reports the per-row log-sum-exp where it has it, the
// entrywise error it guarantees (0 = exact up to rounding), and the largest
// |logit| it saw when it sees them all (the logit radius R).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/matrix.hpp"

namespace sethkit {

struct AttentionShape {
  Eigen::Index n_q = 0, n_k = 0, d = 0, d_v = 0;
};

struct AttentionInput {
  const Matrix& q;  // n_q x d
  const Matrix& k;  // n_k x d
  const Matrix& v;  // n_k x d_v
  double scale;     // logits are scale * <q_i, k_j>

  AttentionShape shape() const { return {q.rows(), k.rows(), q.cols(), v.cols()}; }
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
  // Throws ContractError on inconsistent shapes or an unsupported input.
  virtual AttentionOutput run(const AttentionInput& input) const = 0;
};

// Checks the shapes agree, there is at least one key, and the scale is finite.
void validate_attention_input(const AttentionInput& input);

}  // namespace sethkit
