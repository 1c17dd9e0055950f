// The source-side problems of the reduction graph as a chain sees them: how
// to solve an instance independently (the ground truth: CaDiCaL for CNF-SAT,
// bit-packed brute force for OV and 3-OV, brute-force nearest distances for
// Gap-Hamming, brute-force largest inner products for Gap Max-IP), how to check a witness
// (core/verify and direct recomputation, sharing no code with the reductions), and how to describe
// an instance.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "chain/options.hpp"
#include "reductions/verdict.hpp"

namespace sethkit {

struct ProblemTruth {
  std::string problem;  // graph name
  std::string solver;   // "CaDiCaL 2.0.0", "ov-bitpacked", ...
  bool known = false;   // false: the solver hit its limit, or the instance breaks its promise
  bool yes = false;
  std::optional<Witness> witness;  // the solver's own, for YES
  // Gap-Hamming and Gap Max-IP: one label per row a_i (kYes, kNo, or kAmbiguous for a row
  // outside the promise); empty for the other problems.
  std::vector<Verdict> rows;
  std::string note;
  nlohmann::json record;  // for the run bundle
  double seconds = 0;
};

struct ProblemOps {
  const char* problem;
  ProblemTruth (*solve)(const ProblemValue& value, const ChainOptions& options);
  // Is `witness` a solution of `value`? (The independent checker.)
  bool (*check)(const ProblemValue& value, const Witness& witness);
};

// ContractError for a problem that no chain can carry (attention, ...).
const ProblemOps& problem_ops(const std::string& problem);

}  // namespace sethkit
