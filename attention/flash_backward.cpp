#include "attention/flash_backward.hpp"

#include <algorithm>
#include <cmath>

#include "core/progress.hpp"

namespace sethkit {

template <typename T>
FlashGradients<T> flash_attention_backward(const RowMatrix<T>& q, const RowMatrix<T>& k,
                                           const RowMatrix<T>& v, const RowMatrix<T>& out,
                                           const Eigen::Matrix<T, Eigen::Dynamic, 1>& lse,
                                           const RowMatrix<T>& d_out, T scale, FlashTiles tiles,
                                           Eigen::Index causal_offset) {
  const bool causal = causal_offset >= 0;
  const Eigen::Index n_q = q.rows(), n_k = k.rows(), d = q.cols(), d_v = v.cols();
  const Eigen::Index bq = std::max<Eigen::Index>(1, tiles.block_q);
  const Eigen::Index bk = std::max<Eigen::Index>(1, std::min(tiles.block_k, n_k));
  const Eigen::Index key_tiles = (n_k + bk - 1) / bk;
  // D_i = <dO_i, O_i> = sum_j P_ij dP_ij.
  const Eigen::Matrix<T, Eigen::Dynamic, 1> big_d =
      (d_out.array() * out.array()).rowwise().sum().matrix();

  FlashGradients<T> g;
  g.dq = RowMatrix<T>::Zero(n_q, d);
  g.dk.resize(n_k, d);
  g.dv.resize(n_k, d_v);
  double dscale = 0;

  ProgressLine progress("attention backward (flash): key tiles");
#pragma omp parallel reduction(+ : dscale)
  {
    RowMatrix<T> dq_local = RowMatrix<T>::Zero(n_q, d);
    RowMatrix<T> raw(bq, bk), p(bq, bk), dp(bq, bk), dk_tile(bk, d), dv_tile(bk, d_v);
#pragma omp for schedule(dynamic)
    for (Eigen::Index t = 0; t < key_tiles; ++t) {
      progress.advance(static_cast<std::size_t>(key_tiles));
      const Eigen::Index c0 = t * bk, cols = std::min(bk, n_k - c0);
      const auto kt = k.middleRows(c0, cols);
      const auto vt = v.middleRows(c0, cols);
      auto dk_t = dk_tile.topRows(cols);
      auto dv_t = dv_tile.topRows(cols);
      dk_t.setZero();
      dv_t.setZero();
      // The first query that sees key c0: i + causal_offset >= c0.
      const Eigen::Index first = causal ? std::max<Eigen::Index>(0, c0 - causal_offset) : 0;
      for (Eigen::Index r0 = first / bq * bq; r0 < n_q; r0 += bq) {
        const Eigen::Index rows = std::min(bq, n_q - r0);
        const auto qb = q.middleRows(r0, rows);
        const auto dob = d_out.middleRows(r0, rows);
        auto raw_b = raw.topLeftCorner(rows, cols);
        auto p_b = p.topLeftCorner(rows, cols);
        auto dp_b = dp.topLeftCorner(rows, cols);
        raw_b.noalias() = qb * kt.transpose();
        // P = exp(scale <q_i, k_j> - lse_i), one contiguous row at a time (the
        // broadcast form over the whole tile does not vectorise: 1.5x slower
        // backward at n = 8192); masked entries 0.
        for (Eigen::Index i = 0; i < rows; ++i)
          p_b.row(i).array() = (scale * raw_b.row(i).array() - lse(r0 + i)).exp();
        if (causal)
          for (Eigen::Index i = 0; i < rows; ++i) {
            const Eigen::Index seen =
                std::clamp<Eigen::Index>(r0 + i + causal_offset + 1 - c0, 0, cols);
            p_b.row(i).tail(cols - seen).setZero();
          }
        dv_t.noalias() += p_b.transpose() * dob;
        dp_b.noalias() = dob * vt.transpose();
        // dS = P o (dP - D), in place of dP.
        dp_b.array() = p_b.array() * (dp_b.array().colwise() - big_d.segment(r0, rows).array());
        if (scale == T(0)) dscale += static_cast<double>((dp_b.array() * raw_b.array()).sum());
        dq_local.middleRows(r0, rows).noalias() += scale * (dp_b * kt);
        dk_t.noalias() += scale * (dp_b.transpose() * qb);
      }
      g.dk.middleRows(c0, cols) = dk_t;
      g.dv.middleRows(c0, cols) = dv_t;
    }
#pragma omp critical
    g.dq += dq_local;
  }
  // sum_ij dS_ij <q_i, k_j> = sum_i <q_i, dQ_i> / scale (dQ = scale dS K).
  if (scale != T(0))
    for (Eigen::Index i = 0; i < n_q; ++i)
      dscale += static_cast<double>(q.row(i).dot(g.dq.row(i))) / static_cast<double>(scale);
  g.dscale = dscale;
  // A logit that overflowed made P, and with it the gradients, infinite or NaN.
  g.overflow = !g.dq.allFinite() || !g.dk.allFinite() || !g.dv.allFinite();
  return g;
}

template FlashGradients<float> flash_attention_backward(
    const RowMatrix<float>&, const RowMatrix<float>&, const RowMatrix<float>&,
    const RowMatrix<float>&, const Eigen::Matrix<float, Eigen::Dynamic, 1>&,
    const RowMatrix<float>&, float, FlashTiles, Eigen::Index);
template FlashGradients<double> flash_attention_backward(
    const RowMatrix<double>&, const RowMatrix<double>&, const RowMatrix<double>&,
    const RowMatrix<double>&, const Eigen::Matrix<double, Eigen::Dynamic, 1>&,
    const RowMatrix<double>&, double, FlashTiles, Eigen::Index);

}  // namespace sethkit
