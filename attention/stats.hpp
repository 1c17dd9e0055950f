// Statistics every attention report records (docs/backends.md):
// the entry bound B = max |entry| of Q, K, V; the logit radius
// R = max_ij |scale <q_i, k_j>| or its O(n d) upper bound
// |scale| max_i ||q_i||_2 max_j ||k_j||_2; and the AAttC error metric
// ||T - Att||_inf = max_ij |T_ij - Att_ij| between two outputs.
#pragma once

#include "attention/backend.hpp"

namespace sethkit {

double entry_bound(const AttentionInput& input);
double logit_radius_bound(const AttentionInput& input);
// max_ij |a_ij - b_ij|; the matrices must have the same shape. NaN anywhere gives +inf.
double linf_error(const Matrix& a /* n x d_v */, const Matrix& b /* n x d_v */);

}  // namespace sethkit
