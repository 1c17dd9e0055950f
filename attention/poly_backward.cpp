// The poly backend's backward pass (attention/poly_backend.hpp; docs/backends.md,
// "Backward pass"): the exact gradient of the polynomial-method approximation,
// derived for sethkit. The forward computes O~_i = sum_j p_ij v_j / w_i with
// p_ij = phi(q_i) . phi(k_j) = P_g(scale <q_i, k_j>) and w_i = sum_j p_ij, so
//   dL/dp_ij = (<dO_i, v_j> - D_i) / w_i = <u_i, vt_j>,
//   u_i = [dO_i, -D_i] / w_i, vt_j = [v_j, 1], D_i = <dO_i, O~_i>;
//   dL/dphi(q_i) = Z u_i,  Z = phi(K)^T [V, 1]   (r x (d_v + 1));
//   dL/dphi(k_j) = Y vt_j, Y = phi(Q)^T U         (r x (d_v + 1));
//   dV = P~^T dO = phi(K) (phi(Q)^T (dO / w));
// dQ and dK follow through the feature recursion's transposed Jacobian
// (PolyFeatureMap::backpropagate, O(r) per row), and dLoss/dscale =
// sum_i <q_i, dq_i> / scale, since p depends on scale <q, k> only. Cost
// O((n_q + n_k) r (d_v + 2)), never n_q x n_k unless causal, where the blocks'
// triangles are formed as in the forward (running Z over the keys every row of
// a query block sees, running Y over the queries every key of a key block is
// seen by). U carries a column 1 / w besides, for the column sums of P~ the
// error bound needs.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "attention/poly_backend.hpp"
#include "attention/poly_features.hpp"
#include "attention/poly_state.hpp"
#include "attention/taylor.hpp"
#include "core/error.hpp"

namespace sethkit {

namespace {
// What both passes read: the features, the signed queries, U and [V, 1].
struct PolyBackwardInputs {
  const PolyFeatureMap& features;
  const Matrix& q;  // sign(scale) Q: the features take sigma = |scale|
  const Matrix& k;
  ColMatrix u;   // n_q x (d_v + 2): [dO, -D, 1] / w
  ColMatrix vt;  // n_k x (d_v + 1): [V, 1]
  Eigen::Index d_v;
};

// A block's rows of dL/dx from dL/dphi: x_bar = J_phi(x)^T adj.
void backpropagate_rows(const PolyFeatureMap& features, const Eigen::Ref<const Matrix>& x,
                        const ColMatrix& phi, ColMatrix& adj, Eigen::Ref<Matrix> x_bar) {
  const ColMatrix xc = x;
  ColMatrix bar;
  features.backpropagate(xc, phi, adj, bar);
  x_bar = bar;
}

// The same for dL/dphi = a b^T, never formed whole.
void backpropagate_product_rows(const PolyFeatureMap& features, const Eigen::Ref<const Matrix>& x,
                                const ColMatrix& phi, const Eigen::Ref<const ColMatrix>& a,
                                const Eigen::Ref<const ColMatrix>& b, Eigen::Ref<Matrix> x_bar) {
  const ColMatrix xc = x;
  ColMatrix bar;
  features.backpropagate_product(xc, phi, a, b, bar);
  x_bar = bar;
}

struct Accumulated {
  Matrix dq, dk, dv;
  Vector column_sums;  // sum_i P~_ij
};

// Z = phi(K)^T [V, 1], the keys streamed in blocks, one partial sum per thread.
ColMatrix key_sums(const PolyBackwardInputs& in, Eigen::Index block) {
  const auto r = static_cast<Eigen::Index>(in.features.size());
  const Eigen::Index n_k = in.k.rows(), k_blocks = (n_k + block - 1) / block;
  ColMatrix z = ColMatrix::Zero(r, in.d_v + 1);
#pragma omp parallel
  {
    ColMatrix z_local = ColMatrix::Zero(r, in.d_v + 1), phi;
#pragma omp for schedule(static)
    for (Eigen::Index b = 0; b < k_blocks; ++b) {
      const Eigen::Index r0 = b * block, rows = std::min(block, n_k - r0);
      in.features.apply(in.k.middleRows(r0, rows), phi);
      z_local.noalias() += phi.transpose() * in.vt.middleRows(r0, rows);
    }
#pragma omp critical
    z += z_local;
  }
  return z;
}

// Unmasked: Z over the keys (or the forward's, when it kept it); then the
// query blocks, each adding its share of Y and computing its dQ rows from the
// same features; then the key blocks.
void full_backward(const PolyBackwardInputs& in, Eigen::Index block, const ColMatrix* saved_z,
                   Accumulated& acc) {
  const auto r = static_cast<Eigen::Index>(in.features.size());
  const Eigen::Index n_q = in.q.rows(), n_k = in.k.rows(), d_v = in.d_v;
  const ColMatrix z = saved_z ? *saved_z : key_sums(in, block);
  ColMatrix y = ColMatrix::Zero(r, d_v + 2);
  const Eigen::Index q_blocks = (n_q + block - 1) / block, k_blocks = (n_k + block - 1) / block;
#pragma omp parallel
  {
    ColMatrix y_local = ColMatrix::Zero(r, d_v + 2), phi;
#pragma omp for schedule(static)
    for (Eigen::Index b = 0; b < q_blocks; ++b) {
      const Eigen::Index r0 = b * block, rows = std::min(block, n_q - r0);
      in.features.apply(in.q.middleRows(r0, rows), phi);
      y_local.noalias() += phi.transpose() * in.u.middleRows(r0, rows);
      backpropagate_product_rows(in.features, in.q.middleRows(r0, rows), phi,
                                 in.u.middleRows(r0, rows).leftCols(d_v + 1), z,
                                 acc.dq.middleRows(r0, rows));
    }
#pragma omp critical
    y += y_local;
  }
#pragma omp parallel
  {
    ColMatrix phi, dv_sums;
#pragma omp for schedule(static)
    for (Eigen::Index b = 0; b < k_blocks; ++b) {
      const Eigen::Index r0 = b * block, rows = std::min(block, n_k - r0);
      in.features.apply(in.k.middleRows(r0, rows), phi);
      // One product for dV and the column sums (its column d_v, -D's, unused).
      dv_sums.noalias() = phi * y;
      acc.dv.middleRows(r0, rows) = dv_sums.leftCols(d_v);
      acc.column_sums.segment(r0, rows) = dv_sums.col(d_v + 1);
      backpropagate_product_rows(in.features, in.k.middleRows(r0, rows), phi,
                                 in.vt.middleRows(r0, rows), y.leftCols(d_v + 1),
                                 acc.dk.middleRows(r0, rows));
    }
  }
}

// Bottom-right causal, off = n_k - n_q: query i sees keys j <= i + off.
void causal_backward(const PolyBackwardInputs& in, Eigen::Index block, Accumulated& acc) {
  const auto r = static_cast<Eigen::Index>(in.features.size());
  const Eigen::Index n_q = in.q.rows(), n_k = in.k.rows(), d_v = in.d_v, off = n_k - n_q;
  ColMatrix phi, phi_part, adj, mask;
  // dQ: query blocks in order, Z over the keys < full that every row sees,
  // the next rows - 1 keys as the block's triangle (row t sees those < t).
  ColMatrix z = ColMatrix::Zero(r, d_v + 1);
  Eigen::Index keys_done = 0;
  for (Eigen::Index r0 = 0; r0 < n_q; r0 += block) {
    const Eigen::Index rows = std::min(block, n_q - r0), full = r0 + off + 1;
    for (Eigen::Index c0 = keys_done; c0 < full; c0 += block) {
      const Eigen::Index c1 = std::min(c0 + block, full);
      in.features.apply(in.k.middleRows(c0, c1 - c0), phi);
      z.noalias() += phi.transpose() * in.vt.middleRows(c0, c1 - c0);
    }
    keys_done = full;
    in.features.apply(in.q.middleRows(r0, rows), phi);
    const auto u_rows = in.u.middleRows(r0, rows).leftCols(d_v + 1);
    adj.noalias() = u_rows * z.transpose();
    const Eigen::Index part = rows - 1;
    if (part > 0) {
      in.features.apply(in.k.middleRows(full, part), phi_part);
      mask.noalias() = u_rows * in.vt.middleRows(full, part).transpose();  // rows x part
      for (Eigen::Index t = 0; t < rows; ++t)
        for (Eigen::Index c = t; c < part; ++c) mask(t, c) = 0;
      adj.noalias() += mask * phi_part;
    }
    backpropagate_rows(in.features, in.q.middleRows(r0, rows), phi, adj,
                       acc.dq.middleRows(r0, rows));
  }
  // dK, dV: key blocks in reverse, Y over the queries >= first_full that every
  // key of the block is seen by; queries [first, first_full) as the triangle
  // (key c0 + c sees query i when i >= c0 + c - off).
  ColMatrix y = ColMatrix::Zero(r, d_v + 2), s;
  Eigen::Index queries_from = n_q;
  const Eigen::Index k_blocks = (n_k + block - 1) / block;
  for (Eigen::Index b = k_blocks - 1; b >= 0; --b) {
    const Eigen::Index c0 = b * block, cols = std::min(block, n_k - c0);
    const Eigen::Index first_full = std::max<Eigen::Index>(c0 + cols - 1 - off, 0);
    const Eigen::Index first = std::max<Eigen::Index>(c0 - off, 0);
    for (Eigen::Index i1 = queries_from; i1 > first_full; i1 -= block) {
      const Eigen::Index i0 = std::max(i1 - block, first_full);
      in.features.apply(in.q.middleRows(i0, i1 - i0), phi);
      y.noalias() += phi.transpose() * in.u.middleRows(i0, i1 - i0);
    }
    queries_from = std::min(queries_from, first_full);
    in.features.apply(in.k.middleRows(c0, cols), phi);
    const auto vt_rows = in.vt.middleRows(c0, cols);
    acc.dv.middleRows(c0, cols).noalias() = phi * y.leftCols(d_v);
    acc.column_sums.segment(c0, cols).noalias() = phi * y.col(d_v + 1);
    adj.noalias() = vt_rows * y.leftCols(d_v + 1).transpose();
    const Eigen::Index tri = first_full - first;
    if (tri > 0) {
      in.features.apply(in.q.middleRows(first, tri), phi_part);
      const auto u_tri = in.u.middleRows(first, tri);
      s.noalias() = phi * phi_part.transpose();  // cols x tri: p_ij
      mask.noalias() = vt_rows * u_tri.leftCols(d_v + 1).transpose();
      for (Eigen::Index c = 0; c < cols; ++c)
        for (Eigen::Index t = 0; t < tri; ++t)
          if (first + t < c0 + c - off) s(c, t) = mask(c, t) = 0;
      acc.dv.middleRows(c0, cols).noalias() += s * u_tri.leftCols(d_v);
      acc.column_sums.segment(c0, cols).noalias() += s * u_tri.col(d_v + 1);
      adj.noalias() += mask * phi_part;
    }
    backpropagate_rows(in.features, in.k.middleRows(c0, cols), phi, adj,
                       acc.dk.middleRows(c0, cols));
  }
}

}  // namespace

AttentionGradients PolyBackend::compute_backward(const AttentionInput& in, const Matrix& out,
                                                 const Vector& lse, const Matrix& d_out) const {
  return backward_pass(in, out, lse, d_out, nullptr);
}

AttentionGradients PolyBackend::compute_backward_from(const AttentionInput& in,
                                                      const AttentionOutput& forward,
                                                      const Matrix& d_out) const {
  return backward_pass(in, forward.out, forward.lse, d_out, forward.state.get());
}

AttentionGradients PolyBackend::backward_pass(const AttentionInput& in, const Matrix& out,
                                              const Vector& lse, const Matrix& d_out,
                                              const ForwardState* state) const {
  require(lse.size() == in.q.rows(), "poly: the backward pass needs the forward's log-sum-exp");
  const auto start = std::chrono::steady_clock::now();
  const PolyPlan p = plan(in);
  require(p.ok, "poly: " + p.reason);
  const double sigma = std::abs(in.scale), sign = in.scale < 0 ? -1.0 : 1.0;
  const Matrix q_signed = in.scale < 0 ? Matrix(-in.q) : in.q;
  const PolyFeatureMap features(in.q.cols(), p.degree, sigma, p.rank);
  const Eigen::Index n_q = in.q.rows(), n_k = in.k.rows(), d_v = in.v.cols();

  PolyBackwardInputs data{
      features, q_signed, in.k, ColMatrix(n_q, d_v + 2), ColMatrix(n_k, d_v + 1), d_v};
  const Vector w = lse.array().exp().matrix();
  require((w.array() > 0).all() && w.allFinite(),
          "poly: the forward's log-sum-exp gives a row sum that is not a positive number");
  const Vector big_d = (d_out.array() * out.array()).rowwise().sum();
  data.u.leftCols(d_v) = d_out.array().colwise() / w.array();
  data.u.col(d_v) = -big_d.array() / w.array();
  data.u.col(d_v + 1) = w.cwiseInverse();
  data.vt.leftCols(d_v) = in.v;
  data.vt.col(d_v).setOnes();

  Accumulated acc{Matrix(n_q, in.q.cols()), Matrix(n_k, in.k.cols()), Matrix(n_k, d_v),
                  Vector(n_k)};
  const auto* saved = dynamic_cast<const PolyForwardState*>(state);
  const ColMatrix* saved_z =
      saved && !in.causal ? saved->z_for(p.degree, sigma, in.k, in.v) : nullptr;
  if (in.causal)
    causal_backward(data, feature_block(features.size(), 2.0 * 1024 * 1024), acc);
  else
    full_backward(data, feature_block(features.size(), 8.0 * 1024 * 1024), saved_z, acc);

  AttentionGradients g;
  // dL/dscale: sum_i <q_i, dq_i> / scale; at scale 0 the features are
  // constant, and dp/dscale = <q, k> P_g'(0) = <q, k> for g >= 1 (unmasked
  // sums only: scale 0 with a mask is summed row by row).
  if (in.scale != 0) {
    g.dscale = (q_signed.array() * acc.dq.array()).sum() / sigma * sign;
  } else if (p.degree >= 1) {
    for (Eigen::Index i = 0; i < n_q; ++i) {
      const Eigen::Index seen = in.visible_keys(i);
      const Vector qk = in.k.topRows(seen) * in.q.row(i).transpose();
      g.dscale +=
          (data.vt.topRows(seen).transpose() * qk).dot(data.u.row(i).head(d_v + 1).transpose());
    }
  }
  g.dq = sign * acc.dq;
  g.dk = std::move(acc.dk);
  g.dv = std::move(acc.dv);

  // Error against the exact gradient (docs/backends.md, "Backward pass"):
  // P~_ij = P_ij (1 + delta_ij), |delta| <= delta = 2 e_g / (1 - e_g); the
  // derivative weights P_(g-1)(x) / w~_i = P_ij (1 + delta'_ij), |delta'| <=
  // (e_(g-1) + e_g) / (1 - e_g); a = max |<dO_i, v_j>|, c = max_j sum_i P~_ij.
  const double e_g = p.relative_error;
  const double e_prev = p.degree >= 1 ? taylor_relative_error(p.radius, p.degree - 1) : 1.0;
  const double delta = 2 * e_g / (1 - e_g), delta_d = (e_prev + e_g) / (1 - e_g);
  if (e_g < 1 && delta < 1) {
    const double a = max_row_norm(d_out) * max_row_norm(in.v);
    const double c = acc.column_sums.size() ? acc.column_sums.maxCoeff() : 0;
    const double weight = 2 * delta_d + delta;
    g.error_bound = std::max({sigma * max_abs_entry(in.k) * a * weight,
                              sigma * max_abs_entry(in.q) * a * weight * c / (1 - delta),
                              delta / (1 - delta) * c * max_abs_entry(d_out)});
  } else {
    g.error_bound = INFINITY;
  }
  g.details = fmt::format(
      "{}gradient of the degree-{} approximation (reverse mode through the features), rank r = "
      "{}, relative errors e_g = {:.3g}, e_(g-1) = {:.3g}",
      in.causal ? "causal (running sums), " : "", p.degree, p.rank, e_g, e_prev);
  g.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return g;
}

}  // namespace sethkit
