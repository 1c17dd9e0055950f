// The CNF families with known answers (instances/cnf_families.hpp): over a
// grid of small parameters, each family's stated answer against brute force
// (up to 22 variables) and CaDiCaL (beyond), its size formulas against the
// formula built, its provenance lines, and its refusals.
#include <catch2/catch.hpp>
#include <string>

#include "core/error.hpp"
#include "instances/cnf_families.hpp"
#include "solvers/brute_force_sat.hpp"
#include "solvers/cadical_solver.hpp"
#include "test_seed.hpp"

using namespace sethkit;

namespace {
bool solver_says_sat(const Cnf& cnf) {
  const SatResult r = cnf.num_vars() <= 22 ? solve_brute_force(cnf) : solve_cadical(cnf);
  REQUIRE(r.status != SatStatus::kUnknown);
  return r.status == SatStatus::kSat;
}

void check_member(const CnfFamilyParams& p, int& sat, int& unsat) {
  const FamilyCnf f = generate_cnf_family(p);
  const Cnf& cnf = f.generated.cnf;
  INFO(p.family << " " << f.generated.provenance.params);
  CHECK(solver_says_sat(cnf) == f.satisfiable);
  (f.satisfiable ? sat : unsat) += 1;
  const CnfFamilySize size = cnf_family_size(p);
  CHECK(size.vars == cnf.num_vars());
  CHECK(size.clauses == static_cast<double>(cnf.num_clauses()));
  CHECK(size.literals == static_cast<double>(cnf.num_literals()));
  const auto& extra = f.generated.provenance.extra;
  CHECK(std::find(extra.begin(), extra.end(),
                  std::string("answer: ") + (f.satisfiable ? "sat" : "unsat")) != extra.end());
  CHECK(extra.front().rfind("cnfgen-equivalent: cnfgen ", 0) == 0);
}
}  // namespace

TEST_CASE("CNF families: each stated answer agrees with a solver, YES and NO", "[gen][families]") {
  int sat = 0, unsat = 0;
  CnfFamilyParams p;
  p.family = "php";
  for (int m = 0; m <= 5; ++m)
    for (int n = 0; n <= 4; ++n)
      for (int variant = 0; variant < 4; ++variant) {
        p.pigeons = m, p.holes = n, p.functional = variant & 1, p.onto = variant & 2;
        check_member(p, sat, unsat);
      }
  p.family = "parity";
  for (int n = 1; n <= 7; ++n) p.n = n, check_member(p, sat, unsat);
  p.family = "ordering";
  for (int n = 1; n <= 4; ++n)
    for (bool total : {false, true}) p.n = n, p.total = total, check_member(p, sat, unsat);
  p.family = "clique-coloring";
  for (int n = 0; n <= 4; ++n)
    for (int k = 0; k <= 4; ++k)
      for (int c = 0; c <= 3; ++c)
        p.n = n, p.clique = k, p.colours = c, check_member(p, sat, unsat);
  p.family = "tseitin";
  const auto seed = test::test_seed("tseitin", 5);
  for (int n = 4; n <= 10; ++n)
    for (int d = 1; d <= 4 && d < n; ++d) {
      if (n * d % 2) continue;
      for (const std::string charge : {"first", "random", "randomodd", "randomeven"}) {
        p.n = n, p.degree = d, p.charge = charge, p.seed = seed + static_cast<std::uint64_t>(n);
        check_member(p, sat, unsat);
      }
    }
  // Both answers occur, so neither side of the comparison is vacuous.
  CHECK(sat > 20);
  CHECK(unsat > 20);
}

TEST_CASE("CNF families: Tseitin's answer follows the components' charges", "[gen][families]") {
  // d = 1: a perfect matching, n/2 components; "first" leaves vertex 1's edge odd.
  const FamilyCnf matching = tseitin_cnf(6, 1, "first", 3);
  CHECK_FALSE(matching.satisfiable);
  CHECK_THAT(matching.reason, Catch::Contains("3 component(s), 1 with an odd charge sum"));
  const FamilyCnf even = tseitin_cnf(8, 3, "randomeven", 4);
  CHECK(even.satisfiable);
  CHECK(tseitin_cnf(8, 3, "randomeven", 4).generated.cnf == even.generated.cnf);
}

TEST_CASE("CNF families: pigeonhole in CNFgen's variable order", "[gen][families]") {
  const Cnf cnf = pigeonhole_cnf(4, 3, false, false).generated.cnf;
  // CNFgen's PigeonholePrinciple(4, 3): pigeon clauses, then each hole's pairs.
  REQUIRE(cnf.num_clauses() == 22);
  CHECK((std::vector<int>(cnf.clause(0).begin(), cnf.clause(0).end()) == std::vector{1, 2, 3}));
  CHECK((std::vector<int>(cnf.clause(4).begin(), cnf.clause(4).end()) == std::vector{-1, -4}));
  CHECK((std::vector<int>(cnf.clause(21).begin(), cnf.clause(21).end()) == std::vector{-9, -12}));
}

TEST_CASE("CNF families: refusals", "[gen][families]") {
  CHECK_THROWS_AS(tseitin_cnf(5, 3, "first", 1), ContractError);  // n d odd
  CHECK_THROWS_AS(tseitin_cnf(4, 4, "first", 1), ContractError);  // d >= n
  CHECK_THROWS_AS(tseitin_cnf(6, 3, "odd", 1), ContractError);
  CHECK_THROWS_AS(parity_cnf(0), ContractError);
  CHECK_THROWS_AS(ordering_cnf(0, false), ContractError);
  CHECK_THROWS_AS(pigeonhole_cnf(-1, 2, false, false), ContractError);
  CnfFamilyParams p;
  p.family = "pigeon";
  CHECK_THROWS_WITH(generate_cnf_family(p), Catch::Contains("unknown CNF family 'pigeon'"));
  CHECK_THROWS_AS(cnf_family_size(p), ContractError);
}
