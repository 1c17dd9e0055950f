// The limits every fuzz target reads with: small enough that an allocation the
// limits allow stays far below libFuzzer's -malloc_limit_mb (scripts/fuzz.sh).
#pragma once

#include "core/limits.hpp"

namespace sethkit::fuzz {

inline Limits limits() {
  Limits l;
  l.max_vars = 1 << 20;
  l.max_clauses = 1 << 20;
  l.max_ov_vectors = 1 << 16;
  l.max_ov_dimension = 1 << 12;
  l.max_bytes = 64ull << 20;
  return l;
}

}  // namespace sethkit::fuzz
