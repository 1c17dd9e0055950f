// The inner loop of the bit-packed OV solver (solvers/ov_solver.hpp),
// vectorised across pairs: B is copied word-major (word w of every row
// contiguous), so one vector load brings word w of 8 rows of B (AVX-512; 4
// with AVX2, 2 with SSE2: the compiler vectorises the plain loops for the
// target's widest registers), and kBlockRows rows of A are tested against it
// before the next load. A block of A reports only whether some pair in it is
// orthogonal; the solver then finds the first such pair row by row. Cost
// O(n_a n_b w / (vector width)) with w = ceil(d / 64).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/packed_rows.hpp"

namespace sethkit {

inline constexpr std::size_t kBlockRows = 8;

// The rows of a PackedRows stored word-major: word w of row j at words[w * rows + j].
class WordMajorRows {
 public:
  explicit WordMajorRows(const PackedRows& rows);
  std::size_t rows() const { return rows_; }
  std::size_t words() const { return words_; }
  const std::uint64_t* word(std::size_t w) const { return data_.data() + w * rows_; }

 private:
  std::size_t rows_, words_;
  std::vector<std::uint64_t> data_;
};

// True iff one of the kBlockRows rows of `a` starting at row i0 (rows past the
// end repeat the last row) is orthogonal to some row of b. b.words() == a.words().
bool block_has_orthogonal_pair(const PackedRows& a, std::size_t i0, const WordMajorRows& b);

}  // namespace sethkit
