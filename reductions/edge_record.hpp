// What each reduction declares about itself as an edge of the reduction graph
// (docs/graph.md): its name, the problems it goes from and to, its size
// overhead in words and as formulas, the oracle error its decoding tolerates,
// the paper, and its docs page. Each construction returns its own record
// (`edge()`); the graph (chain/reduction_graph.hpp) is the list of them.
//
// Size formulas give each parameter of the target as an expression in those of
// the source (muparser syntax: + - * / ^, ceil, floor, log2, ln, sqrt, min,
// max, c ? x : y, next_prime(x), the least prime above x, and pcp_rows(m),
// the distributed PCP's default k);
// chain/size_formula.hpp composes and evaluates them.
#pragma once

#include <string>
#include <vector>

namespace sethkit {

struct SizeFormula {
  std::string param;         // "n_q", "N_a", ...
  std::string expr;          // in the source's parameters and the params defined before it
  bool upper_bound = false;  // the size is at most expr (E of the diameter graph)
  bool helper = false;       // a step-local name (v_c), not a parameter of the target
};
using SizeFormulas = std::vector<SizeFormula>;

struct EdgeRecord {
  std::string name;       // the reduction's kName
  std::string from, to;   // problems of the graph ("cnf-sat", "ov", "attention", ...)
  std::string overhead;   // its kDeclaredOverhead
  SizeFormulas sizes;     // the same overhead as formulas (the tests evaluate them)
  std::string tolerance;  // the oracle error the decoding tolerates
  std::string paper;
  std::string docs;    // docs/reductions/<page>.md
  std::string module;  // reductions/<file>.hpp
};

}  // namespace sethkit
