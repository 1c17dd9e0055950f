// `sethkit merge` (docs/scaling.md): the journals of the K shards of one run
// (core/shard.hpp) joined into the journal of the unsharded run, so that the
// shards' command, run again with --resume, computes nothing and writes the
// files the unsharded run writes.
#pragma once

#include <string>
#include <vector>

namespace sethkit {

struct MergedShards {
  std::vector<std::string> command;  // the shards' command without its output
  std::string output_option;         // how that command names its output: --out or --json
  std::string journal;               // the merged journal written
  std::size_t shards = 0, records = 0;
};

// Reads the shard journals `files` (any order), checks that they are the K
// finished shards of one run (the same first line, shard records 1 .. K each
// once, no cell recorded twice with different values), and writes the
// journal the run with output `output` resumes from: OUT/STEM.partial.jsonl
// for a sweep (--out OUT), OUT.partial.jsonl beside the bundle for check
// (--json OUT). InputError naming the file and line otherwise; an existing
// merged journal, or the run's files already in place, are refused unless
// `force`.
MergedShards merge_shard_journals(const std::vector<std::string>& files, const std::string& output,
                                  bool force);

}  // namespace sethkit
