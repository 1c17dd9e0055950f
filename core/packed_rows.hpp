// 0/1 vectors packed into 64-bit words: coordinate k of a row sits at bit
// k % 64 of word k / 64. Inner products are popcounts of word-wise ANDs; a pair
// is orthogonal iff every AND word is zero. Used by the bit-packed OV solver
// and by the generators that must keep or break orthogonality quickly.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/ov.hpp"

namespace sethkit {

// Rows of 0/1 vectors packed into 64-bit words, coordinate k at bit k % 64 of word k / 64.
class PackedRows {
 public:
  PackedRows(const OvInstance& ov, bool side_a);
  std::size_t rows() const { return rows_; }
  std::size_t words() const { return words_; }
  const std::uint64_t* row(std::size_t i) const { return data_.data() + i * words_; }
  void set(std::size_t i, std::size_t k) { data_[i * words_ + k / 64] |= 1ULL << (k % 64); }

 private:
  std::size_t rows_, words_;
  std::vector<std::uint64_t> data_;
};

// <a_i, b_j> by popcount.
std::size_t packed_inner_product(const PackedRows& a, std::size_t i, const PackedRows& b,
                                 std::size_t j);

// True iff rows i of `a` and j of `b` share no 1 coordinate.
inline bool packed_orthogonal(const PackedRows& a, std::size_t i, const PackedRows& b,
                              std::size_t j) {
  const std::uint64_t* x = a.row(i);
  const std::uint64_t* y = b.row(j);
  std::uint64_t any = 0;
  for (std::size_t w = 0; w < a.words(); ++w) any |= x[w] & y[w];
  return any == 0;
}

}  // namespace sethkit
