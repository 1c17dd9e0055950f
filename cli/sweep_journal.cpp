#include "cli/sweep_journal.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "cli/json_output.hpp"
#include "core/budget.hpp"
#include "core/error.hpp"
#include "core/progress.hpp"
#include "core/provenance.hpp"
#include "core/shard.hpp"
#include "experiments/sweep_output.hpp"

namespace sethkit::cli {

void announce_sweep_plan(const SweepPlan& plan) {
  require_sweep_within_budget(plan, process_budget());
  if (progress_enabled()) fmt::print(stderr, "{}\n", plan.summary());
}

void add_sweep_output_flags(CLI::App& cmd, SweepOutputFlags& flags) {
  cmd.add_flag("--resume", flags.resume,
               "Continue an interrupted run: reuse the cells recorded in OUT/STEM.partial.jsonl "
               "(the same parameters and seed are required)");
  cmd.add_flag("--force", flags.force,
               "Replace earlier results (and an interrupted run's journal) in the output folder");
  cmd.add_option("--shard", flags.shard,
                 "Run only shard I of K (I/K, 1-based) of the cells and keep them in "
                 "OUT/STEM.shard-I-of-K.partial.jsonl; join the K shards with sethkit merge "
                 "(docs/scaling.md)");
  add_json_option(cmd, flags.json, "The results document (as OUT/STEM.json)");
}

void write_sweep_results(const SweepOutputFlags& flags, const std::string& dir,
                         const std::string& stem, const std::string& csv,
                         const nlohmann::json& document) {
  std::string name = "sweep-" + stem;
  std::replace(name.begin(), name.end(), '_', '-');
  nlohmann::json doc = document;
  doc["document"] = name;
  doc["schema_version"] = 1;
  write_sweep_output(dir, stem, csv, doc);
  emit_json(flags.json, name, 1, std::move(doc));
}

CellJournal open_sweep_journal(const std::string& dir, const std::string& stem,
                               const nlohmann::json& parameters, const SweepOutputFlags& flags) {
  namespace fs = std::filesystem;
  if (dir == "-")
    throw InputError(dir,
                     "a sweep writes a folder of files; standard output cannot hold it, "
                     "name a folder");
  std::error_code ec;
  const Shard shard = parse_shard(flags.shard);
  const std::string journal = journal_path(dir, stem + shard.suffix());
  if (!flags.resume && !flags.force) {
    if (fs::exists(journal, ec))
      throw InputError(journal,
                       "an interrupted run of this sweep left its journal here; pass "
                       "--resume to continue it or --force to start over");
    for (const char* ext : {".csv", ".json"})
      if (!shard.active())
        if (fs::exists(fs::path(dir) / (stem + ext), ec))
          throw InputError((fs::path(dir) / (stem + ext)).string(),
                           "earlier results are here; pass --force to replace them (or choose "
                           "another folder with -o)");
  }
  CellJournal opened(dir, stem, parameters, flags.resume, shard);
  if (flags.resume)
    fmt::print(stderr, "resuming: {} cell(s) recorded in {} are reused\n", opened.resumed(),
               journal);
  return opened;
}

bool finish_sweep_shard(CellJournal& journal, std::size_t cells) {
  const Shard& shard = journal.shard();
  if (!shard.active()) return false;
  journal.record_shard(command_without_output(command_arguments(), "-o", "--out"), "--out");
  fmt::print(stderr,
             "shard {}/{}: {} cell(s) kept in {}; when all {} shards are done, join them with: "
             "sethkit merge -o DIR SHARD_JOURNALS...\n",
             shard.index, shard.count, cells, journal.path(), shard.count);
  return true;
}

}  // namespace sethkit::cli
