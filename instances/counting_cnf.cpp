// Counting principles (instances/cnf_families.hpp, docs/formats.md): the
// pigeonhole principle PHP(m, n), the parity principle (a perfect matching
// of the complete graph on n vertices) and clique-colouring (n, k, c), in
// CNFgen's variables: p_{i,j} pigeon-major; x_{u,v} for u < v in
// lexicographic order; e_{u,v}, then q_{i,v}, then r_{v,l}.
#include <fmt/format.h>

#include "core/error.hpp"
#include "instances/cnf_families.hpp"

namespace sethkit {

FamilyCnf pigeonhole_cnf(int m, int n, bool functional, bool onto) {
  require(m >= 0 && n >= 0, "php: pigeons and holes must be >= 0");
  Cnf cnf(m * n);
  const auto p = [n](int i, int j) { return i * n + j + 1; };  // pigeon i, hole j (0-based)
  for (int i = 0; i < m; ++i) {                                // every pigeon flies to a hole
    std::vector<int> holes;
    for (int j = 0; j < n; ++j) holes.push_back(p(i, j));
    add_at_least_one(cnf, holes);
  }
  if (onto)  // every hole gets a pigeon
    for (int j = 0; j < n; ++j) {
      std::vector<int> pigeons;
      for (int i = 0; i < m; ++i) pigeons.push_back(p(i, j));
      add_at_least_one(cnf, pigeons);
    }
  for (int j = 0; j < n; ++j) {  // no two pigeons share a hole
    std::vector<int> pigeons;
    for (int i = 0; i < m; ++i) pigeons.push_back(p(i, j));
    add_at_most_one(cnf, pigeons);
  }
  if (functional)  // a pigeon flies to one hole only
    for (int i = 0; i < m; ++i) {
      std::vector<int> holes;
      for (int j = 0; j < n; ++j) holes.push_back(p(i, j));
      add_at_most_one(cnf, holes);
    }
  // Injective: needs m <= n. Onto as well: every hole needs a pigeon, which a
  // pigeon in several holes can give unless there are no pigeons; functional
  // and onto: a bijection, m = n.
  const bool sat = functional && onto ? m == n : m <= n && (!onto || m >= 1 || n == 0);
  const std::string reason =
      sat ? (functional && onto ? fmt::format("a bijection of {} pigeons onto {} holes", m, n)
                                : fmt::format("{} pigeons fit into {} holes, one each", m, n))
          : (m > n ? fmt::format("{} pigeons cannot fly injectively into {} holes", m, n)
                   : fmt::format("{} holes cannot all be covered by {} pigeons{}", n, m,
                                 functional ? " flying to one hole each" : ""));
  return family_result(std::move(cnf), "php",
                       fmt::format("pigeons={} holes={} functional={} onto={}", m, n,
                                   functional ? "yes" : "no", onto ? "yes" : "no"),
                       fmt::format("cnfgen php {} {}{}{}", m, n, functional ? " --functional" : "",
                                   onto ? " --onto" : ""),
                       sat, reason);
}

FamilyCnf parity_cnf(int n) {
  require(n >= 1, "parity: the domain needs at least one element");
  // x_{u,v} for u < v in lexicographic order.
  std::vector<std::vector<int>> x(static_cast<std::size_t>(n), std::vector<int>(n, 0));
  int next = 1;
  for (int u = 0; u < n; ++u)
    for (int v = u + 1; v < n; ++v) x[u][v] = x[v][u] = next++;
  Cnf cnf(next - 1);
  for (int u = 0; u < n; ++u) {  // every element in exactly one pair
    std::vector<int> pairs;
    for (int v = 0; v < n; ++v)
      if (v != u) pairs.push_back(x[u][v]);
    add_at_least_one(cnf, pairs);
    add_at_most_one(cnf, pairs);
  }
  const bool sat = n % 2 == 0;
  return family_result(std::move(cnf), "parity", fmt::format("n={}", n),
                       fmt::format("cnfgen parity {}", n), sat,
                       sat ? fmt::format("{} elements split into pairs", n)
                           : fmt::format("{} is odd: pairs cannot cover it", n));
}

FamilyCnf clique_coloring_cnf(int n, int k, int c) {
  require(n >= 0 && k >= 0 && c >= 0, "clique-coloring: n, k and c must be >= 0");
  int next = 1;
  std::vector<std::vector<int>> e(static_cast<std::size_t>(n), std::vector<int>(n, 0));
  for (int u = 0; u < n; ++u)
    for (int v = u + 1; v < n; ++v) e[u][v] = e[v][u] = next++;
  std::vector<std::vector<int>> q(static_cast<std::size_t>(k), std::vector<int>(n));
  for (auto& row : q)
    for (int& var : row) var = next++;
  std::vector<std::vector<int>> r(static_cast<std::size_t>(n), std::vector<int>(c));
  for (auto& row : r)
    for (int& var : row) var = next++;
  Cnf cnf(next - 1);
  for (int i = 0; i < k; ++i) {  // the i-th clique member is one vertex
    add_at_least_one(cnf, q[i]);
    add_at_most_one(cnf, q[i]);
  }
  for (int v = 0; v < n; ++v) {  // a vertex is at most one member
    std::vector<int> members;
    for (int i = 0; i < k; ++i) members.push_back(q[i][v]);
    add_at_most_one(cnf, members);
  }
  for (int u = 0; u < n; ++u)  // members of the clique are adjacent
    for (int v = u + 1; v < n; ++v)
      for (int i = 0; i < k; ++i)
        for (int j = i + 1; j < k; ++j) {
          cnf.add_clause({e[u][v], -q[i][u], -q[j][v]});
          cnf.add_clause({e[u][v], -q[i][v], -q[j][u]});
        }
  for (int v = 0; v < n; ++v) {  // every vertex has exactly one colour
    add_at_least_one(cnf, r[v]);
    add_at_most_one(cnf, r[v]);
  }
  for (int u = 0; u < n; ++u)  // neighbours have different colours
    for (int v = u + 1; v < n; ++v)
      for (int l = 0; l < c; ++l) cnf.add_clause({-e[u][v], -r[u][l], -r[v][l]});
  // A k-clique needs k colours and k vertices; a k-clique plus isolated
  // vertices is c-colourable when k <= c (and some colour exists if n > 0).
  const bool sat = k <= n && k <= c && (n == 0 || c >= 1);
  const std::string reason =
      sat ? fmt::format("a {}-clique plus {} isolated vertices is {}-colourable", k, n - k, c)
          : (k > n ? fmt::format("no {}-clique among {} vertices", k, n)
                   : (k > c ? fmt::format("a {}-clique needs {} colours, more than {}", k, k, c)
                            : std::string("no colour for a vertex")));
  return family_result(std::move(cnf), "clique-coloring", fmt::format("n={} k={} c={}", n, k, c),
                       fmt::format("cnfgen cliquecoloring {} {} {}", n, k, c), sat, reason);
}

}  // namespace sethkit
