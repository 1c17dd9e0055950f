// Size limits checked before anything is allocated (docs/architecture.md, "Conventions").
//
// A header that declares 10^12 variables is refused with an InputError naming
// the limit, before a single byte is reserved for it. The defaults suit a
// machine with a few GiB of memory; every reader takes its limits as a value.
#pragma once

#include <cstddef>
#include <cstdint>

namespace sethkit {

struct Limits {
  std::uint64_t max_vars = 10'000'000;          // DIMACS variables
  std::uint64_t max_clauses = 100'000'000;      // DIMACS clauses
  std::uint64_t max_ov_vectors = 1ULL << 26;    // vectors per OV side
  std::uint64_t max_ov_dimension = 1ULL << 20;  // OV coordinates
  std::uint64_t max_bytes = 8ULL << 30;         // one in-memory object (matrix, bit set)
};

// a * b, or UINT64_MAX when the product overflows.
inline std::uint64_t saturating_mul(std::uint64_t a, std::uint64_t b) {
  if (a != 0 && b > UINT64_MAX / a) return UINT64_MAX;
  return a * b;
}

}  // namespace sethkit
