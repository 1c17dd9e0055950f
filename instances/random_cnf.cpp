#include "instances/random_cnf.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/error.hpp"
#include "core/rng.hpp"

namespace sethkit {

std::size_t clauses_for_ratio(int vars, double ratio) {
  require(ratio >= 0 && std::isfinite(ratio), "clause ratio must be a non-negative number");
  return static_cast<std::size_t>(std::llround(ratio * vars));
}

GeneratedCnf random_kcnf(const RandomCnfParams& p) {
  require(p.vars >= 1, "random k-CNF: need at least one variable");
  require(p.k >= 1 && p.k <= p.vars,
          fmt::format("random k-CNF: k = {} must lie between 1 and the number of variables {}", p.k,
                      p.vars));
  Rng rng(p.seed);
  GeneratedCnf out;
  out.cnf = Cnf(p.vars);
  out.cnf.reserve(p.clauses, p.clauses * static_cast<std::size_t>(p.k));

  Assignment hidden;
  if (p.planted) {
    hidden.resize(static_cast<std::size_t>(p.vars));
    for (int v = 0; v < p.vars; ++v) hidden[v] = rng.bernoulli(0.5);
  }

  std::vector<int> clause(static_cast<std::size_t>(p.k));
  while (out.cnf.num_clauses() < p.clauses) {
    for (int t = 0; t < p.k; ++t) {
      int var;
      do {
        var = 1 + static_cast<int>(rng.uniform_int(static_cast<std::uint64_t>(p.vars)));
      } while (std::find(clause.begin(), clause.begin() + t, var) != clause.begin() + t);
      clause[t] = var;
    }
    for (int t = 0; t < p.k; ++t)
      if (rng.bernoulli(0.5)) clause[t] = -clause[t];
    if (p.planted) {
      bool satisfied = false;
      for (int lit : clause) satisfied = satisfied || hidden[std::abs(lit) - 1] == (lit > 0);
      if (!satisfied) continue;
    }
    out.cnf.add_clause(clause);
  }
  if (p.planted) out.planted = hidden;

  out.provenance.family = p.planted ? "planted-kcnf" : "random-kcnf";
  out.provenance.params =
      fmt::format("k={} n={} m={} planted={}", p.k, p.vars, p.clauses, p.planted ? "yes" : "no");
  out.provenance.seed = p.seed;
  if (p.planted) {
    out.provenance.extra.push_back("answer: sat");
    out.provenance.extra.push_back("answer-source: planted");
    std::string lits;
    for (int lit : to_literals(hidden)) lits += fmt::format(" {}", lit);
    out.provenance.extra.push_back("planted-assignment:" + lits);
  }
  return out;
}

}  // namespace sethkit
