// Independent checkers: the ground truth every decoded witness goes through.
//
// Deliberately small and obviously right; they share no code with the
// reductions, solvers or decoders whose answers they check.
#pragma once

#include <cstddef>
#include <optional>

#include "core/cnf.hpp"
#include "core/ov.hpp"

namespace sethkit {

// The index of the first clause that `assignment` leaves unsatisfied, or
// nothing if it satisfies every clause. The assignment must cover every variable.
std::optional<std::size_t> first_falsified_clause(const Cnf& cnf, const Assignment& assignment);

// True iff `assignment` (one value per variable 1..num_vars) satisfies `cnf`.
bool satisfies(const Cnf& cnf, const Assignment& assignment);

// True iff i < n_a, j < n_b and <a_i, b_j> = 0.
bool is_orthogonal_pair(const OvInstance& ov, std::size_t i, std::size_t j);

}  // namespace sethkit
