// The ordering principle OP(n) (instances/cnf_families.hpp, docs/formats.md):
// a strict partial order on n elements without a minimum element, which is
// impossible, so the formula is unsatisfiable for every n >= 1. CNFgen's
// `op n`: variables x_{u,v} ("u < v") for ordered pairs u != v in
// lexicographic order; for every v some u < v (non-minimality); transitivity
// for every ordered triple; antisymmetry for every pair; with --total also
// totality (u < v or v < u).
#include <fmt/format.h>

#include "core/error.hpp"
#include "instances/cnf_families.hpp"

namespace sethkit {

FamilyCnf ordering_cnf(int n, bool total) {
  require(n >= 1, "ordering: the domain needs at least one element");
  std::vector<std::vector<int>> x(static_cast<std::size_t>(n), std::vector<int>(n, 0));
  int next = 1;
  for (int u = 0; u < n; ++u)
    for (int v = 0; v < n; ++v)
      if (u != v) x[u][v] = next++;
  Cnf cnf(next - 1);
  for (int v = 0; v < n; ++v) {  // v is not the minimum: some u < v
    std::vector<int> smaller;
    for (int u = 0; u < n; ++u)
      if (u != v) smaller.push_back(x[u][v]);
    cnf.add_clause(smaller);
  }
  for (int a = 0; a < n; ++a)  // a < b and b < c imply a < c
    for (int b = 0; b < n; ++b)
      for (int c = 0; c < n; ++c)
        if (a != b && b != c && a != c) cnf.add_clause({-x[a][b], -x[b][c], x[a][c]});
  for (int a = 0; a < n; ++a)  // not both a < b and b < a
    for (int b = a + 1; b < n; ++b) cnf.add_clause({-x[a][b], -x[b][a]});
  if (total)
    for (int a = 0; a < n; ++a)
      for (int b = a + 1; b < n; ++b) cnf.add_clause({x[a][b], x[b][a]});
  return family_result(std::move(cnf), "ordering",
                       fmt::format("n={} total={}", n, total ? "yes" : "no"),
                       fmt::format("cnfgen op {}{}", n, total ? " --total" : ""), false,
                       fmt::format("a finite strict order on {} element(s) has a minimum", n));
}

}  // namespace sethkit
