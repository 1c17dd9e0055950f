#include "attention/reference_gradient.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.hpp"

namespace sethkit {

namespace {
// max |a - b|, +inf when either holds a non-finite entry.
double gradient_row_error(const Vector& a, const Vector& b) {
  if (!a.allFinite() || !b.allFinite()) return std::numeric_limits<double>::infinity();
  return (a - b).cwiseAbs().maxCoeff();
}
}  // namespace

double sampled_gradient_error(const AttentionInput& input, const AttentionOutput& exact,
                              const Matrix& d_out, const AttentionGradients& g,
                              const std::vector<Eigen::Index>& q_rows,
                              const std::vector<Eigen::Index>& k_rows) {
  require(!input.causal && !input.rope,
          "sampled gradient check: unmasked inputs without RoPE only");
  const Eigen::Index n_q = input.q.rows(), n_k = input.k.rows();
  require(exact.out.rows() == n_q && exact.lse.size() == n_q && d_out.rows() == n_q &&
              d_out.cols() == input.v.cols(),
          "sampled gradient check: the exact forward pass or dO does not match the input");
  const Matrix &q = input.q, &k = input.k, &v = input.v;
  const double scale = input.scale;
  const Vector big_d = (d_out.array() * exact.out.array()).rowwise().sum();
  double worst = 0;
  for (const Eigen::Index i : q_rows) {
    const Vector p = ((k * q.row(i).transpose()) * scale).array() - exact.lse(i);
    const Vector ds = p.array().exp().matrix().cwiseProduct(v * d_out.row(i).transpose() -
                                                            Vector::Constant(n_k, big_d(i)));
    worst = std::max(worst, gradient_row_error(scale * (k.transpose() * ds), g.dq.row(i)));
  }
  for (const Eigen::Index j : k_rows) {
    const Vector p = ((q * k.row(j).transpose()) * scale - exact.lse).array().exp();
    const Vector ds = p.cwiseProduct(d_out * v.row(j).transpose() - big_d);
    worst = std::max(worst, gradient_row_error(scale * (q.transpose() * ds), g.dk.row(j)));
    worst = std::max(worst, gradient_row_error(d_out.transpose() * p, g.dv.row(j)));
  }
  return worst;
}

}  // namespace sethkit
