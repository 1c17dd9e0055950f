#include "attention/partial_softmax.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace sethkit {

PartialAttention::PartialAttention(Eigen::Index rows, Eigen::Index d_v)
    : out(MatrixF::Zero(rows, d_v)), lse(Eigen::VectorXf::Constant(rows, kMinusInf)) {}

PartialAttention softmax_rows(MatrixF& logits, const MatrixF& v) {
  PartialAttention p(logits.rows(), v.cols());
  for (Eigen::Index r = 0; r < logits.rows(); ++r) {
    auto row = logits.row(r);
    const float m = row.maxCoeff();
    if (m == kMinusInf) {  // no key seen: weights 0, lse -inf
      row.setZero();
      continue;
    }
    row = (row.array() - m).exp().matrix();
    const float l = row.sum();  // >= 1: the maximum contributes e^0
    row /= l;
    p.lse(r) = m + std::log(l);
  }
  p.out.noalias() = logits * v;
  return p;
}

void merge_row(PartialAttention& into, Eigen::Index row, const PartialAttention& from,
               Eigen::Index from_row) {
  const float a = into.lse(row), b = from.lse(from_row);
  if (b == kMinusInf) return;
  if (a == kMinusInf) {
    into.out.row(row) = from.out.row(from_row);
    into.lse(row) = b;
    return;
  }
  const float m = std::max(a, b);
  const float wa = std::exp(a - m), wb = std::exp(b - m), s = wa + wb;
  into.out.row(row) = (wa / s) * into.out.row(row) + (wb / s) * from.out.row(from_row);
  into.lse(row) = m + std::log(s);
}

void merge_partial(PartialAttention& into, Eigen::Index row, const PartialAttention& other) {
  for (Eigen::Index r = 0; r < other.out.rows(); ++r) merge_row(into, row + r, other, r);
}

MatrixF gather_rows(const MatrixF& m, const std::vector<Eigen::Index>& index, std::size_t begin,
                    std::size_t end) {
  MatrixF g(static_cast<Eigen::Index>(end - begin), m.cols());
  for (std::size_t i = begin; i < end; ++i)
    g.row(static_cast<Eigen::Index>(i - begin)) = m.row(index[i]);
  return g;
}

}  // namespace sethkit
