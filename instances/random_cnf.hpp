// Random k-CNF generators.
//
// Uniform random k-CNF: each clause draws k distinct variables uniformly and
// independent random signs. Near the threshold ratio m/n = 4.27 (k = 3) about
// half of the formulas are satisfiable, the classic hard region for SAT solvers.
// Planted k-CNF: draw a hidden assignment first, then keep only clauses it
// satisfies (rejection), so the formula is satisfiable by construction.
#pragma once

#include <cstdint>
#include <optional>

#include "core/cnf.hpp"
#include "core/provenance.hpp"

namespace sethkit {

struct RandomCnfParams {
  int vars = 20;             // n
  std::size_t clauses = 85;  // m
  int k = 3;                 // literals per clause, 1 <= k <= vars
  bool planted = false;
  std::uint64_t seed = 1;
};

struct GeneratedCnf {
  Cnf cnf;
  std::optional<Assignment> planted;  // the hidden satisfying assignment, if planted
  Provenance provenance;              // family, params and seed
};

// Throws ContractError on k < 1, k > vars or vars < 1.
GeneratedCnf random_kcnf(const RandomCnfParams& params);

// The clause count round(ratio * vars).
std::size_t clauses_for_ratio(int vars, double ratio);

}  // namespace sethkit
