// Interrupted sweeps and checks that resume (docs/cli.md, "Interrupted runs").
//
// A sweep appends each finished cell (or each task's cells) to
// DIR/STEM.partial.jsonl as soon as it is done: one JSON record per line,
// flushed to disk, after a first line holding the sweep's parameters (the
// seed among them). A sweep started with --resume reads the journal back,
// refuses it when its parameters differ, and reuses every recorded cell
// instead of computing it again, so its final DIR/STEM.csv and STEM.json
// hold exactly the cells an uninterrupted run computes (each cell's seed
// comes from the grid, not from what ran before). The journal is removed once
// the final files are written. Non-finite numbers survive the round trip.
// A shard's run (core/shard.hpp) writes DIR/STEM.shard-I-of-K.partial.jsonl,
// computes only its own cells and keeps the journal as its output.
#pragma once

#include <cstdint>
#include <exception>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/shard.hpp"

namespace sethkit {

class CellJournal {
 public:
  // No journal: every cell is computed and nothing is recorded.
  CellJournal() = default;
  // The journal DIR/STEM.partial.jsonl. With `resume`, the records of an
  // existing journal are loaded (InputError naming it when its parameters
  // differ from `parameters` or a line is not a record); without, an existing
  // journal is replaced. The file (and DIR) is written at the first record().
  // A shard's journal is DIR/STEM<shard.suffix()>.partial.jsonl, with the same
  // first line as the unsharded run's.
  CellJournal(const std::string& dir, const std::string& stem, const nlohmann::json& parameters,
              bool resume, Shard shard = {});

  // The recorded value of a cell, or nullptr.
  const nlohmann::json* find(const std::string& key) const;
  // Appends a finished cell and flushes it to disk.
  void record(const std::string& key, const nlohmann::json& value);
  // Removes the journal (after the final files are written).
  void remove();

  // True iff this run computes the cell `key` (always, unless sharded).
  bool owns(const std::string& key) const { return shard_.owns(key); }
  const Shard& shard() const { return shard_; }
  // A shard's last record: its index and count, and `command` (the command
  // without its output, core/shard.hpp) with the option that names the output.
  void record_shard(const std::vector<std::string>& command, const std::string& output_option);

  // InputError naming the journal and the record `key`, whose recorded value
  // does not read back as a cell (an edited or foreign journal).
  [[noreturn]] void refuse_record(const std::string& key, const std::exception& e) const;

  std::size_t resumed() const { return resumed_; }
  const std::string& path() const { return path_; }

 private:
  std::string path_, dir_;
  std::string header_, kept_;  // the first line; the records read back, until rewritten
  std::map<std::string, nlohmann::json> done_;
  std::unique_ptr<std::ofstream> out_;
  std::size_t resumed_ = 0;
  Shard shard_;
};

// True iff the journal belongs to a shard that does not compute the cell `key`.
inline bool not_this_shard(const CellJournal* journal, const std::string& key) {
  return journal != nullptr && !journal->owns(key);
}

// DIR/STEM.partial.jsonl.
std::string journal_path(const std::string& dir, const std::string& stem);

// The cell `key` from the journal when recorded there, else `compute()`,
// recorded. `journal` may be null (no journal). Cell needs to_json/from_json.
template <class Cell, class Compute>
Cell journaled(CellJournal* journal, const std::string& key, Compute&& compute) {
  if (journal != nullptr)
    if (const nlohmann::json* recorded = journal->find(key)) try {
        return recorded->get<Cell>();
      } catch (const nlohmann::json::exception& e) {
        journal->refuse_record(key, e);
      }
  Cell cell = compute();
  if (journal != nullptr) journal->record(key, nlohmann::json(cell));
  return cell;
}

}  // namespace sethkit
