// Brute-force SAT: tries all 2^n assignments. Ground truth for small formulas
// (n <= kMaxBruteForceVars), independent of CaDiCaL. Each clause becomes two
// bit masks (variables occurring positively, negatively); assignment x satisfies
// the clause iff (x & pos) | (~x & neg) != 0. Cost O(2^n * m).
#pragma once

#include "solvers/sat_result.hpp"

namespace sethkit {

inline constexpr int kMaxBruteForceVars = 40;

// Throws ContractError when the formula has more than kMaxBruteForceVars variables.
// Returns the satisfying assignment with the smallest index x (variable v = bit v-1).
SatResult solve_brute_force(const Cnf& cnf, const SatOptions& options = {});

}  // namespace sethkit
