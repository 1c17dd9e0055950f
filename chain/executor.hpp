// Runs any path of the reduction graph as a chain: the source instance goes
// through each edge's exact step (chain/steps.hpp) to the last
// edge, whose oracle step answers its own source problem; the oracle's
// witness is mapped back edge by edge and checked by the independent checker
// of every problem on the way; every problem along the path is solved
// independently (chain/problems.hpp), so the chain is judged
// against the source's ground truth and each exact step is checked to keep
// the answer. A path that ends at a problem with no oracle (sat-ov, sat-3ov,
// ...) is answered by that problem's own solver, which checks the exact steps
// alone.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "chain/options.hpp"
#include "chain/problems.hpp"
#include "chain/steps.hpp"

namespace sethkit {

// One problem along the chain that carries an instance, source first.
struct ChainStage {
  std::string problem;
  std::string description;  // the instance's sizes, one line
  ProblemTruth truth;
  std::optional<Witness> witness;  // the oracle's witness mapped back to this stage
  bool witness_checked = false, witness_ok = false;
};

struct ChainRun {
  std::string chain;                  // "sat-ov-attention", ...
  std::vector<std::string> problems;  // along the path, source first
  std::string source_name;
  nlohmann::json source_params;
  std::vector<StepRecord> steps;  // the exact steps, in order
  OracleRecord oracle;            // the last step (or the last problem's solver)
  std::vector<ChainStage> stages;
  // Row-by-row judging (a Gap-Hamming source, whose rows may lie outside the promise).
  bool judged_by_rows = false;
  std::size_t rows_checked = 0, rows_outside = 0, row_disagreements = 0;
  std::optional<std::size_t> first_row_disagreement;
  Agreement agreement = Agreement::kUnknown;
  std::string explanation;  // one line: why this agreement
  std::vector<std::string> warnings;
  double seconds_encode = 0, seconds_truth = 0;

  // Every step built what its certificate claims; otherwise the first complaint.
  bool overhead_ok() const;
  std::string overhead_problem() const;
};

// The chain of this name ("gap-hamming-attention-n-sinks" picks the n-sink
// form) on `source`; ContractError when the graph has no such chain or it does
// not start from the source's problem.
ChainRun run_chain(const std::string& chain, const ProblemValue& source,
                   const std::string& source_name, ChainOptions options);

// The chain verify runs by default on a source: sat-ov-attention, ov-attention
// or gap-hamming-attention.
std::string default_chain(const ProblemValue& source);

}  // namespace sethkit
