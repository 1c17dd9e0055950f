// Size limits checked before anything is allocated (docs/architecture.md, "Conventions").
//
// A header that declares 10^12 variables is refused with an InputError naming
// the limit, before a single byte is reserved for it. The defaults suit a
// machine with a few GiB of memory; every reader takes its limits as a value.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/budget.hpp"

namespace sethkit {

struct Limits {
  std::uint64_t max_vars = 10'000'000;                   // DIMACS variables
  std::uint64_t max_clauses = 100'000'000;               // DIMACS clauses
  std::uint64_t max_ov_vectors = 1ULL << 26;             // vectors per OV side
  std::uint64_t max_ov_dimension = 1ULL << 20;           // OV coordinates
  std::uint64_t max_bytes = process_budget().max_bytes;  // all of one run's large objects
};

// a * b, or UINT64_MAX when the product overflows.
inline std::uint64_t saturating_mul(std::uint64_t a, std::uint64_t b) {
  if (a != 0 && b > UINT64_MAX / a) return UINT64_MAX;
  return a * b;
}

// a + b, or UINT64_MAX when the sum overflows.
inline std::uint64_t saturating_add(std::uint64_t a, std::uint64_t b) {
  return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

// How many of `declared` items are worth reserving room for when each takes at
// least `min_input_bytes_each` bytes of an input of which `input_bytes` remain:
// a header cannot make a reader reserve more than its file could fill.
inline std::uint64_t reserve_bound(std::uint64_t declared, std::uint64_t input_bytes,
                                   std::uint64_t min_input_bytes_each) {
  const std::uint64_t fit =
      min_input_bytes_each == 0 ? declared : input_bytes / min_input_bytes_each;
  return declared < fit ? declared : fit;
}

}  // namespace sethkit
