#include "attention/flash_kernel.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include "core/progress.hpp"

namespace sethkit {

template <typename T>
FlashResult<T> flash_attention(const RowMatrix<T>& q, const RowMatrix<T>& k, const RowMatrix<T>& v,
                               T scale, FlashTiles tiles, Eigen::Index causal_offset) {
  const bool causal = causal_offset >= 0;
  using Vec = Eigen::Matrix<T, Eigen::Dynamic, 1>;
  const Eigen::Index n_q = q.rows(), n_k = k.rows(), d_v = v.cols();
  const Eigen::Index bq = std::max<Eigen::Index>(1, tiles.block_q);
  const Eigen::Index bk = std::max<Eigen::Index>(1, std::min(tiles.block_k, n_k));
  const Eigen::Index blocks = (n_q + bq - 1) / bq;

  FlashResult<T> result;
  result.out.resize(n_q, d_v);
  result.lse.resize(n_q);
  T max_abs = 0;
  bool overflow = false;

  ProgressLine progress("attention (flash): query blocks");
#pragma omp parallel reduction(max : max_abs) reduction(|| : overflow)
  {
    RowMatrix<T> qs, s(bq, bk), acc(bq, d_v);
    Vec m(bq), l(bq), tile_max(bq), correction(bq);
#pragma omp for schedule(dynamic)
    for (Eigen::Index b = 0; b < blocks; ++b) {
      progress.advance(static_cast<std::size_t>(blocks));
      const Eigen::Index r0 = b * bq, rows = std::min(bq, n_q - r0);
      qs = scale * q.middleRows(r0, rows);  // the scale folded into the queries once
      m.head(rows).setConstant(-std::numeric_limits<T>::infinity());
      l.head(rows).setZero();
      acc.topRows(rows).setZero();
      // Keys this block sees: all, or up to its last row's last visible key.
      const Eigen::Index key_end = causal ? std::min(n_k, r0 + rows + causal_offset) : n_k;
      for (Eigen::Index c0 = 0; c0 < key_end; c0 += bk) {
        const Eigen::Index cols = std::min(bk, key_end - c0);
        auto tile = s.topLeftCorner(rows, cols);
        tile.noalias() = qs * k.middleRows(c0, cols).transpose();
        if (!tile.allFinite()) {
          overflow = true;
          break;
        }
        if (causal && c0 + cols > r0 + causal_offset + 1) {
          // Row i sees tile columns < i + causal_offset + 1 - c0; mask the rest.
          for (Eigen::Index i = 0; i < rows; ++i) {
            const Eigen::Index seen =
                std::clamp<Eigen::Index>(r0 + i + causal_offset + 1 - c0, 0, cols);
            if (seen > 0) max_abs = std::max(max_abs, tile.row(i).head(seen).cwiseAbs().maxCoeff());
            tile.row(i).tail(cols - seen).setConstant(-std::numeric_limits<T>::infinity());
          }
        } else {
          max_abs = std::max({max_abs, tile.maxCoeff(), -tile.minCoeff()});
        }
        tile_max.head(rows) = tile.rowwise().maxCoeff();  // -inf only for a fully masked row
        for (Eigen::Index i = 0; i < rows; ++i) {
          // Every row sees key 0 in the first tile, so m is finite after it; a
          // later fully masked row keeps m (correction 1, its tile exps to 0).
          const T m_new = std::max(m(i), tile_max(i));
          correction(i) = std::exp(m(i) - m_new);  // 0 on the first tile (m = -inf)
          m(i) = m_new;
        }
        tile.array().colwise() -= m.head(rows).array();
        tile = tile.array().exp().matrix();
        l.head(rows) = l.head(rows).cwiseProduct(correction.head(rows)) + tile.rowwise().sum();
        acc.topRows(rows).array().colwise() *= correction.head(rows).array();
        acc.topRows(rows).noalias() += tile * v.middleRows(c0, cols);
      }
      result.out.middleRows(r0, rows) = acc.topRows(rows).array().colwise() / l.head(rows).array();
      result.lse.segment(r0, rows) = m.head(rows).array() + l.head(rows).array().log();
    }
  }
  result.max_abs_logit = max_abs;
  result.overflow = overflow;
  return result;
}

template FlashResult<float> flash_attention(const RowMatrix<float>&, const RowMatrix<float>&,
                                            const RowMatrix<float>&, float, FlashTiles,
                                            Eigen::Index);
template FlashResult<double> flash_attention(const RowMatrix<double>&, const RowMatrix<double>&,
                                             const RowMatrix<double>&, double, FlashTiles,
                                             Eigen::Index);

}  // namespace sethkit
