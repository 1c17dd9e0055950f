// Runs that outgrow one machine (docs/scaling.md): `--shard I/K` runs the
// cells of a sweep, or the reductions of `check`, whose key hashes to I among
// K (1 <= I <= K), and keeps its journal (core/cell_journal.hpp) as its
// output, DIR/STEM.shard-I-of-K.partial.jsonl, with a last record naming the
// shard and the command. Each cell's seed comes from the grid, never from
// what ran before, so shards are independent and their union is the
// unsharded run's cells; `sethkit merge` joins the journals and writes the
// unsharded run's files from them.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace sethkit {

struct Shard {
  std::size_t index = 1, count = 1;  // shard `index` of `count`, 1-based

  bool active() const { return count > 1; }
  // True iff the cell `key` is this shard's: FNV-1a of the key, mixed, mod count.
  bool owns(const std::string& key) const;
  // ".shard-I-of-K" (empty for an unsharded run).
  std::string suffix() const;
};

// "I/K" with 1 <= I <= K <= 100000; "" is the unsharded run. ContractError naming
// the text otherwise.
Shard parse_shard(const std::string& text);

// The journal record a shard appends last: its index, count and command.
inline constexpr const char* kShardRecordKey = "__shard__";

// The command's arguments (argv[1..]) without --shard, --resume, --force and
// the output option (`short_name`/`long_name` with its value, in any of the
// forms CLI11 accepts), for `sethkit merge` to run again with its own output.
std::vector<std::string> command_without_output(const std::vector<std::string>& args,
                                                const std::string& short_name,
                                                const std::string& long_name);

}  // namespace sethkit
