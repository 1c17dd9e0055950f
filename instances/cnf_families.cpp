#include "instances/cnf_families.hpp"

#include <fmt/format.h>

#include <cmath>

#include "core/error.hpp"

namespace sethkit {

const std::vector<std::string>& cnf_family_names() {
  static const std::vector<std::string> names{"php", "parity", "ordering", "clique-coloring",
                                              "tseitin"};
  return names;
}

namespace {
double pairs(double n) {
  return n * (n - 1) / 2;
}
}  // namespace

CnfFamilySize cnf_family_size(const CnfFamilyParams& p) {
  const double m = p.pigeons, h = p.holes, n = p.n, k = p.clique, c = p.colours, d = p.degree;
  if (p.family == "php") {
    CnfFamilySize s{m * h, m + h * pairs(m), m * h + 2 * h * pairs(m)};
    if (p.functional) s.clauses += m * pairs(h), s.literals += 2 * m * pairs(h);
    if (p.onto) s.clauses += h, s.literals += m * h;
    return s;
  }
  if (p.family == "parity")
    return {pairs(n), n * (1 + pairs(n - 1)), n * ((n - 1) + 2 * pairs(n - 1))};
  if (p.family == "ordering") {
    CnfFamilySize s{n * (n - 1), n + n * (n - 1) * (n - 2) + pairs(n),
                    n * (n - 1) + 3 * n * (n - 1) * (n - 2) + 2 * pairs(n)};
    if (p.total) s.clauses += pairs(n), s.literals += 2 * pairs(n);
    return s;
  }
  if (p.family == "clique-coloring") {
    const double clauses =
        k + k * pairs(n) + n * pairs(k) + 2 * pairs(n) * pairs(k) + n + n * pairs(c) + pairs(n) * c;
    const double literals = k * n + 2 * k * pairs(n) + 2 * n * pairs(k) + 6 * pairs(n) * pairs(k) +
                            n * c + 2 * n * pairs(c) + 3 * pairs(n) * c;
    return {pairs(n) + k * n + n * c, clauses, literals};
  }
  if (p.family == "tseitin")
    return {n * d / 2, n * std::pow(2.0, d - 1), n * d * std::pow(2.0, d - 1)};
  throw ContractError(fmt::format("unknown CNF family '{}'", p.family));
}

FamilyCnf generate_cnf_family(const CnfFamilyParams& p) {
  if (p.family == "php") return pigeonhole_cnf(p.pigeons, p.holes, p.functional, p.onto);
  if (p.family == "parity") return parity_cnf(p.n);
  if (p.family == "ordering") return ordering_cnf(p.n, p.total);
  if (p.family == "clique-coloring") return clique_coloring_cnf(p.n, p.clique, p.colours);
  if (p.family == "tseitin") return tseitin_cnf(p.n, p.degree, p.charge, p.seed);
  throw ContractError(fmt::format("unknown CNF family '{}'", p.family));
}

void add_at_least_one(Cnf& cnf, const std::vector<int>& vars) {
  cnf.add_clause(vars);
}

void add_at_most_one(Cnf& cnf, const std::vector<int>& vars) {
  for (std::size_t a = 0; a < vars.size(); ++a)
    for (std::size_t b = a + 1; b < vars.size(); ++b) cnf.add_clause({-vars[a], -vars[b]});
}

FamilyCnf family_result(Cnf cnf, const std::string& family, const std::string& params,
                        const std::string& cnfgen_command, bool satisfiable,
                        const std::string& reason) {
  FamilyCnf result;
  result.satisfiable = satisfiable;
  result.reason = reason;
  GeneratedCnf& g = result.generated;
  g.cnf = std::move(cnf);
  g.provenance.family = family;
  g.provenance.params = params;
  g.provenance.extra.push_back("cnfgen-equivalent: " + cnfgen_command);
  g.provenance.extra.push_back(std::string("answer: ") + (satisfiable ? "sat" : "unsat"));
  g.provenance.extra.push_back("answer-source: theorem: " + reason);
  return result;
}

}  // namespace sethkit
