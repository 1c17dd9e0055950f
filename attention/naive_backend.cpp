#include "attention/naive_backend.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/progress.hpp"

namespace sethkit {

namespace {
constexpr Eigen::Index kBlockDoubles = Eigen::Index{1} << 22;  // 32 MiB of logits per block
}

Support NaiveBackend::supports(const AttentionShape& shape) const {
  if (shape.n_k < 1) return {false, "needs at least one key"};
  const double work = static_cast<double>(shape.n_q) * static_cast<double>(shape.n_k) *
                      static_cast<double>(shape.d + shape.d_v);
  if (work > kWorkBudget)
    return {false,
            fmt::format(
                "{} x {} logits with d = {} need about {:.2g} multiply-adds, above the budget of "
                "{:.0e} (hours on a small machine)",
                shape.n_q, shape.n_k, shape.d, work, kWorkBudget)};
  return {};
}

AttentionOutput NaiveBackend::compute(const AttentionInput& in) const {
  const auto start = std::chrono::steady_clock::now();
  const Eigen::Index n_q = in.q.rows(), n_k = in.k.rows();
  const Eigen::Index block =
      block_rows_ > 0 ? block_rows_ : std::clamp<Eigen::Index>(kBlockDoubles / n_k, 1, 256);
  const Eigen::Index blocks = (n_q + block - 1) / block;

  AttentionOutput result;
  result.out.resize(n_q, in.v.cols());
  result.lse.resize(n_q);
  const Matrix k_t = in.k.transpose();  // d x n_k, so each block is one GEMM
  double max_abs_logit = 0;
  bool overflow = false;

  ProgressLine progress("attention (naive): query blocks");
#pragma omp parallel for schedule(dynamic) reduction(max : max_abs_logit) reduction(|| : overflow)
  for (Eigen::Index b = 0; b < blocks; ++b) {
    progress.advance(static_cast<std::size_t>(blocks));
    const Eigen::Index r0 = b * block;
    const Eigen::Index rows = std::min(block, n_q - r0);
    Matrix s = in.scale * (in.q.middleRows(r0, rows) * k_t);  // rows x n_k logits
    if (!s.allFinite()) {
      overflow = true;
      continue;
    }
    for (Eigen::Index t = 0; t < rows; ++t) {
      const Eigen::Index visible = in.visible_keys(r0 + t);  // >= 1
      max_abs_logit = std::max(max_abs_logit, s.row(t).head(visible).cwiseAbs().maxCoeff());
      s.row(t).tail(n_k - visible).setConstant(-std::numeric_limits<double>::infinity());
    }
    const Vector m = s.rowwise().maxCoeff();
    s.colwise() -= m;
    s = s.array().exp().matrix();
    const Vector l = s.rowwise().sum();
    result.out.middleRows(r0, rows) = (s * in.v).array().colwise() / l.array();
    result.lse.segment(r0, rows) = m.array() + l.array().log();
  }
  require(!overflow, "naive attention: a logit scale * <q_i, k_j> overflows double precision");
  result.max_abs_logit = max_abs_logit;
  result.error_bound = 0;
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

AttentionGradients NaiveBackend::compute_backward(const AttentionInput& in, const Matrix&,
                                                  const Vector&, const Matrix& d_out) const {
  const auto start = std::chrono::steady_clock::now();
  const Eigen::Index n_q = in.q.rows(), n_k = in.k.rows();
  const Eigen::Index block =
      block_rows_ > 0 ? block_rows_ : std::clamp<Eigen::Index>(kBlockDoubles / n_k, 1, 256);
  AttentionGradients g;
  g.dq.resize(n_q, in.q.cols());
  g.dk = Matrix::Zero(n_k, in.k.cols());
  g.dv = Matrix::Zero(n_k, in.v.cols());
  const Matrix k_t = in.k.transpose(), v_t = in.v.transpose();
  for (Eigen::Index r0 = 0; r0 < n_q; r0 += block) {
    const Eigen::Index rows = std::min(block, n_q - r0);
    const Matrix raw = in.q.middleRows(r0, rows) * k_t;  // <q_i, k_j>
    Matrix p = in.scale * raw;
    require(p.allFinite(),
            "naive attention: a logit scale * <q_i, k_j> overflows double precision");
    for (Eigen::Index t = 0; t < rows; ++t) {
      const Eigen::Index visible = in.visible_keys(r0 + t);
      p.row(t).tail(n_k - visible).setConstant(-std::numeric_limits<double>::infinity());
    }
    const Vector m = p.rowwise().maxCoeff();
    p.colwise() -= m;
    p = p.array().exp().matrix();
    const Vector l = p.rowwise().sum();
    p.array().colwise() /= l.array();  // the attention weights P
    const Matrix d_out_rows = d_out.middleRows(r0, rows);
    const Matrix dp = d_out_rows * v_t;  // rows x n_k
    const Vector big_d = (p.array() * dp.array()).rowwise().sum();
    const Matrix ds = (p.array() * (dp.colwise() - big_d).array()).matrix();
    g.dv.noalias() += p.transpose() * d_out_rows;
    // Through a temporary: a scaled product assigned straight into these rows
    // (Eigen's parallel GEMM, outside any parallel region here) gave run-to-run
    // differences in the sanitizer build.
    const Matrix ds_k = ds * in.k;
    g.dq.middleRows(r0, rows) = in.scale * ds_k;
    g.dk.noalias() += in.scale * (ds.transpose() * in.q.middleRows(r0, rows));
    g.dscale += (ds.array() * raw.array()).sum();
  }
  g.error_bound = 0;
  g.details = "float64 reference, P recomputed from the logits";
  g.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return g;
}

}  // namespace sethkit
