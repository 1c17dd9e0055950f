// CNF-SAT -> unbalanced 3-OV by split-and-list into three groups
// (standard; docs/reductions/cnf_to_three_ov.md). Theorem: phi is satisfiable iff
// some triple (a, b, c) has sum_t a[t] b[t] c[t] = 0; with |C| = K = L H this
// is the source of Saha, Xu, Ye, Yu's transformer lower bound.
//
// Groups: C takes floor(log2 K) variables (at most v), A ceil of half the
// rest, B the others; vector index x assigns the p-th variable of its group
// bit p of x (lsb first). Coordinate c (clause c) of a group's vector is 1 iff
// the partial assignment makes no literal of clause c true. When B has fewer
// than N = |A| vectors, or C fewer than K, the set is padded (derived here): one
// fresh coordinate e_s per padded set s, 0 on real vectors of s, 1 on real
// vectors of the other sets, and padding vectors all-ones; so no triple with a
// padding vector is orthogonal and real triples are unchanged. Cost
// O((2 N + K) (m + 2)). Docs: docs/reductions/cnf_to_three_ov.md.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <vector>

#include "core/cnf.hpp"
#include "core/limits.hpp"
#include "core/three_ov.hpp"
#include "reductions/cnf_to_ov.hpp"
#include "reductions/edge_record.hpp"

namespace sethkit {

struct SplitThreeOv {
  ThreeOvInstance instance;                 // n_a = n_b = N, n_c = K, d = m' + padding
  std::vector<int> vars_a, vars_b, vars_c;  // DIMACS variables per group, in bit order
  std::size_t real_b = 0, real_c = 0;       // vectors of B and C before padding
  std::vector<std::size_t> padding_coordinates;
};

struct CnfToThreeOvCertificate {
  int vars = 0;
  std::size_t clauses = 0;
  int vars_a = 0, vars_b = 0, vars_c = 0;
  std::uint64_t n = 0;       // N = |A| = |B| = 2^vars_a
  std::uint64_t k = 0;       // K = |C|
  std::uint64_t real_b = 0;  // 2^vars_b
  std::uint64_t real_c = 0;  // 2^vars_c
  std::size_t d = 0;         // max(m, 1) + number of padded sets
  std::uint64_t bytes = 0;
};

class CnfToThreeOv {
 public:
  using Source = Cnf;
  using Target = SplitThreeOv;
  static constexpr const char* kName = "cnf-to-3ov";
  static constexpr const char* kDeclaredOverhead =
      "N = 2^ceil((v - v_c)/2), K = L H, v_c = min(v, floor(log2 K)), d = m + padding (<= 2)";
  // This reduction as an edge of the reduction graph (docs/graph.md).
  static EdgeRecord edge();

  struct Params {
    std::uint64_t k = 1;  // K: the size of C (the number of heads L H)
    Limits limits{};
  };

  CnfToThreeOv() : CnfToThreeOv(Params{}) {}
  explicit CnfToThreeOv(Params params) : params_(params) {}

  // Throws ContractError when K = 0 or the instance would exceed the limits
  // (checked before anything is allocated).
  CnfToThreeOvCertificate certificate(const Cnf& cnf) const;
  SplitThreeOv encode(const Cnf& cnf) const;
  // The assignment of a real triple (variables 1..v); ContractError for a padding index.
  Assignment decode(const Cnf& cnf, const SplitThreeOv& target, const Triple& t) const;

 private:
  Params params_;
};

// The certificate as the run bundle and the model directory record it.
nlohmann::json to_json(const CnfToThreeOvCertificate& c);

}  // namespace sethkit
