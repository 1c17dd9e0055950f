#include "attention/reference_check.hpp"

#include <algorithm>

#include "attention/naive_backend.hpp"
#include "attention/rope.hpp"
#include "attention/stats.hpp"
#include "core/rng.hpp"

namespace sethkit {

std::vector<Eigen::Index> evenly_spaced_rows(Eigen::Index n, std::size_t count) {
  std::vector<Eigen::Index> rows(
      static_cast<std::size_t>(std::min<Eigen::Index>(static_cast<Eigen::Index>(count), n)));
  for (std::size_t s = 0; s < rows.size(); ++s)
    rows[s] = static_cast<Eigen::Index>(s) * n / static_cast<Eigen::Index>(rows.size());
  return rows;
}

std::vector<Eigen::Index> random_rows(Eigen::Index n, std::size_t count, std::uint64_t seed) {
  std::vector<Eigen::Index> rows(static_cast<std::size_t>(n));
  for (Eigen::Index i = 0; i < n; ++i) rows[static_cast<std::size_t>(i)] = i;
  if (static_cast<std::size_t>(n) <= count) return rows;
  Rng rng(seed ^ 0x9e3779b97f4a7c15ULL);
  for (std::size_t t = 0; t < count; ++t)
    std::swap(rows[t], rows[t + rng.uniform_int(rows.size() - t)]);
  rows.resize(count);
  std::sort(rows.begin(), rows.end());
  return rows;
}

Matrix take_rows(const Matrix& m, const std::vector<Eigen::Index>& rows) {
  Matrix out(static_cast<Eigen::Index>(rows.size()), m.cols());
  for (std::size_t s = 0; s < rows.size(); ++s)
    out.row(static_cast<Eigen::Index>(s)) = m.row(rows[s]);
  return out;
}

Matrix reference_rows(const AttentionInput& input, const std::vector<Eigen::Index>& rows) {
  if (!input.causal && !input.rope)
    return NaiveBackend().run({take_rows(input.q, rows), input.k, input.v, input.scale}).out;
  // Positions matter: rotate (RoPE, queries where the mask aligns them) and mask row by row.
  const Matrix q =
      input.rope ? rope_rotate(input.q, *input.rope, input.query_position_start()) : input.q;
  const Matrix k = input.rope ? rope_rotate(input.k, *input.rope, 0) : input.k;
  Matrix out(static_cast<Eigen::Index>(rows.size()), input.v.cols());
  for (std::size_t t = 0; t < rows.size(); ++t) {
    const Eigen::Index i = rows[t], visible = input.visible_keys(i);
    const Vector s = input.scale * (k.topRows(visible) * q.row(i).transpose());
    const Vector e = (s.array() - s.maxCoeff()).exp();
    out.row(static_cast<Eigen::Index>(t)) = (e.transpose() * input.v.topRows(visible)) / e.sum();
  }
  return out;
}

double sampled_error(const AttentionInput& input, const Matrix& output,
                     const std::vector<Eigen::Index>& rows) {
  return linf_error(take_rows(output, rows), reference_rows(input, rows));
}

}  // namespace sethkit
