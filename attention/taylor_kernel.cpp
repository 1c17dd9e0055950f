#include "attention/taylor_kernel.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "core/error.hpp"

namespace sethkit {

namespace {
constexpr double kMinLogit = -300;
constexpr double kMergeRelative = 1e-12;
constexpr Eigen::Index kBlockRows = 32;

// Keys whose logits agree to kMergeRelative, with their V rows summed.
struct LogitGroup {
  double x = 0;
  double count = 0;
  Eigen::RowVectorXd v_sum;
  double log_abs_x = 0;    // ln |x| (unused when x == 0)
  double log_term = 0;     // ln (|x|^t / t!)
  double log_partial = 0;  // x >= 0: ln P_t(x)
  double partial = 0;      // x < 0: P_t(x)
};

double log_add(double a, double b) {
  const double hi = std::max(a, b), lo = std::min(a, b);
  if (lo == -std::numeric_limits<double>::infinity()) return hi;
  return hi + std::log1p(std::exp(lo - hi));
}

std::vector<LogitGroup> group_logits(const Eigen::RowVectorXd& x, const Matrix& v,
                                     std::vector<Eigen::Index>& order) {
  std::iota(order.begin(), order.end(), Eigen::Index{0});
  std::sort(order.begin(), order.end(),
            [&](Eigen::Index a, Eigen::Index b) { return x(a) < x(b); });
  std::vector<LogitGroup> groups;
  for (Eigen::Index j : order) {
    if (groups.empty() ||
        x(j) - groups.back().x > kMergeRelative * std::max(1.0, std::abs(groups.back().x))) {
      LogitGroup grp;
      grp.x = x(j);
      grp.v_sum = Eigen::RowVectorXd::Zero(v.cols());
      grp.log_abs_x = grp.x == 0 ? 0 : std::log(std::abs(grp.x));
      groups.push_back(std::move(grp));
    }
    groups.back().count += 1;
    groups.back().v_sum += v.row(j);
  }
  return groups;
}

// Fills row r of out.exact and of every out.by_degree[g].
void evaluate_row(const Eigen::RowVectorXd& x, const Matrix& v, Eigen::Index r, int max_degree,
                  std::vector<Eigen::Index>& order, TaylorOutputs& out) {
  const double m = x.maxCoeff();
  const Eigen::RowVectorXd w = (x.array() - m).exp().matrix();
  out.exact.row(r) = (w * v) / w.sum();

  std::vector<LogitGroup> groups = group_logits(x, v, order);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double neg_inf = -std::numeric_limits<double>::infinity();
  std::vector<double> log_abs(groups.size()), sign(groups.size());
  for (int g = 0; g <= max_degree; ++g) {
    double top = neg_inf;
    for (std::size_t i = 0; i < groups.size(); ++i) {
      LogitGroup& grp = groups[i];
      if (g == 0) {
        grp.log_term = 0;
        grp.log_partial = 0;
        grp.partial = 1;
      } else if (grp.x != 0) {
        grp.log_term += grp.log_abs_x - std::log(static_cast<double>(g));
        if (grp.x > 0)
          grp.log_partial = log_add(grp.log_partial, grp.log_term);
        else
          grp.partial += (g % 2 == 1 ? -1.0 : 1.0) * std::exp(grp.log_term);
      }
      if (grp.x >= 0) {
        log_abs[i] = grp.log_partial;
        sign[i] = 1;
      } else {
        log_abs[i] = grp.partial == 0 ? neg_inf : std::log(std::abs(grp.partial));
        sign[i] = grp.partial < 0 ? -1 : 1;
      }
      top = std::max(top, log_abs[i]);
    }
    double den = 0;
    Eigen::RowVectorXd num = Eigen::RowVectorXd::Zero(v.cols());
    for (std::size_t i = 0; i < groups.size(); ++i) {
      const double a = sign[i] * std::exp(log_abs[i] - top);
      den += groups[i].count * a;
      num += a * groups[i].v_sum;
    }
    if (den > 0 && std::isfinite(den))
      out.by_degree[static_cast<std::size_t>(g)].row(r) = num / den;
    else
      out.by_degree[static_cast<std::size_t>(g)].row(r).setConstant(nan);
  }
}
}  // namespace

TaylorOutputs taylor_outputs_by_degree(const Matrix& q, const Matrix& k, const Matrix& v,
                                       double scale, int max_degree, double max_bytes) {
  require(q.cols() == k.cols(), "taylor_outputs_by_degree: Q and K need the same head dimension");
  require(k.rows() == v.rows(), "taylor_outputs_by_degree: K and V need the same number of rows");
  require(k.rows() > 0, "taylor_outputs_by_degree: no keys");
  require(max_degree >= 0, "taylor_outputs_by_degree: max_degree must be >= 0");
  const double bytes = 8.0 * static_cast<double>(q.rows()) * static_cast<double>(v.cols()) *
                       (static_cast<double>(max_degree) + 2);
  if (bytes > max_bytes)
    throw ContractError(fmt::format(
        "taylor_outputs_by_degree: {} rows x {} columns x {} degrees need {:.3g} bytes, above "
        "the limit {:.3g}",
        q.rows(), v.cols(), max_degree + 1, bytes, max_bytes));

  TaylorOutputs out;
  out.exact.resize(q.rows(), v.cols());
  out.by_degree.assign(static_cast<std::size_t>(max_degree) + 1, Matrix(q.rows(), v.cols()));
  double max_logit = 0, min_logit = 0;
  for (Eigen::Index r0 = 0; r0 < q.rows(); r0 += kBlockRows) {
    const Eigen::Index rows = std::min(kBlockRows, q.rows() - r0);
    const Matrix logits = scale * (q.middleRows(r0, rows) * k.transpose());
    max_logit = std::max(max_logit, logits.cwiseAbs().maxCoeff());
    min_logit = std::min(min_logit, logits.minCoeff());
    if (min_logit < kMinLogit)
      throw ContractError(fmt::format(
          "taylor_outputs_by_degree: logit {:.4g} is below {}: the alternating Taylor sums "
          "overflow float64",
          min_logit, kMinLogit));
#pragma omp parallel
    {
      std::vector<Eigen::Index> order(static_cast<std::size_t>(k.rows()));
#pragma omp for schedule(dynamic)
      for (Eigen::Index i = 0; i < rows; ++i)
        evaluate_row(logits.row(i), v, r0 + i, max_degree, order, out);
    }
  }
  out.max_logit = max_logit;
  return out;
}

}  // namespace sethkit
