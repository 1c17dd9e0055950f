// A chain's cost, decided before any work (docs/cli.md, "Budgets and
// progress").
//
// The sizes of every problem along the path come from the edges' size
// formulas (reductions/edge_record.hpp), evaluated on the source's parameters;
// each problem then has a memory figure (the objects a chain keeps) and an
// estimated time for its stages: encoding, ground truth (the bit-packed
// solvers, brute-force Hamming, BFS) and the oracle (attention's n_q n_k
// (d + d_v) multiply-adds, the transformer's K heads of tokens^2 width).
// CaDiCaL's time is not estimated (it is the question SETH is about); its
// --time-limit bounds it. The rates are this project's measurements on a
// two-core machine (docs/performance.md), so an estimate is good to a factor
// of a few, and is said as such.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "chain/options.hpp"
#include "core/budget.hpp"
#include "core/problem.hpp"

namespace sethkit {

struct StagePlan {
  std::string stage;  // "encode cnf-to-ov", "ground truth (ov)", "oracle (naive)"
  std::string sizes;  // "N_a = 2^25, N_b = 2^25, d = 90"
  std::uint64_t bytes = 0;
  double seconds = 0;  // estimate; negative: not estimated
};

struct ChainPlan {
  std::vector<StagePlan> stages;
  std::uint64_t bytes = 0;   // every stage's objects together (a chain keeps them)
  double seconds = 0;        // the estimated stages together
  bool unestimated = false;  // some stage (CaDiCaL) has no estimate
  // "plan: 6 GiB in memory, about 3 years ..." and one indented line per stage.
  std::string summary() const;
};

// The plan of `chain` on `source` with these options; ContractError when the
// chain does not exist.
ChainPlan plan_chain(const std::string& chain, const ProblemValue& source,
                     const ChainOptions& options);

// The encoding stages alone (what `reduce` does): no oracle, no ground truth.
ChainPlan plan_encoding(const std::string& chain, const ProblemValue& source,
                        const ChainOptions& options);

// InputError naming `source_name`, the stage and its figure, and the budget,
// when the plan's memory or estimated time exceeds `budget`.
void require_within_budget(const ChainPlan& plan, const Budget& budget,
                           const std::string& source_name);

}  // namespace sethkit
