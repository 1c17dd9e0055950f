#include "core/cnf.hpp"

#include <cstdlib>

#include "core/error.hpp"

namespace sethkit {

void Cnf::add_clause(std::span<const int> literals) {
  for (int lit : literals) {
    require(lit != 0, "Cnf::add_clause: literal 0 is the clause terminator, not a literal");
    require(lit != INT32_MIN, "Cnf::add_clause: literal out of range");
    const int var = std::abs(lit);
    if (var > num_vars_) num_vars_ = var;
  }
  lits_.insert(lits_.end(), literals.begin(), literals.end());
  offsets_.push_back(lits_.size());
}

void Cnf::set_num_vars(int n) {
  require(n >= 0, "Cnf::set_num_vars: negative variable count");
  if (n > num_vars_) num_vars_ = n;
}

void Cnf::reserve(std::size_t clauses, std::size_t literals) {
  offsets_.reserve(clauses + 1);
  lits_.reserve(literals);
}

std::vector<int> to_literals(const Assignment& assignment) {
  std::vector<int> lits;
  lits.reserve(assignment.size());
  for (std::size_t v = 0; v < assignment.size(); ++v) {
    const int var = static_cast<int>(v + 1);
    lits.push_back(assignment[v] ? var : -var);
  }
  return lits;
}

}  // namespace sethkit
