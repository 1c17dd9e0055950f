// Tseitin formulas on random regular graphs (instances/cnf_families.hpp,
// docs/formats.md; Tseitin 1968, Urquhart 1987: exponentially hard for
// resolution on expanders). One variable per edge; each vertex asks the
// XOR of its edges to equal its charge, written as the 2^(d-1) clauses that
// forbid each assignment of the wrong parity. Summing the constraints of a
// connected component counts each edge twice, so the component is
// satisfiable iff its charges sum to an even number; the formula is
// satisfiable iff every component is. The graph is a uniform random
// d-regular simple graph by the pairing model with restarts (as CNFgen's
// `tseitin gnd n d`, which draws through NetworkX); connectivity is
// computed, not assumed.
#include <fmt/format.h>

#include <algorithm>
#include <numeric>
#include <utility>

#include "core/error.hpp"
#include "core/rng.hpp"
#include "instances/cnf_families.hpp"

namespace sethkit {

namespace {
using Edge = std::pair<int, int>;

// Pairs the n d half-edges at random; restarts on a loop or a repeated edge.
std::vector<Edge> random_regular_graph(int n, int d, Rng& rng) {
  for (int attempt = 0; attempt < 100000; ++attempt) {
    std::vector<int> stubs;
    for (int v = 0; v < n; ++v)
      for (int t = 0; t < d; ++t) stubs.push_back(v);
    for (std::size_t i = stubs.size(); i > 1; --i)
      std::swap(stubs[i - 1], stubs[rng.uniform_int(i)]);
    std::vector<Edge> edges;
    bool simple = true;
    for (std::size_t i = 0; i + 1 < stubs.size() && simple; i += 2) {
      const Edge e{std::min(stubs[i], stubs[i + 1]), std::max(stubs[i], stubs[i + 1])};
      simple = e.first != e.second && std::find(edges.begin(), edges.end(), e) == edges.end();
      edges.push_back(e);
    }
    if (simple) {
      std::sort(edges.begin(), edges.end());
      return edges;
    }
  }
  throw ContractError(fmt::format(
      "tseitin: no simple {}-regular graph on {} vertices drawn in 100000 tries", d, n));
}

// Component label of each vertex (union-find).
std::vector<int> components(int n, const std::vector<Edge>& edges) {
  std::vector<int> parent(static_cast<std::size_t>(n));
  std::iota(parent.begin(), parent.end(), 0);
  const auto find = [&](int v) {
    while (parent[v] != v) v = parent[v] = parent[parent[v]];
    return v;
  };
  for (const auto& [u, v] : edges) parent[find(u)] = find(v);
  std::vector<int> label(static_cast<std::size_t>(n));
  for (int v = 0; v < n; ++v) label[v] = find(v);
  return label;
}
}  // namespace

FamilyCnf tseitin_cnf(int n, int d, const std::string& charge, std::uint64_t seed) {
  require(n >= 2 && d >= 1 && d < n && d <= 16,
          fmt::format("tseitin: need 1 <= d < n and d <= 16, found n = {}, d = {}", n, d));
  require(static_cast<long long>(n) * d % 2 == 0,
          fmt::format("tseitin: a {}-regular graph on {} vertices needs n d even", d, n));
  require(
      charge == "first" || charge == "random" || charge == "randomodd" || charge == "randomeven",
      fmt::format("tseitin: charge '{}'; expected first, random, randomodd or randomeven", charge));
  Rng rng(seed);
  const std::vector<Edge> edges = random_regular_graph(n, d, rng);
  // Charges: odd on vertex 1, or random (with the total's parity fixed for
  // randomodd and randomeven).
  std::vector<int> charges(static_cast<std::size_t>(n), 0);
  if (charge == "first") {
    charges[0] = 1;
  } else {
    for (int& c : charges) c = rng.bernoulli(0.5) ? 1 : 0;
    const int total = std::accumulate(charges.begin(), charges.end(), 0);
    if (charge != "random" && total % 2 != (charge == "randomodd" ? 1 : 0)) charges[0] ^= 1;
  }
  std::vector<std::vector<int>> incident(static_cast<std::size_t>(n));
  for (std::size_t e = 0; e < edges.size(); ++e) {
    incident[edges[e].first].push_back(static_cast<int>(e) + 1);
    incident[edges[e].second].push_back(static_cast<int>(e) + 1);
  }
  Cnf cnf(static_cast<int>(edges.size()));
  for (int v = 0; v < n; ++v) {
    const auto& vars = incident[v];
    const std::size_t k = vars.size();
    // Forbid every assignment whose parity differs from the charge: the clause
    // that assignment falsifies has literal -x for x true, x for x false.
    for (std::uint32_t bits = 0; bits < (1U << k); ++bits) {
      if (static_cast<int>(__builtin_popcount(bits) % 2) == charges[v]) continue;
      std::vector<int> clause(k);
      for (std::size_t t = 0; t < k; ++t) clause[t] = (bits >> t & 1U) ? -vars[t] : vars[t];
      cnf.add_clause(clause);
    }
  }
  const std::vector<int> label = components(n, edges);
  std::vector<int> sum(static_cast<std::size_t>(n), 0), odd;
  for (int v = 0; v < n; ++v) sum[label[v]] += charges[v];
  int count = 0;
  for (int v = 0; v < n; ++v)
    if (label[v] == v) {
      ++count;
      if (sum[v] % 2 == 1) odd.push_back(v);
    }
  const bool sat = odd.empty();
  const std::string reason = fmt::format(
      "{} component(s), {} with an odd charge sum; an odd component is unsatisfiable "
      "(each edge is counted twice)",
      count, odd.size());
  FamilyCnf result = family_result(
      std::move(cnf), "tseitin",
      fmt::format("n={} d={} charge={} edges={}", n, d, charge, edges.size()),
      fmt::format("cnfgen tseitin gnd {} {} --charge {} (another random graph)", n, d, charge), sat,
      reason);
  result.generated.provenance.seed = seed;
  std::string charged;
  for (int v = 0; v < n; ++v)
    if (charges[v]) charged += fmt::format(" {}", v + 1);
  result.generated.provenance.extra.push_back("odd-charge-vertices:" + charged);
  return result;
}

}  // namespace sethkit
