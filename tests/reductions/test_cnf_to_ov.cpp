// Split-and-list CNF -> OV (C1): exhaustive over every formula with up to 3
// variables and 2 clauses (empty clauses and tautologies included), random
// 3-CNF against CaDiCaL (SAT and UNSAT), witness decoding, size checks.
#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "core/verify.hpp"
#include "instances/random_cnf.hpp"
#include "reductions/cnf_to_ov.hpp"
#include "solvers/brute_force_sat.hpp"
#include "solvers/cadical_solver.hpp"
#include "solvers/ov_solver.hpp"
#include "test_seed.hpp"

using namespace sethkit;

namespace {
// The clause whose literals are the set bits of `mask` over {1, -1, 2, -2, ...}.
std::vector<int> clause_from_mask(int vars, unsigned mask) {
  std::vector<int> c;
  for (int v = 1; v <= vars; ++v) {
    if (mask & (1u << (2 * (v - 1)))) c.push_back(v);
    if (mask & (1u << (2 * (v - 1) + 1))) c.push_back(-v);
  }
  return c;
}
}  // namespace

TEST_CASE("C1 exhaustive: pair (i, j) orthogonal iff its assignment satisfies",
          "[c1][exhaustive]") {
  const CnfToOv c1;
  std::size_t formulas = 0, sat = 0;
  for (int vars = 1; vars <= 3; ++vars) {
    const unsigned masks = 1u << (2 * vars);
    for (int clauses = 1; clauses <= 2; ++clauses) {
      const unsigned total = clauses == 1 ? masks : masks * masks;
      for (unsigned code = 0; code < total; ++code) {
        Cnf cnf(vars);
        cnf.add_clause(clause_from_mask(vars, code % masks));
        if (clauses == 2) cnf.add_clause(clause_from_mask(vars, code / masks));
        const SplitOv t = c1.encode(cnf);
        REQUIRE(t.ov.n_a() * t.ov.n_b() == (1u << vars));
        for (std::size_t i = 0; i < t.ov.n_a(); ++i)
          for (std::size_t j = 0; j < t.ov.n_b(); ++j) {
            const bool orthogonal = is_orthogonal_pair(t.ov, i, j);
            if (orthogonal != satisfies(cnf, c1.decode(cnf, t, {i, j}))) {
              FAIL("vars " << vars << " code " << code << " pair " << i << "," << j);
            }
          }
        const bool is_sat = solve_brute_force(cnf).status == SatStatus::kSat;
        CHECK(solve_ov_naive(t.ov).found == is_sat);
        ++formulas;
        sat += is_sat;
      }
    }
  }
  CHECK(formulas == 4 + 16 + 64 + 16 + 256 + 4096);
  CHECK(sat > 0);
  CHECK(sat < formulas);
}

TEST_CASE("C1 random 3-CNF: OV answer equals CaDiCaL and witnesses satisfy", "[c1]") {
  const auto seed = test::test_seed("C1 random 3-CNF");
  const CnfToOv c1;
  int sat = 0, unsat = 0;
  for (std::uint64_t s = seed; s < seed + 40; ++s) {
    const int n = 5 + static_cast<int>(s % 12);
    const bool planted = s % 4 == 0;
    const auto g =
        random_kcnf({n, clauses_for_ratio(n, planted ? 4.0 : 3.5 + (s % 3)), 3, planted, s});
    INFO("seed " << s << " n " << n);
    const SplitOv t = c1.encode(g.cnf);
    const auto cert = c1.certificate(g.cnf);
    CHECK(t.ov.n_a() == cert.n_a);
    CHECK(t.ov.n_b() == cert.n_b);
    CHECK(t.ov.d() == g.cnf.num_clauses());
    CHECK(t.vars_a.size() == static_cast<std::size_t>((n + 1) / 2));
    const auto truth = solve_cadical(g.cnf);
    const auto ov = solve_ov_bitpacked(t.ov);
    CHECK(ov.found == (truth.status == SatStatus::kSat));
    if (ov.found) {
      ++sat;
      CHECK(satisfies(g.cnf, c1.decode(g.cnf, t, {ov.i, ov.j})));
    } else {
      ++unsat;
    }
  }
  CHECK(sat >= 5);
  CHECK(unsat >= 5);
}

TEST_CASE("C1: index order is lsb-first over each side's variables", "[c1]") {
  Cnf cnf(4);
  cnf.add_clause({1, -2, 3, 4});
  const CnfToOv c1;
  const SplitOv t = c1.encode(cnf);
  CHECK(t.vars_a == std::vector<int>{1, 2});
  CHECK(t.vars_b == std::vector<int>{3, 4});
  // Index 2 on side A = (x1 false, x2 true): literal 1 false, -2 false -> clause not satisfied by
  // A.
  CHECK(t.ov.a(2)[0] == 1);
  CHECK(t.ov.a(1)[0] == 0);  // x1 true
  CHECK(t.ov.a(0)[0] == 0);  // x2 false satisfies -2
  CHECK(c1.decode(cnf, t, {2, 3}) == Assignment{false, true, true, true});
}

TEST_CASE("C1: formulas without clauses, and sizes beyond the limits", "[c1]") {
  const CnfToOv c1;
  Cnf empty(3);
  const SplitOv t = c1.encode(empty);
  CHECK(t.ov.d() == 1);
  CHECK(solve_ov_naive(t.ov).found);

  Cnf wide(2 * kMaxSplitSideVars + 2);
  wide.add_clause({1});
  CHECK_THROWS_WITH(c1.certificate(wide), Catch::Contains("split-and-list enumerates at most"));
  Cnf big(60);
  for (int v = 1; v <= 60; ++v) big.add_clause({v});
  // Under a 1 GiB budget 2^30 vectors a side pass the count limit (2^30 / 9)
  // first; with that limit lifted, the bytes are refused.
  CnfToOv::Params small;
  small.limits.max_bytes = 1ull << 30;
  small.limits.max_ov_vectors = small.limits.max_bytes / kBytesPerVector;
  CHECK_THROWS_WITH(CnfToOv(small).encode(big),
                    Catch::Contains("2^30 vectors in A") &&
                        Catch::Contains("above the limit of 119304647 vectors a side for the "
                                        "memory budget of 1 GiB (--max-memory)"));
  small.limits.max_ov_vectors = 1ull << 40;
  CHECK_THROWS_WITH(CnfToOv(small).encode(big),
                    Catch::Contains("2^30 + 2^30 vectors of dimension 60: 60 GiB + 60 GiB, above "
                                    "the memory budget of 1 GiB"));
}
