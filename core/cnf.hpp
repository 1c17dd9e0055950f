// CNF formulas: the source problem of every SETH chain.
//
// Literals are DIMACS signed integers (variable v >= 1 is v, its negation -v).
// Clauses are stored flat (all literals in one array, clause boundaries in an
// offset array), so a formula with millions of clauses costs two allocations.
// Duplicate literals and tautologies are kept as given; the empty clause is a
// legal clause that makes the formula unsatisfiable.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace sethkit {

class Cnf {
 public:
  Cnf() = default;
  explicit Cnf(int num_vars) : num_vars_(num_vars) {}

  int num_vars() const { return num_vars_; }
  std::size_t num_clauses() const { return offsets_.size() - 1; }
  std::size_t num_literals() const { return lits_.size(); }

  std::span<const int> clause(std::size_t c) const {
    return {lits_.data() + offsets_[c], offsets_[c + 1] - offsets_[c]};
  }

  // Appends a clause. Throws ContractError on literal 0; raises num_vars to
  // cover every variable used.
  void add_clause(std::span<const int> literals);
  void add_clause(std::initializer_list<int> literals) {
    add_clause(std::span<const int>(literals.begin(), literals.size()));
  }
  // Declares at least `n` variables (variables need not occur in a clause).
  void set_num_vars(int n);
  void reserve(std::size_t clauses, std::size_t literals);
  // Room held for literals (a reader's reservation, which its text bounds).
  std::size_t literal_capacity() const { return lits_.capacity(); }

  bool operator==(const Cnf& other) const = default;

 private:
  int num_vars_ = 0;
  std::vector<int> lits_;
  std::vector<std::size_t> offsets_{0};
};

// An assignment of variables 1..n: value[v - 1] is the truth value of v.
using Assignment = std::vector<bool>;

// The DIMACS literals of an assignment: v if true, -v if false.
std::vector<int> to_literals(const Assignment& assignment);

}  // namespace sethkit
