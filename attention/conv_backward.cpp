// The conv backend's backward pass (attention/conv_backend.hpp;
// docs/backends.md, "Backward pass"): the attention gradient of Liang et
// al., "Conv-Basis" (2024), with the weights P~ = diag(w)^-1 A~ of the
// recovered basis in place of P and every n x n product done by FFT
// (attention/conv_product.hpp), derived for sethkit:
//   dV = A~^T (dO / w),                     D_i = <dO_i, O_i>,
//   dQ_i = scale sum_c u_ic (A~ (vt_c o K))_i,   u = [dO, -D] / w, vt = [V, 1],
//   dK_j = scale sum_c vt_jc (A~^T (u_c o Q))_j,
//   dLoss/dscale = sum_i <q_i, dQ_i> / scale (computed without the division),
// since dS K = ((P~ o dO V^T) - diag(D) P~) K expands into the d_v + 1
// Hadamard products with the columns of [V, 1]. Cost O(k n d (d_v + 1) log n),
// memory O(n d) per thread; w comes from the forward's log-sum-exp.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <exception>

#include "attention/conv_backend.hpp"
#include "attention/conv_product.hpp"
#include "core/error.hpp"

namespace sethkit {

namespace {

// sum_c weights_c o (A~ or A~^T)(factors_c o x): the n x d sum behind dQ (side
// kForward, weights u, factors [V, 1], x = K) and dK (kTranspose, weights
// [V, 1], factors u, x = Q), with a bound on each row's FFT rounding.
struct HadamardSum {
  const ColMatrix& weights;
  const ColMatrix& factors;
  const ColMatrix& x;
  ConvSide side;
  ColMatrix sum;
  Vector noise;
};

// Each term's product on its own, the terms of dQ and dK shared among the
// threads (each with its own FFT workspace, from the pool, and product,
// reused from term to term); the sums are taken in term order, so the result does not depend on
// the number of threads. The term after the Hadamard ones is `last`, a plain
// product of its own (dV's).
void hadamard_products(const ConvOperator& op, HadamardSum& q_side, HadamardSum& k_side,
                       const ColMatrix& last_x, ConvProduct& last) {
  HadamardSum* sides[2] = {&q_side, &k_side};
  for (HadamardSum* h : sides) {
    h->sum = ColMatrix::Zero(h->x.rows(), h->x.cols());
    h->noise = Vector::Zero(h->x.rows());
  }
  const Eigen::Index terms = q_side.factors.cols();
  std::exception_ptr failure;
#pragma omp parallel
  {
    PooledConvWorkspace workspace;
    ConvProduct product;
    Vector factor;
#pragma omp for ordered schedule(dynamic)
    for (Eigen::Index t = 0; t <= 2 * terms; ++t) {
      std::exception_ptr error;
      try {
        if (t == 2 * terms) {
          op.apply(last_x, ConvSide::kTranspose, *workspace, last);
        } else {
          const HadamardSum& h = *sides[t / terms];
          factor = h.factors.col(t % terms);
          op.apply(h.x, h.side, *workspace, product, &factor);
        }
      } catch (...) {
        error = std::current_exception();
      }
#pragma omp ordered
      {
        if (error) {
          if (!failure) failure = error;
        } else if (t < 2 * terms) {
          HadamardSum& h = *sides[t / terms];
          const auto weights = h.weights.col(t % terms).array();
          h.sum.array() += product.y.array().colwise() * weights;
          h.noise.array() += product.noise.array() * weights.abs();
        }
      }
    }
  }
  if (failure) std::rethrow_exception(failure);
}
}  // namespace

AttentionGradients ConvBackend::compute_backward(const AttentionInput& in, const Matrix& out,
                                                 const Vector& lse, const Matrix& d_out) const {
  require(lse.size() == in.q.rows(), "conv: the backward pass needs the forward's log-sum-exp");
  const auto start = std::chrono::steady_clock::now();
  const CheckedBasis checked = checked_basis(in);
  const ConvBasis& basis = checked.basis;
  const Eigen::Index n = in.q.rows(), d_v = in.v.cols();
  // w_i = e^(-c*) sum_j A~_ij, the scaled row sums the products share.
  const Vector w = (lse.array() - basis.c_star).exp().matrix();
  require((w.array() > 0).all() && w.allFinite(),
          "conv: the forward's log-sum-exp gives a row sum that is not a positive number");
  const Vector big_d = (d_out.array() * out.array()).rowwise().sum();
  ColMatrix u(n, d_v + 1), vt(n, d_v + 1);
  u.leftCols(d_v) = d_out.array().colwise() / w.array();
  u.col(d_v) = -big_d.array() / w.array();
  vt.leftCols(d_v) = in.v;
  vt.col(d_v).setOnes();

  // dV and the column sums of P~: A~^T [dO / w, 1 / w].
  ColMatrix scaled_d_out(n, d_v + 1);
  scaled_d_out.leftCols(d_v) = u.leftCols(d_v);
  scaled_d_out.col(d_v) = w.cwiseInverse();
  const ConvOperator op(basis);
  ConvProduct dv;
  const ColMatrix k_columns = in.k, q_columns = in.q;
  HadamardSum q_side{u, vt, k_columns, ConvSide::kForward, {}, {}};
  HadamardSum k_side{vt, u, q_columns, ConvSide::kTranspose, {}, {}};
  hadamard_products(op, q_side, k_side, scaled_d_out, dv);
  const ColMatrix& g_q = q_side.sum;
  const ColMatrix& g_k = k_side.sum;
  const Vector& q_noise = q_side.noise;
  const Vector& k_noise = k_side.noise;

  AttentionGradients g;
  g.dq = in.scale * g_q;
  g.dk = in.scale * g_k;
  g.dv = dv.y.leftCols(d_v);
  g.dscale = (q_columns.array() * g_q.array()).sum();

  // Error against the exact gradient: scores within eps of the basis give
  // P~_ij = P_ij (1 + delta_ij), |delta| <= delta = e^(4 eps) - 1 (as the
  // forward's bound), and the products add their FFT rounding (docs/backends.md).
  const double delta = std::expm1(4 * params_.eps), sigma = std::abs(in.scale);
  if (delta < 1) {
    const double a = max_row_norm(d_out) * max_row_norm(in.v);
    const double c = (dv.y.col(d_v) + dv.noise).maxCoeff();
    g.error_bound = std::max(
        {sigma * (max_abs_entry(in.k) * a * 3 * delta + q_noise.maxCoeff()),
         sigma * (max_abs_entry(in.q) * a * 3 * delta * c / (1 - delta) + k_noise.maxCoeff()),
         delta / (1 - delta) * c * max_abs_entry(d_out) + dv.noise.maxCoeff()});
  } else {
    g.error_bound = INFINITY;
  }
  g.details = fmt::format(
      "conv-basis gradient, k = {} conv bases, {} FFT products, sampled score deviation {:.3g}",
      basis.k(), 1 + 2 * (d_v + 1), checked.deviation);
  g.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return g;
}

}  // namespace sethkit
