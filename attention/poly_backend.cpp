#include "attention/poly_backend.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <vector>

#include "attention/poly_features.hpp"
#include "attention/poly_state.hpp"
#include "attention/stats.hpp"
#include "attention/taylor.hpp"
#include "core/error.hpp"

namespace sethkit {

std::string PolyBackend::description() const {
  return fmt::format(
      "polynomial method (Alman-Song), Taylor degree {}, target error {:.3g}, max rank {}",
      params_.degree >= 0 ? std::to_string(params_.degree) : "from R", params_.target_error,
      params_.max_rank);
}

Support PolyBackend::supports(const AttentionShape& shape) const {
  if (shape.n_k < 1) return {false, "needs at least one key"};
  return {};
}

PolyPlan PolyBackend::plan(const AttentionInput& in) const {
  PolyPlan p;
  p.radius = logit_radius_bound(in);
  const double v_max = max_abs_entry(in.v);
  const Eigen::Index d = in.q.cols();
  if (p.radius > params_.max_logit_radius) {
    p.reason = fmt::format(
        "logit radius bound R = {:.3g} is above {:.3g}: the Taylor terms cancel and double "
        "precision loses about {:.0f} digits; use flash",
        p.radius, params_.max_logit_radius, 2 * p.radius / std::log(10.0));
    return p;
  }
  if (params_.degree >= 0) {
    p.degree = params_.degree;
  } else {
    const double eps =
        v_max > 0 ? std::min(1.0 / 3.0, params_.target_error / (3 * v_max)) : 1.0 / 3.0;
    p.degree = taylor_degree(p.radius, eps);
    if (p.degree < 0) {
      p.reason = fmt::format(
          "no Taylor degree up to 200 reaches relative error {:.3g} at R = {:.3g}", eps, p.radius);
      return p;
    }
  }
  p.rank = binomial(static_cast<std::uint64_t>(d + p.degree), static_cast<std::uint64_t>(p.degree));
  p.relative_error = taylor_relative_error(p.radius, p.degree);
  p.error_bound =
      p.relative_error < 1 ? 2 * p.relative_error / (1 - p.relative_error) * v_max : INFINITY;
  const double work = static_cast<double>(in.q.rows() + in.k.rows()) * static_cast<double>(p.rank) *
                      static_cast<double>(in.v.cols() + 2);
  if (p.rank > params_.max_rank || work > params_.max_work) {
    p.reason = fmt::format(
        "R = {:.3g}, d = {} and target error {:.3g} need degree {} and rank C({}, {}) = {:.3g} "
        "features ({:.2g} multiply-adds); the budget is rank {} and {:.2g} multiply-adds: use "
        "flash",
        p.radius, d, params_.target_error, p.degree, d + p.degree, p.degree,
        static_cast<double>(p.rank), work, params_.max_rank, params_.max_work);
    return p;
  }
  if (params_.degree >= 0 && p.relative_error >= 1 && params_.require_guarantee) {
    p.reason =
        fmt::format("degree {} at R = {:.3g} gives no error guarantee (relative bound {:.3g} >= 1)",
                    p.degree, p.radius, p.relative_error);
    return p;
  }
  p.ok = true;
  return p;
}

namespace {
// target += phi(K[from : to])^T [V[from : to], 1], the keys' share of Z.
void add_key_features(const PolyFeatureMap& features, const AttentionInput& in, Eigen::Index from,
                      Eigen::Index to, ColMatrix& phi, ColMatrix& v1, ColMatrix& target) {
  const Eigen::Index rows = to - from, d_v = in.v.cols();
  features.apply(in.k.middleRows(from, rows), phi);
  v1.resize(rows, d_v + 1);
  v1.leftCols(d_v) = in.v.middleRows(from, rows);
  v1.col(d_v).setOnes();
  target.noalias() += phi.transpose() * v1;
}

// Rows r0 .. r0 + rows - 1 of the output from [num, w]: num / w and ln w.
// False when a row sum w is not positive.
bool write_rows(const ColMatrix& num, Eigen::Index r0, AttentionOutput& out) {
  const Eigen::Index d_v = num.cols() - 1, rows = num.rows();
  const auto w = num.col(d_v);
  out.out.middleRows(r0, rows) = num.leftCols(d_v).array().colwise() / w.array();
  out.lse.segment(r0, rows) = w.array().log();
  return !(w.array() <= 0).any();
}

// Causal attention through the features: query i sees keys j <= i + off
// (off = n_k - n_q). Query blocks in order; a running Z = phi(K)^T [V, 1] over
// the keys every row of the block sees, plus the block's own triangle
// phi(Q_blk) phi(K_part)^T (strictly lower) [V_part, 1]. O(n r (d_v + 1) + n b r).
AttentionOutput causal_poly(const AttentionInput& in, const PolyFeatureMap& features,
                            const Matrix& q_signed, Eigen::Index block) {
  const auto r = static_cast<Eigen::Index>(features.size());
  const Eigen::Index n_q = in.q.rows(), n_k = in.k.rows(), d_v = in.v.cols();
  const Eigen::Index off = n_k - n_q;
  ColMatrix z = ColMatrix::Zero(r, d_v + 1), phi_q, phi_k, v1, num;
  Eigen::Index keys_done = 0;
  AttentionOutput out;
  out.out.resize(n_q, d_v);
  out.lse.resize(n_q);
  bool nonpositive = false;
  for (Eigen::Index r0 = 0; r0 < n_q; r0 += block) {
    const Eigen::Index rows = std::min(block, n_q - r0);
    const Eigen::Index full = r0 + off + 1;  // keys < full are seen by every row of the block
    for (Eigen::Index c0 = keys_done; c0 < full; c0 += block)
      add_key_features(features, in, c0, std::min(c0 + block, full), phi_k, v1, z);
    keys_done = full;
    features.apply(q_signed.middleRows(r0, rows), phi_q);
    num.noalias() = phi_q * z;
    const Eigen::Index part = rows - 1;  // keys full .. full + part - 1: row t sees those < t
    if (part > 0) {
      features.apply(in.k.middleRows(full, part), phi_k);
      ColMatrix s = phi_q * phi_k.transpose();  // rows x part
      for (Eigen::Index t = 0; t < rows; ++t)
        for (Eigen::Index c = std::max<Eigen::Index>(t, 0); c < part; ++c) s(t, c) = 0;
      v1.resize(part, d_v + 1);
      v1.leftCols(d_v) = in.v.middleRows(full, part);
      v1.col(d_v).setOnes();
      num.noalias() += s * v1;
    }
    if (!write_rows(num, r0, out)) nonpositive = true;
  }
  require(!nonpositive,
          "poly: a row sum of the approximate attention matrix is not positive; the Taylor bound "
          "was violated by rounding (use flash)");
  return out;
}
}  // namespace

Eigen::Index PolyBackend::feature_block(std::size_t rank, double bytes) const {
  return std::clamp<Eigen::Index>(
      static_cast<Eigen::Index>(bytes / (8.0 * static_cast<double>(rank))), 8,
      std::max<Eigen::Index>(params_.block, 8));
}

Support PolyBackend::supports_input(const AttentionInput& in) const {
  const Support s = supports(in.shape());
  if (!s.ok) return s;

  const PolyPlan p = plan(in);
  return {p.ok, p.reason};
}

AttentionOutput PolyBackend::compute(const AttentionInput& in) const {
  const auto start = std::chrono::steady_clock::now();
  const PolyPlan p = plan(in);
  require(p.ok, "poly: " + p.reason);
  // exp(scale <q, k>) = exp(|scale| <sign(scale) q, k>): the features need sigma >= 0.
  const double sigma = std::abs(in.scale);
  const Matrix q_signed = in.scale < 0 ? Matrix(-in.q) : in.q;
  const PolyFeatureMap features(in.q.cols(), p.degree, sigma, p.rank);
  const auto r = static_cast<Eigen::Index>(features.size());
  const Eigen::Index n_q = in.q.rows(), n_k = in.k.rows(), d_v = in.v.cols();
  const Eigen::Index block = feature_block(features.size());

  if (in.causal) {
    AttentionOutput out = causal_poly(in, features, q_signed, block);
    out.error_bound = p.error_bound;
    out.details = fmt::format(
        "causal (running sums), degree g = {}, rank r = C({}, {}) = {}, logit radius bound R' = "
        "{:.4g}, relative error of exp <= {:.3g}",
        p.degree, in.q.cols() + p.degree, p.degree, p.rank, p.radius, p.relative_error);
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return out;
  }

  // Z = phi(K)^T [V, 1], keys streamed in blocks, one partial sum per thread.
  ColMatrix z = ColMatrix::Zero(r, d_v + 1);
  const Eigen::Index key_blocks = (n_k + block - 1) / block;
#pragma omp parallel
  {
    ColMatrix z_local = ColMatrix::Zero(r, d_v + 1), phi, v1;
#pragma omp for schedule(static)
    for (Eigen::Index b = 0; b < key_blocks; ++b) {
      const Eigen::Index r0 = b * block;
      add_key_features(features, in, r0, std::min(r0 + block, n_k), phi, v1, z_local);
    }
#pragma omp critical
    z += z_local;
  }

  AttentionOutput out;
  out.out.resize(n_q, d_v);
  out.lse.resize(n_q);
  bool nonpositive = false;
  const Eigen::Index query_blocks = (n_q + block - 1) / block;
#pragma omp parallel reduction(|| : nonpositive)
  {
    ColMatrix phi, num;
#pragma omp for schedule(static)
    for (Eigen::Index b = 0; b < query_blocks; ++b) {
      const Eigen::Index r0 = b * block, rows = std::min(block, n_q - r0);
      features.apply(q_signed.middleRows(r0, rows), phi);
      num.noalias() = phi * z;
      if (!write_rows(num, r0, out)) nonpositive = true;
    }
  }
  require(!nonpositive,
          "poly: a row sum of the approximate attention matrix is not positive; the Taylor bound "
          "was violated by rounding (use flash)");
  out.error_bound = p.error_bound;
  auto state = std::make_shared<PolyForwardState>();
  state->z = std::move(z);
  state->degree = p.degree;
  state->sigma = sigma;
  state->keys_values = poly_fingerprint(in.k, in.v);
  out.state = std::move(state);
  out.details = fmt::format(
      "degree g = {}, rank r = C({}, {}) = {}, logit radius bound R' = {:.4g}, relative "
      "error of exp <= {:.3g}",
      p.degree, in.q.cols() + p.degree, p.degree, p.rank, p.radius, p.relative_error);
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

}  // namespace sethkit
