#include "chain/executor.hpp"

#include <fmt/format.h>

#include <cmath>

#include "attention/registry.hpp"
#include "chain/oracle_choice.hpp"
#include "chain/plan.hpp"
#include "chain/reduction_graph.hpp"
#include "core/error.hpp"

namespace sethkit {

namespace {
bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// A chain ending at a problem no oracle answers: the problem's own solver.
OracleRecord solve_by_solver(const ProblemTruth& truth) {
  OracleRecord r;
  r.step.from = r.step.to = truth.problem;
  r.step.reduction = "solver";
  r.oracle = truth.solver;
  r.verdict = !truth.known ? Verdict::kAmbiguous : truth.yes ? Verdict::kYes : Verdict::kNo;
  r.witness = truth.witness;
  r.note = truth.note;
  r.rows = truth.rows;
  r.seconds_oracle = truth.seconds;
  r.record = truth.record;
  return r;
}

// Maps the oracle's witness back from the last stage to the source, checking it at each.
void map_witness_back(const std::vector<ProblemValue>& values,
                      const std::vector<EncodedValue>& encoded, ChainRun& run) {
  std::optional<Witness> w = run.oracle.witness;
  for (std::size_t s = run.stages.size(); s-- > 0;) {
    if (s + 1 < run.stages.size() && w) w = encoded[s].witness_back(values[s], *w);
    ChainStage& stage = run.stages[s];
    stage.witness = w;
    stage.witness_checked = true;
    stage.witness_ok = w && problem_ops(stage.problem).check(values[s], *w);
  }
}

void judge_rows(ChainRun& run) {
  const ChainStage& source = run.stages.front();
  run.judged_by_rows = true;
  for (std::size_t i = 0; i < source.truth.rows.size(); ++i) {
    const Verdict truth = source.truth.rows[i], decoded = run.oracle.rows[i];
    if (truth == Verdict::kAmbiguous) {
      ++run.rows_outside;
      continue;
    }
    ++run.rows_checked;
    if (decoded != Verdict::kAmbiguous && decoded != truth) {
      ++run.row_disagreements;
      if (!run.first_row_disagreement) run.first_row_disagreement = i;
    }
  }
  if (run.row_disagreements > 0) {
    run.agreement = Agreement::kDisagree;
    run.explanation =
        fmt::format("{} row(s) decoded against their brute-force label; first: row {}",
                    run.row_disagreements, *run.first_row_disagreement);
  } else if (source.truth.yes && !source.witness_ok) {
    run.agreement = Agreement::kDisagree;
    run.explanation = "a row is YES, but the decoded witness fails the independent checker";
  } else {
    run.agreement = Agreement::kAgree;
    run.explanation = fmt::format(
        "all {} rows inside the promise decoded as brute force labels them ({} outside the "
        "promise, not judged)",
        run.rows_checked, run.rows_outside);
  }
}

void judge(ChainRun& run) {
  const Verdict v = run.oracle.verdict;
  const ChainStage& source = run.stages.front();
  if (v == Verdict::kAmbiguous) {
    run.agreement = Agreement::kAmbiguous;
    run.explanation = run.oracle.note.empty() ? "the decoder could not decide" : run.oracle.note;
    return;
  }
  if (run.stages.size() == 1 && !source.truth.rows.empty() &&
      run.oracle.rows.size() == source.truth.rows.size())
    return judge_rows(run);
  if (!source.truth.known) {
    run.agreement = Agreement::kUnknown;
    run.explanation = fmt::format("the ground truth is unknown ({}); nothing to compare with",
                                  source.truth.note.empty() ? "no answer" : source.truth.note);
    return;
  }
  for (std::size_t s = 1; s < run.stages.size(); ++s) {
    const ProblemTruth& t = run.stages[s].truth;
    if (t.known && t.yes != source.truth.yes) {
      run.agreement = Agreement::kDisagree;
      run.explanation =
          fmt::format("the {} instance built by {} answers {}, the {} instance {}",
                      run.stages[s].problem, run.steps[s - 1].reduction, t.yes ? "yes" : "no",
                      source.problem, source.truth.yes ? "yes" : "no");
      return;
    }
  }
  const bool yes = v == Verdict::kYes;
  if (yes != source.truth.yes) {
    run.agreement = Agreement::kDisagree;
    run.explanation = fmt::format("decoded {} but the ground truth is {}", yes ? "YES" : "NO",
                                  source.truth.yes ? "YES" : "NO");
    return;
  }
  if (yes)
    for (const ChainStage& stage : run.stages)
      if (!stage.witness_ok) {
        run.agreement = Agreement::kDisagree;
        run.explanation =
            !run.oracle.witness ? "decoded YES without a witness"
            : !stage.witness
                ? fmt::format("the decoded witness maps to no {} witness", stage.problem)
                : fmt::format("the decoded witness fails the {} checker", stage.problem);
        return;
      }
  run.agreement = Agreement::kAgree;
  run.explanation = yes ? "decoded YES, the witness passes the checker at every stage, the "
                          "ground truth agrees"
                        : "decoded NO and the ground truth agrees";
}

// A disagreement's cause when the oracle's measured error exceeds what the
// certificate tolerates (an approximate oracle, or injected noise).
void add_oracle_cause(ChainRun& run) {
  const OracleRecord& o = run.oracle;
  if (run.agreement != Agreement::kDisagree || !o.measured_error || o.tolerated_error <= 0 ||
      *o.measured_error <= o.tolerated_error)
    return;
  run.explanation +=
      fmt::format("; cause: the oracle's measured error {:.3g} is above the tolerated {:.3g} ({})",
                  *o.measured_error, o.tolerated_error,
                  std::isfinite(o.error_bound)
                      ? fmt::format("{} claims a bound of {:.3g}", o.oracle, o.error_bound)
                      : fmt::format("{} guarantees no bound", o.oracle));
}
}  // namespace

bool ChainRun::overhead_ok() const {
  return overhead_problem().empty();
}

std::string ChainRun::overhead_problem() const {
  for (const StepRecord& s : steps)
    if (!s.overhead_ok) return s.reduction + ": " + s.overhead_problem;
  if (!oracle.step.overhead_ok) return oracle.step.reduction + ": " + oracle.step.overhead_problem;
  return "";
}

std::string default_chain(const ProblemValue& source) {
  const std::string problem = problem_name(source);
  return problem == "cnf-sat" ? "sat-ov-attention" : problem + "-attention";
}

ChainRun run_chain(const std::string& chain, const ProblemValue& source,
                   const std::string& source_name, ChainOptions options) {
  const ReductionPath path = chain_path(chain);
  if (ends_with(chain, "-n-sinks")) options.sinks = SinkVariant::kNSinks;
  ChainRun run;
  run.chain = chain;
  run.source_name = source_name;
  run.problems.push_back(path.front()->from);
  for (const EdgeRecord* e : path) run.problems.push_back(e->to);
  require(run.problems.front() == problem_name(source),
          fmt::format("chain '{}' starts from {}, but the input is an instance of {}", chain,
                      run.problems.front(), problem_name(source)));
  run.source_params = problem_params(source);

  // Decide before working: the oracle exists, and the plan's memory and time
  // are within the budget.
  const bool attention_oracle = path.back()->to == "attention" ||
                                path.back()->to == "attention-gradient" ||
                                path.back()->to == "transformer";
  if (attention_oracle) {
    const auto backend =
        make_backend(chosen_backend_without_input(options.backend), options.backend_options);
    if (path.back()->to == "attention-gradient") backend->require_backward();
  }
  const ChainPlan plan = plan_chain(chain, source, options);
  require_within_budget(plan, options.budget, source_name);
  const auto tell = [&options](const std::string& line) {
    if (options.on_stage) options.on_stage(line);
  };
  tell(plan.summary());

  // Forward: every exact step, then the oracle step (or the last problem's solver).
  std::vector<ProblemValue> values{source};
  std::vector<EncodedValue> encoded;
  const ChainStep* last = &chain_step(path.back()->name);
  const std::size_t exact = last->solve ? path.size() - 1 : path.size();
  for (std::size_t e = 0; e < exact; ++e) {
    const ChainStep& step = chain_step(path[e]->name);
    require(static_cast<bool>(step.encode),
            fmt::format("chain '{}': {} is answered by an oracle and must come last", chain,
                        path[e]->name));
    tell(fmt::format("encode {} ...", path[e]->name));
    encoded.push_back(step.encode(values.back(), options));
    values.push_back(std::move(encoded.back().target));
    run.steps.push_back(encoded.back().record);
    run.seconds_encode += run.steps.back().seconds;
    tell(fmt::format("encode {}: done in {}", path[e]->name,
                     format_seconds(run.steps.back().seconds)));
  }
  // The oracle before any ground truth: it may still refuse the instance.
  if (last->solve) {
    tell(fmt::format("oracle {} ({}) ...", path.back()->name,
                     attention_oracle ? options.backend : std::string("BFS")));
    run.oracle = last->solve(values.back(), options);
    run.seconds_encode += run.oracle.step.seconds;
    tell(fmt::format("oracle {}: done in {}", path.back()->name,
                     format_seconds(run.oracle.seconds_oracle + run.oracle.step.seconds)));
  }
  for (std::size_t s = 0; s < values.size(); ++s) {
    const ProblemOps& ops = problem_ops(problem_name(values[s]));
    ChainStage stage;
    stage.problem = ops.problem;
    stage.description = describe_problem(values[s]);
    tell(fmt::format("ground truth ({}) ...", ops.problem));
    stage.truth = ops.solve(values[s], options);
    stage.truth.problem = ops.problem;
    run.seconds_truth += stage.truth.seconds;
    tell(fmt::format("ground truth ({}): done in {}", ops.problem,
                     format_seconds(stage.truth.seconds)));
    run.stages.push_back(std::move(stage));
  }
  if (!last->solve) run.oracle = solve_by_solver(run.stages.back().truth);
  map_witness_back(values, encoded, run);
  judge(run);
  add_oracle_cause(run);
  return run;
}

}  // namespace sethkit
