// The `performer` backend's backward pass (attention/performer_backend.hpp;
// docs/backends.md, "Backward pass"): the exact gradient of the function the
// forward pass computes (FAVOR+ with the authors' stabilisers and feature
// floor), recomputed in float64. The paper trains through this estimator by
// automatic differentiation; this is that derivative, written out:
//   out_i = num_i / den_i with [num_i, den_i] = sum_j (phi_i . psi_j) [v_j, 1]
//   (causal: j <= i + n_k - n_q), so with u_i = [dO_i, -D_i] / den_i and
//   D_i = <dO_i, out_i>, as for poly: dL/dphi_i = Z_i u_i, dL/dpsi_j = Y_j [v_j, 1],
//   dV_j = Y_j[:, :d_v]^T psi_j, with Z_i the sum of psi_j [v_j, 1]^T over the
//   keys row i sees and Y_j the sum of phi_i u_i^T over the rows that see key j
//   (running sums when causal).
//   Features: phi_if = (E_if + floor) / sqrt(m), E_if = exp(w_f . x - |x|^2 / 2 - stab),
//   so dphi_if / dx = E_if / sqrt(m) (w_f - x - dstab / dx), where a query's
//   stab is its own max_f w_f . x and the keys' the max over all keys: its
//   derivative is w_f* at the row (and feature) attaining it, almost everywhere.
//   x = sign(scale) sqrt|scale| q for queries, sqrt|scale| k for keys.
// Cost O((n_q + n_k) m (d + d_v)), the forward's.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include "attention/performer_backend.hpp"
#include "core/error.hpp"

namespace sethkit {

namespace {
// Features of the rows of x (n x d), with the row and feature attaining each stabiliser.
struct FeatureRows {
  Matrix e;                       // E / sqrt(m), n x m
  Matrix phi;                     // (E + floor) / sqrt(m)
  std::vector<Eigen::Index> arg;  // per row (queries) or one entry (keys): the f* of its max
  Eigen::Index arg_row = 0;       // keys: the row attaining the global max
};

FeatureRows feature_rows(const Matrix& x, const Matrix& w, bool per_row, double floor) {
  const Matrix proj = x * w.transpose();  // n x m
  const double norm = 1.0 / std::sqrt(static_cast<double>(w.rows()));
  FeatureRows f;
  Eigen::Index row = 0, col = 0;
  const double global = per_row ? 0.0 : proj.maxCoeff(&row, &col);
  f.arg_row = row;
  f.e.resize(proj.rows(), proj.cols());
  for (Eigen::Index i = 0; i < proj.rows(); ++i) {
    Eigen::Index best = col;
    const double stab = per_row ? proj.row(i).maxCoeff(&best) : global;
    f.arg.push_back(best);
    f.e.row(i) =
        ((proj.row(i).array() - stab - 0.5 * x.row(i).squaredNorm()).exp() * norm).matrix();
  }
  f.phi = (f.e.array() + floor * norm).matrix();
  return f;
}

// dL/dx from dL/dphi (`adj`, n x m): row i gets W^T e_i - (sum e_i) x_i, and
// the stabiliser's -(sum e_i) w_f* (per row), or -(sum of all e) w_f* on the
// one key attaining the global max.
Matrix through_features(const FeatureRows& f, const Matrix& adj, const Matrix& x, const Matrix& w,
                        bool per_row) {
  const Matrix e = adj.cwiseProduct(f.e);
  const Vector total = e.rowwise().sum();
  Matrix dx = e * w - total.asDiagonal() * x;
  if (per_row) {
    for (Eigen::Index i = 0; i < x.rows(); ++i)
      dx.row(i) -= total(i) * w.row(f.arg[static_cast<std::size_t>(i)]);
  } else if (x.rows() > 0) {
    dx.row(f.arg_row) -= total.sum() * w.row(f.arg.front());
  }
  return dx;
}
}  // namespace

AttentionGradients PerformerBackend::compute_backward(const AttentionInput& in, const Matrix&,
                                                      const Vector&, const Matrix& d_out) const {
  const auto start = std::chrono::steady_clock::now();
  require(in.scale != 0,
          "performer backward: scale 0 has no derivative (the features use sqrt|scale|)");
  const Eigen::Index n_q = in.q.rows(), n_k = in.k.rows(), d = in.q.cols(), d_v = in.v.cols();
  const Eigen::Index offset = n_k - n_q;
  const long m = features_for(d);
  const Matrix w = performer_projection(m, d, params_.orthogonal, params_.seed);
  const double root = std::sqrt(std::abs(in.scale)), sign = in.scale < 0 ? -1.0 : 1.0;
  const Matrix q = in.q * (sign * root), k = in.k * root;
  const FeatureRows fq = feature_rows(q, w, true, params_.feature_floor);
  const FeatureRows fk = feature_rows(k, w, false, params_.feature_floor);
  Matrix x1(n_k, d_v + 1);  // [V, 1]
  x1.leftCols(d_v) = in.v;
  x1.col(d_v).setOnes();

  // The forward's numerators in float64, then u_i.
  Matrix num(n_q, d_v + 1), adj_q(n_q, m), adj_k(n_k, m);
  AttentionGradients g;
  g.dv.resize(n_k, d_v);
  Matrix u(n_q, d_v + 1);
  const auto make_u = [&](Eigen::Index i) {
    const double den = num(i, d_v);
    const Eigen::RowVectorXd out_i = num.row(i).head(d_v) / den;
    u.row(i).head(d_v) = d_out.row(i) / den;
    u(i, d_v) = -d_out.row(i).dot(out_i) / den;
  };
  if (!in.causal) {
    const Matrix z = fk.phi.transpose() * x1;  // m x (d_v + 1)
    num = fq.phi * z;
    for (Eigen::Index i = 0; i < n_q; ++i) make_u(i);
    adj_q = u * z.transpose();
    const Matrix y = fq.phi.transpose() * u;  // m x (d_v + 1)
    adj_k = x1 * y.transpose();
    g.dv = fk.phi * y.leftCols(d_v);
  } else {
    // Row i sees keys j < i + offset + 1; running sums over keys, then over queries in reverse.
    Matrix z = Matrix::Zero(m, d_v + 1);
    Eigen::Index seen = 0;
    for (Eigen::Index i = 0; i < n_q; ++i) {
      for (; seen < std::min(n_k, i + offset + 1); ++seen)
        z.noalias() += fk.phi.row(seen).transpose() * x1.row(seen);
      num.row(i) = fq.phi.row(i) * z;
      make_u(i);
      adj_q.row(i) = u.row(i) * z.transpose();
    }
    Matrix y = Matrix::Zero(m, d_v + 1);
    Eigen::Index next = n_q - 1;  // queries i >= the first that sees key j are in y
    for (Eigen::Index j = n_k - 1; j >= 0; --j) {
      for (; next >= 0 && next + offset >= j; --next)
        y.noalias() += fq.phi.row(next).transpose() * u.row(next);
      adj_k.row(j) = x1.row(j) * y.transpose();
      g.dv.row(j) = fk.phi.row(j) * y.leftCols(d_v);
    }
  }
  require(num.col(d_v).minCoeff() > 0 && num.allFinite(),
          "performer backward: a normaliser is not a positive finite number");
  const Matrix dq_scaled = through_features(fq, adj_q, q, w, true);
  const Matrix dk_scaled = through_features(fk, adj_k, k, w, false);
  g.dq = dq_scaled * (sign * root);
  g.dk = dk_scaled * root;
  // x = sign sqrt|s| q and sqrt|s| k: d/ds of sign sqrt|s| is 1 / (2 sqrt|s|), of sqrt|s| sign / (2
  // sqrt|s|).
  g.dscale = ((dq_scaled.cwiseProduct(in.q)).sum() + sign * (dk_scaled.cwiseProduct(in.k)).sum()) /
             (2 * root);
  require(g.dq.allFinite() && g.dk.allFinite() && g.dv.allFinite(),
          "performer backward: a gradient is not finite");
  g.error_bound = std::numeric_limits<double>::infinity();
  g.details = fmt::format("the gradient of FAVOR+'s own output (m = {}), float64", m);
  g.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return g;
}

}  // namespace sethkit
