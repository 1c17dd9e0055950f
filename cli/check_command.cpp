// `sethkit check REDUCTION|all`: Karp-style random checking of the toolkit's
// reductions (check/reduction_check.hpp): planted YES, planted NO and
// unplanted instances, exhaustive tiny instances, the oracle perturbed within
// the tolerance, witnesses and certificate sizes checked. A counterexample is
// shrunk and written to the regressions directory; --json writes one bundle
// with every reduction's counts, a sample run bundle and any counterexample's
// run bundle. Exit 3 on any failure.
#include <fmt/format.h>

#include <algorithm>

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>

#include "check/reduction_check.hpp"
#include "cli/backend_options.hpp"
#include "cli/commands.hpp"
#include "cli/json_output.hpp"
#include "core/cell_journal.hpp"
#include "core/error.hpp"
#include "core/json_report.hpp"
#include "core/progress.hpp"
#include "core/provenance.hpp"
#include "core/shard.hpp"

namespace sethkit::cli {

namespace {
struct CheckArgs {
  std::string reduction;
  CheckParams params;
  std::string json;
  std::string shard;  // "I/K" (core/shard.hpp)
  bool resume = false, force = false;
};
void print_result(const CheckResult& r) {
  if (!r.failure) {
    fmt::print("ok   {:<26} {} exhaustive + {} random instances ({} yes, {} no){} in {:.3f} s\n",
               r.reduction, r.exhaustive, r.random_trials, r.yes, r.no,
               r.timed_out ? ", random trials stopped at the time limit" : "", r.seconds);
    return;
  }
  const auto& f = *r.failure;
  fmt::print("FAIL {}: {} instance (seed {}): {}\n  counterexample (shrunk){}\n{}", r.reduction,
             f.family, f.seed, f.message,
             f.file.empty() ? " (could not be written)" : " written to " + f.file, f.instance);
}

int run(const CheckArgs& args) {
  const std::vector<ReductionChecker> checkers = select_checkers(args.reduction);
  CheckParams params = args.params;
  params.command = command_line();
  // Each finished reduction is journaled beside the bundle (docs/cli.md,
  // "Interrupted runs"); --resume reuses them.
  std::optional<CellJournal> journal;
  if (args.json == "-" && (args.resume || !args.shard.empty()))
    throw ContractError("--resume and --shard keep a journal beside the --json file; give a file");
  if (!args.json.empty() && args.json != "-") {
    const std::filesystem::path bundle_path(args.json);
    const std::string dir =
        bundle_path.has_parent_path() ? bundle_path.parent_path().string() : ".";
    const std::string stem = bundle_path.filename().string();
    const Shard shard = parse_shard(args.shard);
    const std::string path = journal_path(dir, stem + shard.suffix());
    if (!args.resume && !args.force && std::filesystem::exists(path))
      throw InputError(path,
                       "an interrupted check left its journal here; pass --resume to continue it "
                       "or --force to start over");
    const nlohmann::json parameters = {{"reduction", args.reduction},
                                       {"trials", params.trials},
                                       {"seed", params.seed},
                                       {"max_size", params.max_size},
                                       {"time_limit_s", params.time_limit_s},
                                       {"backend", params.backend}};
    journal.emplace(dir, stem, parameters, args.resume, shard);
    if (args.resume)
      fmt::print(stderr, "resuming: {} reduction(s) recorded in {} are reused\n",
                 journal->resumed(), journal->path());
  }
  std::vector<CheckResult> results;
  for (const auto& checker : checkers) {
    if (journal && !journal->owns(checker.name)) continue;  // another shard's reduction
    const nlohmann::json* recorded = journal ? journal->find(checker.name) : nullptr;
    if (recorded != nullptr) {
      try {
        results.push_back(check_result_from_json(*recorded));
      } catch (const nlohmann::json::exception& e) {
        journal->refuse_record(checker.name, e);
      }
    } else {
      ProgressLine progress(checker.name);
      results.push_back(run_check(
          checker, params, [&progress](const std::string&, std::size_t done, std::size_t total) {
            progress.update(done, total);
          }));
      progress.finish();
      if (journal) journal->record(checker.name, to_json(results.back()));
    }
    print_result(results.back());
    std::fflush(stdout);  // each reduction's line as it finishes, in a log too
  }
  if (journal && journal->shard().active()) {  // the shard's journal is its output
    journal->record_shard(command_without_output(command_arguments(), "", "--json"), "--json");
    fmt::print(stderr,
               "shard {}/{}: {} reduction(s) kept in {}; when all {} shards are done, join them "
               "with: sethkit merge -o BUNDLE.json SHARD_JOURNALS...\n",
               journal->shard().index, journal->shard().count, results.size(), journal->path(),
               journal->shard().count);
    const bool failed = std::any_of(results.begin(), results.end(),
                                    [](const CheckResult& r) { return r.failure.has_value(); });
    return failed ? kExitDisagree : kExitOk;
  }
  const nlohmann::json bundle = check_bundle(params, results);
  emit_json(args.json, "check", kRunBundleSchemaVersion, bundle);
  if (journal) journal->remove();
  return bundle["failures"].get<std::size_t>() == 0 ? kExitOk : kExitDisagree;
}
}  // namespace

void add_check_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<CheckArgs>();
  auto* cmd = app.add_subcommand(
      "check",
      "Check reductions on planted YES / NO, random and exhaustive tiny instances, with "
      "the oracle perturbed within tolerance (exit 3 on a counterexample)");
  cmd->add_option("reduction", args->reduction, "A reduction (see sethkit list) or 'all'")
      ->required();
  cmd->add_option("--trials", args->params.trials, "Random instances per reduction (default 1000)")
      ->check(CLI::Range(std::size_t{0}, std::size_t{1000000}));
  cmd->add_option("--seed", args->params.seed, "Seed of the random instances");
  cmd->add_option("--max-size", args->params.max_size,
                  "Largest random size: vectors per side, variables (default 8)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{64}));
  cmd->add_option("--time-limit", args->params.time_limit_s,
                  "Seconds per reduction for the random trials (default 60)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--regressions", args->params.regressions_dir,
                  "Where counterexamples are written (default instances/regressions)");
  add_backend_options(*cmd, args->params.backend, args->params.backend_options,
                      "Attention backend of every oracle checked; an approximate one shows where "
                      "it breaks the reductions");
  add_json_option(*cmd, args->json,
                  "The check bundle: per reduction the counts, a sample run bundle and any "
                  "counterexample's run bundle,");
  cmd->add_flag("--resume", args->resume,
                "Continue an interrupted check: reuse the reductions recorded in "
                "JSON.partial.jsonl beside --json (the same parameters and seed are required)")
      ->needs("--json");
  cmd->add_flag("--force", args->force, "Start over, replacing an interrupted check's journal");
  cmd->add_option("--shard", args->shard,
                  "Check only shard I of K (I/K, 1-based) of the reductions and keep them in "
                  "JSON.shard-I-of-K.partial.jsonl beside --json; join the K shards with sethkit "
                  "merge (docs/scaling.md)")
      ->needs("--json");
  cmd->callback([args, &exit_code] { exit_code = run(*args); });
}

}  // namespace sethkit::cli
