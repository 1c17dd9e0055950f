#include "cli/sweep_journal.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "core/budget.hpp"
#include "core/error.hpp"
#include "core/progress.hpp"

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
}

CellJournal open_sweep_journal(const std::string& dir, const std::string& stem,
                               const nlohmann::json& parameters, const SweepOutputFlags& flags) {
  namespace fs = std::filesystem;
  if (dir == "-")
    throw InputError(dir,
                     "a sweep writes a folder of files; standard output cannot hold it, "
                     "name a folder");
  std::error_code ec;
  const std::string journal = journal_path(dir, stem);
  if (!flags.resume && !flags.force) {
    if (fs::exists(journal, ec))
      throw InputError(journal,
                       "an interrupted run of this sweep left its journal here; pass "
                       "--resume to continue it or --force to start over");
    for (const char* ext : {".csv", ".json"})
      if (fs::exists(fs::path(dir) / (stem + ext), ec))
        throw InputError((fs::path(dir) / (stem + ext)).string(),
                         "earlier results are here; pass --force to replace them (or choose "
                         "another folder with -o)");
  }
  CellJournal opened(dir, stem, parameters, flags.resume);
  if (flags.resume)
    fmt::print(stderr, "resuming: {} cell(s) recorded in {} are reused\n", opened.resumed(),
               journal);
  return opened;
}

}  // namespace sethkit::cli
