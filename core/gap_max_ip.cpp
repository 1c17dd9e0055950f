#include "core/gap_max_ip.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>

#include "core/packed_rows.hpp"
#include "core/progress.hpp"

namespace sethkit {

GapLabel label_for_inner_product(const GapMaxIp& g, std::size_t largest) {
  if (largest >= g.s_yes) return GapLabel::kYes;
  if (largest <= g.s_no) return GapLabel::kNo;
  return GapLabel::kOutside;
}

std::vector<std::size_t> largest_inner_products(const OvInstance& points) {
  const PackedRows a(points, true), b(points, false);
  std::vector<std::size_t> largest(points.n_a(), 0);
  ProgressLine progress("largest inner products: rows of A");
#pragma omp parallel for schedule(dynamic, 16)
  for (std::int64_t i = 0; i < static_cast<std::int64_t>(a.rows()); ++i) {
    progress.advance(a.rows());
    const std::uint64_t* x = a.row(static_cast<std::size_t>(i));
    std::size_t best = 0;
    for (std::size_t j = 0; j < b.rows(); ++j) {
      const std::uint64_t* y = b.row(j);
      std::size_t ip = 0;
      for (std::size_t w = 0; w < a.words(); ++w)
        ip += static_cast<std::size_t>(std::popcount(x[w] & y[w]));
      best = std::max(best, ip);
    }
    largest[static_cast<std::size_t>(i)] = best;
  }
  return largest;
}

}  // namespace sethkit
