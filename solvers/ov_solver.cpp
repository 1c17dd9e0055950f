#include "solvers/ov_solver.hpp"

#include <algorithm>

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

OvAnswer solve_ov_bitpacked(const OvInstance& ov) {
  const PackedRows a(ov, true), b(ov, false);
  OvAnswer answer;
  for (std::size_t i = 0; i < a.rows(); ++i) {
    for (std::size_t j = 0; j < b.rows(); ++j) {
      if (packed_orthogonal(a, i, b, j)) {
        answer.found = true;
        answer.i = i;
        answer.j = j;
        answer.pairs_checked += j + 1;
        return answer;
      }
    }
    answer.pairs_checked += b.rows();
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
