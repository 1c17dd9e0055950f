// CNF-SAT -> Orthogonal Vectors by split-and-list (Williams 2005; chain C1,
// docs/reductions/cnf_to_ov.md). Theorem: phi is satisfiable iff the OV instance has
// an orthogonal pair, with N = 2^ceil(v/2) vectors per side and d = m.
//
// Side A holds the first ceil(v/2) variables, side B the rest. The vector of a
// side assignment x has coordinate c equal to 0 iff x makes some literal of
// clause c true (so an empty clause is 1 everywhere: never orthogonal, UNSAT).
// Vector index x assigns the p-th variable of the side bit p of x, least
// significant first (docs/formats.md). A formula with no clause gets one
// all-zero coordinate (d = 1), so every pair is orthogonal. Cost O(2^(v/2) m). Docs:
// docs/reductions/cnf_to_ov.md.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <utility>

#include <cstdint>
#include <vector>

#include "core/cnf.hpp"
#include "core/limits.hpp"
#include "core/ov.hpp"
#include "reductions/edge_record.hpp"
#include "reductions/verdict.hpp"

namespace sethkit {

// Split-and-list sides are enumerated with 64-bit masks.
inline constexpr int kMaxSplitSideVars = 40;

struct SplitOv {
  OvInstance ov;            // n_a = 2^|vars_a|, n_b = 2^|vars_b|, d = m
  std::vector<int> vars_a;  // DIMACS variables of side A, in bit order
  std::vector<int> vars_b;  // DIMACS variables of side B, in bit order
};

// The sizes the reduction claims, computed from the source alone.
struct CnfToOvCertificate {
  int vars = 0;                    // v
  std::size_t clauses = 0;         // m
  int vars_a = 0, vars_b = 0;      // ceil(v/2), floor(v/2)
  std::uint64_t n_a = 0, n_b = 0;  // 2^vars_a, 2^vars_b (N in the paper)
  std::size_t d = 0;               // = m (1 for a formula without clauses)
  std::uint64_t bytes = 0;         // memory of the OV instance
};

class CnfToOv {
 public:
  using Source = Cnf;
  using Target = SplitOv;
  static constexpr const char* kName = "cnf-to-ov";
  static constexpr const char* kDeclaredOverhead = "N_a = 2^ceil(v/2), N_b = 2^floor(v/2), d = m";
  // This reduction as an edge of the reduction graph (docs/graph.md).
  static EdgeRecord edge();

  struct Params {
    Limits limits{};  // max_ov_vectors per side and max_bytes bound the enumeration
  };

  CnfToOv() : CnfToOv(Params{}) {}
  explicit CnfToOv(Params params) : params_(params) {}

  // Throws ContractError when the instance would exceed the limits (checked
  // before anything is allocated) or a side would need more than kMaxSplitSideVars.
  CnfToOvCertificate certificate(const Cnf& cnf) const;
  SplitOv encode(const Cnf& cnf) const;
  // The assignment "side A from i, side B from j" (variables 1..v) of an
  // orthogonal pair (i, j) of the target.
  Assignment decode(const Cnf& cnf, const SplitOv& target,
                    std::pair<std::size_t, std::size_t> pair) const;

 private:
  Params params_;
};

// The certificate as the run bundle and `reduce` record it.
nlohmann::json to_json(const CnfToOvCertificate& c);

}  // namespace sethkit
