#include "solvers/ov_block_scan.hpp"

#include <algorithm>
#include <array>

namespace sethkit {

WordMajorRows::WordMajorRows(const PackedRows& rows)
    : rows_(rows.rows()), words_(rows.words()), data_(rows.rows() * rows.words()) {
  for (std::size_t j = 0; j < rows_; ++j)
    for (std::size_t w = 0; w < words_; ++w) data_[w * rows_ + j] = rows.row(j)[w];
}

namespace {
// Rows j0 .. j1 of b against the block x (kWords words each): any pair with a
// zero AND? The least AND over the pairs is 0 iff one is: an unsigned-min
// reduction over j, branch-free, which the compiler vectorises across rows of b.
template <std::size_t kWords>
bool any_orthogonal(const std::array<std::array<std::uint64_t, kWords>, kBlockRows>& x,
                    const WordMajorRows& b, std::size_t j0, std::size_t j1) {
  std::array<const std::uint64_t*, kWords> column{};
  for (std::size_t w = 0; w < kWords; ++w) column[w] = b.word(w);
  std::array<std::uint64_t, kBlockRows> least;  // one per row of the block: independent chains
  least.fill(~std::uint64_t{0});
  for (std::size_t j = j0; j < j1; ++j)
    for (std::size_t r = 0; r < kBlockRows; ++r) {
      std::uint64_t any = 0;
      for (std::size_t w = 0; w < kWords; ++w) any |= x[r][w] & column[w][j];
      least[r] = std::min(least[r], any);
    }
  return *std::min_element(least.begin(), least.end()) == 0;
}

template <std::size_t kWords>
bool block_fixed(const PackedRows& a, std::size_t i0, const WordMajorRows& b) {
  std::array<std::array<std::uint64_t, kWords>, kBlockRows> x{};
  for (std::size_t r = 0; r < kBlockRows; ++r) {
    const std::uint64_t* row = a.row(std::min(i0 + r, a.rows() - 1));
    std::copy(row, row + kWords, x[r].begin());
  }
  // Chunks of rows of b, so a hit ends the scan early without a branch per pair.
  constexpr std::size_t kChunk = 1024;
  for (std::size_t j0 = 0; j0 < b.rows(); j0 += kChunk)
    if (any_orthogonal<kWords>(x, b, j0, std::min(b.rows(), j0 + kChunk))) return true;
  return false;
}

bool block_any_width(const PackedRows& a, std::size_t i0, const WordMajorRows& b) {
  for (std::size_t r = 0; r < kBlockRows && i0 + r < a.rows(); ++r) {
    const std::uint64_t* x = a.row(i0 + r);
    for (std::size_t j = 0; j < b.rows(); ++j) {
      std::uint64_t any = 0;
      for (std::size_t w = 0; w < b.words(); ++w) any |= x[w] & b.word(w)[j];
      if (any == 0) return true;
    }
  }
  return false;
}
}  // namespace

bool block_has_orthogonal_pair(const PackedRows& a, std::size_t i0, const WordMajorRows& b) {
  switch (a.words()) {
    case 1:
      return block_fixed<1>(a, i0, b);
    case 2:
      return block_fixed<2>(a, i0, b);
    case 3:
      return block_fixed<3>(a, i0, b);
    case 4:
      return block_fixed<4>(a, i0, b);
    default:
      return block_any_width(a, i0, b);
  }
}

}  // namespace sethkit
