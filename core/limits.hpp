// Size limits checked before anything is allocated (docs/architecture.md, "Conventions").
//
// A header that declares 10^12 variables is refused with an InputError naming
// the limit, before a single byte is reserved for it. Every limit follows the
// memory budget (--max-memory, core/budget.hpp): a count limit is the budget
// divided by the least one item costs, so a larger budget admits larger
// inputs. Every reader takes its limits as a value.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "core/budget.hpp"

namespace sethkit {

// The least one item costs in memory (derived here, not from a paper):
// a variable in CaDiCaL's tables (167 bytes measured at 10^7 variables), a
// clause (its offset, a literal, a solver's clause header), an OV vector (a
// coordinate byte and a bit-packed word).
inline constexpr std::uint64_t kBytesPerVariable = 256;
inline constexpr std::uint64_t kBytesPerClause = 32;
inline constexpr std::uint64_t kBytesPerVector = 9;
// DIMACS literals are 32-bit integers here, as in CaDiCaL.
inline constexpr std::uint64_t kMaxDimacsVariables = 2147483647;

struct Limits {
  std::uint64_t max_bytes = process_budget().max_bytes;        // all of one run's large objects
  std::uint64_t max_vars = variables_within(max_bytes);        // DIMACS variables
  std::uint64_t max_clauses = max_bytes / kBytesPerClause;     // DIMACS clauses
  std::uint64_t max_ov_vectors = max_bytes / kBytesPerVector;  // vectors per OV side
  std::uint64_t max_ov_dimension = max_bytes;                  // OV coordinates

  static std::uint64_t variables_within(std::uint64_t bytes) {
    const std::uint64_t v = bytes / kBytesPerVariable;
    return v < kMaxDimacsVariables ? v : kMaxDimacsVariables;
  }
};

// "for the memory budget of 12 GiB (--max-memory)": where a count limit comes
// from, for the refusal that names it.
inline std::string budget_reason(const Limits& limits) {
  return "for the memory budget of " + format_bytes(limits.max_bytes) + " (--max-memory)";
}

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
