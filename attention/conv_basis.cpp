#include "attention/conv_basis.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/error.hpp"

namespace sethkit {

namespace {
// Entries of the causal score matrix, read on demand.
class ScoreOracle {
 public:
  ScoreOracle(const Matrix& q, const Matrix& k, double scale) : q_(q), k_(k), scale_(scale) {}
  double operator()(Eigen::Index i, Eigen::Index j) const {
    return scale_ * q_.row(i).dot(k_.row(j));
  }
  // H(j + r, j) for r < length.
  Vector column(Eigen::Index j, Eigen::Index length) const {
    return scale_ * (q_.middleRows(j, length) * k_.row(j).transpose());
  }

 private:
  const Matrix& q_;
  const Matrix& k_;
  double scale_;
};

}  // namespace

ConvRecovery recover_conv_basis(const Matrix& q, const Matrix& k, double scale,
                                const ConvRecoveryParams& p) {
  require(q.rows() == k.rows() && q.cols() == k.cols(),
          "conv: the basis needs causal self-attention, Q and K of the same shape");
  require(p.window >= 1, "conv: the window T must be at least 1");
  const Eigen::Index n = q.rows(), t_len = p.window;
  const ScoreOracle h(q, k, scale);
  ConvRecovery result;
  ConvBasis basis;
  basis.n = n;
  const auto window = [&](Eigen::Index j) {
    const Eigen::Index len = std::min(t_len, n - j);
    basis.window_reads += static_cast<std::uint64_t>(len);
    return Vector(h.column(j, len));
  };
  Vector w = window(0);
  const double tau =
      p.tau >= 0 ? p.tau : 1e-9 * (1 + w.cwiseAbs().maxCoeff()) * static_cast<double>(t_len);
  const auto differs = [&](Eigen::Index t, const Vector& ref) {
    const Vector wt = window(t);
    return (wt - ref.head(wt.size())).lpNorm<1>() > tau;
  };
  basis.starts.push_back(0);
  const auto add_start = [&](Eigen::Index s) {
    basis.starts.push_back(s);
    if (basis.starts.size() > p.k_max) {
      result.reason = fmt::format(
          "the causal scores need more than k_max = {} conv bases at window T = {} and "
          "threshold tau = {:.3g} (change point {} at column {} of {}); they are not "
          "position-structured: use flash",
          p.k_max, t_len, tau, basis.starts.size(), s, n);
      return false;
    }
    return true;
  };
  Eigen::Index cur = 0;
  // Binary search over the columns whose windows are whole (1.5).
  while (cur < n - t_len && differs(n - t_len, w)) {
    Eigen::Index lo = cur + 1, hi = n - t_len;
    while (lo < hi) {
      const Eigen::Index mid = lo + (hi - lo) / 2;
      if (differs(mid, w))
        hi = mid;
      else
        lo = mid + 1;
    }
    if (!add_start(lo)) return result;
    cur = lo;
    w = window(lo);
  }
  // The last T columns have shortened windows: scan them.
  for (Eigen::Index t = std::max(cur + 1, n - t_len + 1); t < n; ++t)
    if (differs(t, w)) {
      if (!add_start(t)) return result;
      w = window(t);
    }
  basis.c_star = -INFINITY;
  for (Eigen::Index s : basis.starts) {
    basis.columns.push_back(h.column(s, n - s));
    basis.c_star = std::max(basis.c_star, basis.columns.back().maxCoeff());
  }
  if (!std::isfinite(basis.c_star)) {
    result.reason = "a logit scale * <q_i, k_j> is not finite";
    return result;
  }
  result.basis = std::move(basis);
  return result;
}

double conv_basis_score(const ConvBasis& basis, Eigen::Index i, Eigen::Index j) {
  const auto it = std::upper_bound(basis.starts.begin(), basis.starts.end(), j);
  const auto l = static_cast<std::size_t>(it - basis.starts.begin()) - 1;
  return basis.columns[l](i - j);
}

}  // namespace sethkit
