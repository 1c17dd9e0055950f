// Every OV instance below a tiny size, for exhaustive tests of the reductions
// whose source is Orthogonal Vectors (docs/architecture.md, "Tests": exhaustive on tiny
// instances, random beyond).
#pragma once

#include <cstddef>
#include <functional>

#include "core/ov.hpp"

namespace sethkit {

// Calls `visit` on every instance with 1 <= nA, nB <= max_n and 1 <= d <= max_d:
// each bit pattern of the vectors once, A's bits first, row by row.
void for_each_ov_instance(std::size_t max_n, std::size_t max_d,
                          const std::function<void(const OvInstance&)>& visit);

}  // namespace sethkit
