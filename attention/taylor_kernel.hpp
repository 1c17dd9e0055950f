// The polynomial method's output at every Taylor degree at once, evaluated
// through its kernel (Alman & Song, NeurIPS 2023; docs/backends.md):
// the feature maps of `poly` satisfy phi(q) . phi(k) = P_g(scale <q, k>) with
// P_g(x) = sum_{t <= g} x^t / t!, so poly's output at degree g is exactly
//     T_g = diag(A_g 1)^-1 A_g V,   (A_g)_ij = P_g(scale <q_i, k_j>),
// whatever its rank C(d + g, g). Evaluating the kernel costs O(n_k d) per
// query row instead of O(C(d + g, g)), which lets an experiment find the
// degree poly would need where running poly is out of reach.
//
// Per query row: the logits in float64; keys with equal logits (relative
// difference <= 1e-12) are merged, their V rows summed; each merged logit's
// Taylor sums are accumulated degree by degree in log form (positive logits)
// or directly (negative ones), so logits of any size stay finite. The reference is exact attention
// in float64 (log-sum-exp). The cost per row is O(n_k d + n_k log n_k + groups * max_degree): fast
// when the logits take few values (the reductions' instances), O(n_k max_degree) in general.
#pragma once

#include <vector>

#include "core/matrix.hpp"

namespace sethkit {

struct TaylorOutputs {
  Matrix exact;                   // n_q x d_v: exact attention in float64
  std::vector<Matrix> by_degree;  // [g] is n_q x d_v: poly's output at degree g
  double max_logit = 0;           // max_ij |scale <q_i, k_j>| over the given rows
};

// A row whose approximate row sum is <= 0 at degree g (P_g of a negative
// logit can be <= 0) has no output at that degree: its entries in
// by_degree[g] are NaN, and callers count them as failures. Throws
// ContractError on mismatched shapes, no keys, max_degree < 0, a result above
// `max_bytes`, or a logit below -300 (its alternating Taylor sums would
// overflow float64).
TaylorOutputs taylor_outputs_by_degree(const Matrix& q /* n_q x d */, const Matrix& k /* n_k x d */,
                                       const Matrix& v /* n_k x d_v */, double scale,
                                       int max_degree, double max_bytes = 1e9);

}  // namespace sethkit
