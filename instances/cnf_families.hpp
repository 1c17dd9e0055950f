// Combinatorial CNF families with known answers, as CNFgen generates them
// (Lauria, Elffers, Nordström, Vinyals, "CNFgen: A Generator of Crafted
// Benchmarks", SAT 2017): the pigeonhole principle (Haken 1985: hard for
// resolution), the parity (perfect matching) principle, the ordering
// principle, clique-colouring (Pudlák 1997: hard for cutting planes) and
// Tseitin formulas on random regular graphs (Urquhart 1987). docs/formats.md
// ("CNF families") gives each one's variables, clauses and the argument
// for its answer; the answer is decided by that argument, not by a solver,
// and the tests check it against one.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "instances/random_cnf.hpp"

namespace sethkit {

struct CnfFamilyParams {
  std::string family = "php";  // php|parity|ordering|clique-coloring|tseitin
  // php: pigeons m, holes n (CNFgen `php M N [--functional] [--onto]`)
  int pigeons = 3, holes = 2;
  bool functional = false, onto = false;
  // parity: domain size n (CNFgen `parity N`); ordering: n (`op N [--total]`);
  // clique-coloring: vertices n (`cliquecoloring n k c`); tseitin: vertices n
  int n = 4;
  bool total = false;           // ordering: add totality axioms
  int clique = 3, colours = 2;  // clique-coloring: k and c
  // tseitin: a random `degree`-regular simple graph on n vertices (CNFgen
  // `tseitin gnd n d`), charge "first" (odd on vertex 1), "random",
  // "randomodd" or "randomeven"
  int degree = 3;
  std::string charge = "first";
  std::uint64_t seed = 1;
};

// The family names `gen cnf --family` takes besides random and planted.
const std::vector<std::string>& cnf_family_names();

// Variables, clauses and literals the family will have, from its formulas,
// before anything is built (double: no overflow on absurd parameters).
struct CnfFamilySize {
  double vars = 0, clauses = 0, literals = 0;
};
CnfFamilySize cnf_family_size(const CnfFamilyParams& params);

// Builds the formula, its provenance ("answer: sat|unsat" and the reason)
// and the known answer. Throws ContractError on parameters out of range
// (negative counts, an odd n d for a regular graph, d >= n, d > 16, ...).
struct FamilyCnf {
  GeneratedCnf generated;
  bool satisfiable = false;
  std::string reason;  // why, in one line
};
FamilyCnf generate_cnf_family(const CnfFamilyParams& params);

// Building blocks the families share: at least one / at most one (pairwise,
// as CNFgen writes them) of the given variables true, and the result with
// its provenance (family, params, the equivalent CNFgen command, answer).
void add_at_least_one(Cnf& cnf, const std::vector<int>& vars);
void add_at_most_one(Cnf& cnf, const std::vector<int>& vars);
FamilyCnf family_result(Cnf cnf, const std::string& family, const std::string& params,
                        const std::string& cnfgen_command, bool satisfiable,
                        const std::string& reason);

// The families one by one.
FamilyCnf pigeonhole_cnf(int pigeons, int holes, bool functional, bool onto);
FamilyCnf parity_cnf(int n);
FamilyCnf ordering_cnf(int n, bool total);
FamilyCnf clique_coloring_cnf(int n, int k, int c);
FamilyCnf tseitin_cnf(int n, int degree, const std::string& charge, std::uint64_t seed);

}  // namespace sethkit
