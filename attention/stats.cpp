#include "attention/stats.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.hpp"

namespace sethkit {

double entry_bound(const AttentionInput& in) {
  return std::max({max_abs_entry(in.q), max_abs_entry(in.k), max_abs_entry(in.v)});
}

double logit_radius_bound(const AttentionInput& in) {
  if (in.q.size() == 0 || in.k.size() == 0) return 0;
  return std::abs(in.scale) * in.q.rowwise().norm().maxCoeff() * in.k.rowwise().norm().maxCoeff();
}

double linf_error(const Matrix& a, const Matrix& b) {
  require(a.rows() == b.rows() && a.cols() == b.cols(), "linf_error: matrices of different shapes");
  if (a.size() == 0) return 0;
  if (!a.allFinite() || !b.allFinite()) return std::numeric_limits<double>::infinity();
  return (a - b).cwiseAbs().maxCoeff();
}

}  // namespace sethkit
