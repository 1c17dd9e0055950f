// What every sweep command shares (docs/cli.md, "Budgets and progress",
// "Interrupted runs"): its plan, said and checked against the budget before
// any work; and about its output folder, --resume continues an interrupted run from its journal
// (core/cell_journal.hpp), --force replaces earlier results; without
// either, existing results or an interrupted run's journal are refused, so
// nothing is lost by accident.
#pragma once

#include <CLI/CLI.hpp>
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "core/cell_journal.hpp"
#include "experiments/sweep_plan.hpp"

namespace sethkit::cli {

struct SweepOutputFlags {
  bool resume = false;
  bool force = false;
  std::string shard;  // "I/K" (core/shard.hpp); empty: the whole sweep
  std::string json;   // --json FILE|-: the results document once more (docs/json.md)
};

// Refuses a plan above the budget (--max-memory, --max-seconds), then prints
// it on standard error as the sweep's first line (unless -q).
void announce_sweep_plan(const SweepPlan& plan);

// Adds --resume, --force, --shard and --json.
void add_sweep_output_flags(CLI::App& cmd, SweepOutputFlags& flags);

// Refuses DIR/STEM.csv, STEM.json or an interrupted run's journal when the
// flags do not allow them, then opens the journal (resumed with --resume) and
// says on stderr how many cells it brings back.
// With --shard, the journal is the shard's (DIR/STEM.shard-I-of-K.partial.jsonl)
// and only it is checked: a shard writes no final files.
CellJournal open_sweep_journal(const std::string& dir, const std::string& stem,
                               const nlohmann::json& parameters, const SweepOutputFlags& flags);

// For a shard's run: records the shard and its command in the journal, keeps
// it, says on stderr how to join the shards, and returns true (the sweep
// then writes nothing else). False for an unsharded run.
bool finish_sweep_shard(CellJournal& journal, std::size_t cells);

// Writes DIR/STEM.csv and DIR/STEM.json (experiments/sweep_output.hpp) and,
// with --json, the same document as "sweep-STEM".
void write_sweep_results(const SweepOutputFlags& flags, const std::string& dir,
                         const std::string& stem, const std::string& csv,
                         const nlohmann::json& document);

}  // namespace sethkit::cli
