#include "cli/chain_summary.hpp"

#include <fmt/format.h>

#include "cli/step_account.hpp"

namespace sethkit::cli {

std::string chain_summary(const ChainRun& run, bool plain_words) {
  std::string s = "  " + run.stages.front().description + "\n";
  const auto overhead = [&](const StepRecord& step) {
    if (!step.overhead_ok)
      s += fmt::format("    OVERHEAD EXCEEDED ({}): {}\n", step.reduction, step.overhead_problem);
  };
  for (const StepRecord& step : run.steps) {
    s += exact_step_account(step, plain_words);
    overhead(step);
  }
  s += oracle_step_account(run.oracle, plain_words);
  overhead(run.oracle.step);
  if (plain_words && run.oracle.step.to == "attention")
    s += "    the margin is how much more error the oracle could have made without changing the "
         "answer.\n";
  if (run.oracle.witness) {
    std::string mapped;
    for (std::size_t i = run.stages.size(); i-- > 0;) {
      const ChainStage& stage = run.stages[i];
      mapped += fmt::format("{}{} ({}: {})", mapped.empty() ? "" : " -> ",
                            stage.witness ? describe(*stage.witness) : "none", stage.problem,
                            stage.witness_ok ? "ok" : "FAILED");
    }
    s += fmt::format("  witness: {}; checked by the independent checker of each problem\n", mapped);
  }
  if (run.judged_by_rows)
    s += fmt::format(
        "  ground truth: brute-force nearest distances; {} rows inside the promise, {} outside, {} "
        "decoded wrongly\n",
        run.rows_checked, run.rows_outside, run.row_disagreements);
  else
    for (std::size_t i = 0; i < run.stages.size(); ++i) {
      const ProblemTruth& t = run.stages[i].truth;
      s += fmt::format("  ground truth ({}): {} says {} ({:.3f} s){}\n", run.stages[i].problem,
                       t.solver,
                       !t.known ? "unknown"
                       : t.yes  ? "yes"
                                : "no",
                       t.seconds,
                       i == 0 || !t.known || !run.stages[0].truth.known ? ""
                       : t.yes == run.stages[0].truth.yes ? ", consistent with the source"
                                                          : ", INCONSISTENT with the source");
    }
  s += fmt::format("  result: {} ({})\n", to_string(run.agreement), run.explanation);
  return s;
}

}  // namespace sethkit::cli
