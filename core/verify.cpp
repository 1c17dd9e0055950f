#include "core/verify.hpp"

#include <cstdlib>

namespace sethkit {

std::optional<std::size_t> first_falsified_clause(const Cnf& cnf, const Assignment& assignment) {
  for (std::size_t c = 0; c < cnf.num_clauses(); ++c) {
    bool satisfied = false;
    for (int lit : cnf.clause(c)) {
      const std::size_t var = static_cast<std::size_t>(std::abs(lit));
      if (var > assignment.size()) continue;  // an unassigned variable satisfies nothing
      if (assignment[var - 1] == (lit > 0)) satisfied = true;
    }
    if (!satisfied) return c;
  }
  return std::nullopt;
}

bool satisfies(const Cnf& cnf, const Assignment& assignment) {
  return assignment.size() >= static_cast<std::size_t>(cnf.num_vars()) &&
         !first_falsified_clause(cnf, assignment).has_value();
}

bool is_orthogonal_pair(const OvInstance& ov, std::size_t i, std::size_t j) {
  if (i >= ov.n_a() || j >= ov.n_b()) return false;
  for (std::size_t k = 0; k < ov.d(); ++k)
    if (ov.a(i)[k] != 0 && ov.b(j)[k] != 0) return false;
  return true;
}

}  // namespace sethkit
