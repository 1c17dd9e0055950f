#include "attention/flash_kernel.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include "core/progress.hpp"

namespace sethkit {

namespace {
// One row of a tile after the product: the online-softmax update fused into
// passes over the row while it sits in L1 (one for its max and min, one that
// shifts and exponentiates, one that sums). `seen` columns are visible; the rest
// are masked and become 0. Updates m and l, and returns the correction
// e^(m_old - m_new) the row's accumulator is multiplied by. max_abs grows by
// the row's largest |logit|; a logit that is not finite sets overflow.
template <typename T>
T update_row(T* row, Eigen::Index seen, Eigen::Index cols, T& m, T& l, T& max_abs, bool& overflow) {
  using Row = Eigen::Map<Eigen::Array<T, 1, Eigen::Dynamic>>;
  Row visible(row, seen);
  std::fill(row + seen, row + cols, T(0));
  if (seen == 0) return T(1);  // a fully masked row: m and l stay, its tile adds nothing
  T hi = row[0], lo = row[0];
#pragma omp simd reduction(max : hi) reduction(min : lo)
  for (Eigen::Index j = 0; j < seen; ++j) {
    hi = row[j] > hi ? row[j] : hi;
    lo = row[j] < lo ? row[j] : lo;
  }
  const T m_new = std::max(m, hi);
  visible = (visible - m_new).exp();
  const T sum = visible.sum();
  // A NaN logit makes the sum NaN; an infinite one makes hi, lo or the sum so.
  if (!std::isfinite(hi) || !std::isfinite(lo) || !std::isfinite(sum)) {
    overflow = true;
    return T(1);
  }
  max_abs = std::max({max_abs, hi, -lo});
  const T correction = std::exp(m - m_new);  // 0 on the first tile (m = -inf)
  m = m_new;
  l = l * correction + sum;
  return correction;
}
}  // namespace

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
    Vec m(bq), l(bq);
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
      bool block_overflow = false;
      for (Eigen::Index c0 = 0; c0 < key_end && !block_overflow; c0 += bk) {
        const Eigen::Index cols = std::min(bk, key_end - c0);
        auto tile = s.topLeftCorner(rows, cols);
        tile.noalias() = qs * k.middleRows(c0, cols).transpose();
        for (Eigen::Index i = 0; i < rows; ++i) {
          // Row i sees tile columns < i + causal_offset + 1 - c0 (every row
          // sees key 0, so m is finite after the first tile).
          const Eigen::Index seen =
              causal ? std::clamp<Eigen::Index>(r0 + i + causal_offset + 1 - c0, 0, cols) : cols;
          const T correction =
              update_row(&s(i, 0), seen, cols, m(i), l(i), max_abs, block_overflow);
          if (correction != T(1)) acc.row(i) *= correction;
        }
        if (block_overflow) break;
        acc.topRows(rows).noalias() += tile * v.middleRows(c0, cols);
      }
      overflow = overflow || block_overflow;
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
