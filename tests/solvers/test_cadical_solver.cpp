// SAT ground truth: CaDiCaL and brute force agree on random formulas, SAT and
// UNSAT both; models pass the checker; a time limit gives UNKNOWN.
#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "core/verify.hpp"
#include "instances/random_cnf.hpp"
#include "solvers/brute_force_sat.hpp"
#include "solvers/cadical_solver.hpp"
#include "test_seed.hpp"

using namespace sethkit;

TEST_CASE("CaDiCaL and brute force agree on random 3-CNF, SAT and UNSAT", "[sat]") {
  const auto seed = test::test_seed("CaDiCaL vs brute force");
  int sat = 0, unsat = 0;
  for (std::uint64_t s = seed; s < seed + 60; ++s) {
    const int n = 6 + static_cast<int>(s % 9);
    const GeneratedCnf g = random_kcnf({n, clauses_for_ratio(n, 3.0 + (s % 5) * 0.6), 3, false, s});
    INFO("seed " << s << ", n = " << n);
    const SatResult a = solve_cadical(g.cnf);
    const SatResult b = solve_brute_force(g.cnf);
    REQUIRE(a.status != SatStatus::kUnknown);
    CHECK(a.status == b.status);
    if (a.status == SatStatus::kSat) {
      ++sat;
      CHECK(satisfies(g.cnf, a.model));
      CHECK(satisfies(g.cnf, b.model));
    } else {
      ++unsat;
    }
  }
  CHECK(sat > 5);
  CHECK(unsat > 5);
}

TEST_CASE("SAT solvers: edge cases", "[sat]") {
  Cnf empty_clause(2);
  empty_clause.add_clause({1});
  empty_clause.add_clause(std::span<const int>{});
  CHECK(solve_cadical(empty_clause).status == SatStatus::kUnsat);
  CHECK(solve_brute_force(empty_clause).status == SatStatus::kUnsat);

  Cnf no_clauses(3);
  const auto r = solve_cadical(no_clauses);
  CHECK(r.status == SatStatus::kSat);
  CHECK(r.model.size() == 3);

  Cnf tautology(1);
  tautology.add_clause({1, -1});
  CHECK(solve_brute_force(tautology).status == SatStatus::kSat);

  Cnf too_big(kMaxBruteForceVars + 1);
  CHECK_THROWS_AS(solve_brute_force(too_big), ContractError);
}

TEST_CASE("CaDiCaL: a time limit gives UNKNOWN, not a guess", "[sat]") {
  // Pigeonhole 11 -> 10 is exponentially hard for resolution.
  const int pigeons = 11, holes = 10;
  const auto var = [&](int p, int h) { return p * holes + h + 1; };
  Cnf php(pigeons * holes);
  for (int p = 0; p < pigeons; ++p) {
    std::vector<int> c;
    for (int h = 0; h < holes; ++h) c.push_back(var(p, h));
    php.add_clause(c);
  }
  for (int h = 0; h < holes; ++h)
    for (int p = 0; p < pigeons; ++p)
      for (int q = p + 1; q < pigeons; ++q) php.add_clause({-var(p, h), -var(q, h)});
  const SatResult r = solve_cadical(php, SatOptions{0.2});
  CHECK(r.status == SatStatus::kUnknown);
  CHECK_THAT(r.note, Catch::Contains("time limit"));
  CHECK(r.seconds < 5.0);
}
