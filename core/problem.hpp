// The problems a chain of reductions carries, as values: an instance of
// CNF-SAT, OV, 3-OV, Gap-Hamming or Gap Max-IP; a witness on one of them; and
// the agreement a chain settles on against ground truth. The reduction graph
// (docs/graph.md) names the problems "cnf-sat", "ov", "3-ov", "gap-hamming"
// and "gap-max-ip"; attention, transformer and graph-diameter are answered by an
// oracle and never travel further, so they have no value here.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/cnf.hpp"
#include "core/gap_hamming.hpp"
#include "core/gap_max_ip.hpp"
#include "core/ov.hpp"
#include "core/three_ov.hpp"

namespace sethkit {

// An instance of one problem of the graph: cnf-sat, ov, 3-ov, gap-hamming or gap-max-ip.
using ProblemValue = std::variant<Cnf, OvInstance, ThreeOvInstance, GapHamming, GapMaxIp>;

// The graph's name of the problem a value is an instance of ("cnf-sat", ...).
const char* problem_name(const ProblemValue& value);

// One line with the instance's sizes ("CNF: 20 variables, 80 clauses").
std::string describe_problem(const ProblemValue& value);

// The instance's parameters as the run bundle records them:
// {"vars", "clauses"}, {"nA", "nB", "d"}, {"nA", "nB", "nC", "d"},
// {"nA", "nB", "d", "t", "eps"} or {"nA", "nB", "d", "s_yes", "s_no"}.
nlohmann::json problem_params(const ProblemValue& value);

// A solution on one problem: OV (i, j), 3-OV (i, j, k), Gap-Hamming and Gap
// Max-IP (row, partner) as indices; CNF-SAT an assignment.
struct Witness {
  std::vector<std::size_t> indices;
  std::optional<Assignment> assignment;
};

// "a[3] b[5]", "a[0] b[2] c[1]" or "assignment 1 -2 3".
std::string describe(const Witness& witness);

enum class Agreement { kAgree, kDisagree, kAmbiguous, kUnknown };
const char* to_string(Agreement a);  // "agree", "disagree", "ambiguous", "unknown"

}  // namespace sethkit
