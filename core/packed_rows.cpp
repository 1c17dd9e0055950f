#include "core/packed_rows.hpp"

#include <bit>

namespace sethkit {

PackedRows::PackedRows(const OvInstance& ov, bool side_a)
    : rows_(side_a ? ov.n_a() : ov.n_b()), words_((ov.d() + 63) / 64), data_(rows_ * words_, 0) {
  for (std::size_t i = 0; i < rows_; ++i) {
    const auto v = side_a ? ov.a(i) : ov.b(i);
    for (std::size_t k = 0; k < v.size(); ++k)  // branch-free: random bits defeat prediction
      data_[i * words_ + k / 64] |= static_cast<std::uint64_t>(v[k] != 0) << (k % 64);
  }
}

std::size_t packed_inner_product(const PackedRows& a, std::size_t i, const PackedRows& b,
                                 std::size_t j) {
  std::size_t sum = 0;
  const std::uint64_t* x = a.row(i);
  const std::uint64_t* y = b.row(j);
  for (std::size_t w = 0; w < a.words(); ++w)
    sum += static_cast<std::size_t>(std::popcount(x[w] & y[w]));
  return sum;
}

}  // namespace sethkit
