// What the approximate backends share (docs/backends.md, "Approximate
// backends"): none of them guarantees an entrywise error, so each reports
// error_bound = +inf ('unbounded', never 0); each computes in float32 and
// refuses to hand back a non-finite output.
#pragma once

#include <cmath>
#include <string>

#include "attention/backend.hpp"
#include "core/matrix.hpp"

namespace sethkit {

inline constexpr double kUnboundedError = INFINITY;

// The float32 result as an AttentionOutput with error_bound = +inf and the
// given details; lse may be empty. Throws ContractError naming the backend and
// the first row with a non-finite entry rather than return NaN or inf.
AttentionOutput approximate_output(const std::string& backend, const MatrixF& out /* n_q x d_v */,
                                   const Eigen::VectorXf& lse /* n_q or empty */,
                                   std::string details);

}  // namespace sethkit
