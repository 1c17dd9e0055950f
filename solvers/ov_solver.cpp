#include "solvers/ov_solver.hpp"

#include <algorithm>
#include <cstdint>
#include "core/progress.hpp"
#include "solvers/ov_block_scan.hpp"

namespace sethkit {

OvAnswer solve_ov_naive(const OvInstance& ov) {
  OvAnswer answer;
  for (std::size_t i = 0; i < ov.n_a(); ++i)
    for (std::size_t j = 0; j < ov.n_b(); ++j) {
      ++answer.pairs_checked;
      const auto a = ov.a(i);
      const auto b = ov.b(j);
      bool orthogonal = true;
      for (std::size_t k = 0; k < ov.d() && orthogonal; ++k) orthogonal = (a[k] & b[k]) == 0;
      if (orthogonal) {
        answer.found = true;
        answer.i = i;
        answer.j = j;
        return answer;
      }
    }
  return answer;
}

namespace {
// The first j in [0, n_b) with row j of b orthogonal to x (words w), or n_b.
// Rows are scanned in chunks of 64: a branch-free OR over the chunk (which the
// compiler vectorises), then a plain scan of a chunk that has a hit.
template <std::size_t kWords>
std::size_t first_orthogonal_fixed(const std::uint64_t* x, const PackedRows& b) {
  const std::size_t n_b = b.rows();
  const std::uint64_t* rows = b.row(0);
  const auto orthogonal = [&](std::size_t j) {
    std::uint64_t any = 0;
    for (std::size_t w = 0; w < kWords; ++w) any |= x[w] & rows[j * kWords + w];
    return any == 0;
  };
  constexpr std::size_t kChunk = 64;
  std::size_t j0 = 0;
  for (; j0 + kChunk <= n_b; j0 += kChunk) {
    bool hit = false;
    for (std::size_t j = j0; j < j0 + kChunk; ++j) hit |= orthogonal(j);
    if (hit)
      for (std::size_t j = j0;; ++j)
        if (orthogonal(j)) return j;
  }
  for (std::size_t j = j0; j < n_b; ++j)
    if (orthogonal(j)) return j;
  return n_b;
}

std::size_t first_orthogonal(const PackedRows& a, std::size_t i, const PackedRows& b) {
  switch (a.words()) {
    case 1:
      return first_orthogonal_fixed<1>(a.row(i), b);
    case 2:
      return first_orthogonal_fixed<2>(a.row(i), b);
    case 3:
      return first_orthogonal_fixed<3>(a.row(i), b);
    case 4:
      return first_orthogonal_fixed<4>(a.row(i), b);
    default:
      for (std::size_t j = 0; j < b.rows(); ++j)
        if (packed_orthogonal(a, i, b, j)) return j;
      return b.rows();
  }
}
}  // namespace

OvAnswer solve_ov_bitpacked(const OvInstance& ov) {
  const PackedRows a(ov, true), b(ov, false);
  const WordMajorRows b_columns(b);
  const auto n_a = static_cast<std::int64_t>(a.rows());
  const auto blocks = static_cast<std::int64_t>((a.rows() + kBlockRows - 1) / kBlockRows);
  std::int64_t best_i = n_a;  // rows after the best hit so far need no scan
  std::size_t best_j = 0;
  ProgressLine progress("ground truth (ov-bitpacked): blocks of rows of A");
#pragma omp parallel for schedule(dynamic, 2)
  for (std::int64_t block = 0; block < blocks; ++block) {
    progress.advance(static_cast<std::size_t>(blocks));
    const std::int64_t i0 = block * static_cast<std::int64_t>(kBlockRows);
    std::int64_t current;
#pragma omp atomic read
    current = best_i;
    if (i0 > current) continue;
    if (!block_has_orthogonal_pair(a, static_cast<std::size_t>(i0), b_columns)) continue;
    // A pair in this block is orthogonal: its first row with one, and that row's first.
    const std::int64_t i1 = std::min(n_a, i0 + static_cast<std::int64_t>(kBlockRows));
    for (std::int64_t i = i0; i < i1; ++i) {
      const std::size_t j = first_orthogonal(a, static_cast<std::size_t>(i), b);
      if (j == b.rows()) continue;
#pragma omp critical(sethkit_ov_best)
      if (i < best_i) {
        best_i = i;
        best_j = j;
      }
      break;
    }
  }
  OvAnswer answer;
  if (best_i < n_a) {
    answer.found = true;
    answer.i = static_cast<std::size_t>(best_i);
    answer.j = best_j;
    answer.pairs_checked = answer.i * b.rows() + best_j + 1;
  } else {
    answer.pairs_checked = a.rows() * b.rows();
  }
  return answer;
}

std::size_t max_inner_product(const OvInstance& ov) {
  const PackedRows a(ov, true), b(ov, false);
  std::size_t best = 0;
  for (std::size_t i = 0; i < a.rows(); ++i)
    for (std::size_t j = 0; j < b.rows(); ++j)
      best = std::max(best, packed_inner_product(a, i, b, j));
  return best;
}

}  // namespace sethkit
