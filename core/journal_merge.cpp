#include "core/journal_merge.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "core/cell_journal.hpp"
#include "core/error.hpp"
#include "core/file_io.hpp"
#include "core/shard.hpp"

namespace sethkit {

namespace {
using nlohmann::json;

struct ShardJournal {
  json header;
  std::vector<std::pair<std::string, json>> records;  // cells, in order
  json shard;                                         // the shard record's value
};

ShardJournal read_shard_journal(const std::string& file) {
  const std::string text = read_text_file(file);
  ShardJournal j;
  std::size_t start = 0, line = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    if (end == std::string::npos)
      throw InputError(file, line + 1, 0,
                       "expected a complete record (the shard was interrupted: finish it with "
                       "--resume)");
    ++line;
    json record;
    try {
      record = json::parse(text.substr(start, end - start));
    } catch (const json::exception&) {
      throw InputError(file, line, 0, "expected a JSON record of a shard's journal");
    }
    if (line == 1) {
      if (!record.is_object() || !record.contains("journal") || !record["journal"].is_string() ||
          !record.contains("parameters"))
        throw InputError(file, 1, 0,
                         "expected a journal's first line {\"journal\": ..., \"parameters\": ...}");
      j.header = record;
    } else {
      if (!record.is_object() || !record.contains("key") || !record["key"].is_string() ||
          !record.contains("value"))
        throw InputError(file, line, 0, "expected a record {\"key\": ..., \"value\": ...}");
      const std::string key = record["key"].get<std::string>();
      if (key == kShardRecordKey)
        j.shard = record["value"];
      else
        j.records.emplace_back(key, record["value"]);
    }
    start = end + 1;
  }
  if (line == 0) throw InputError(file, "expected a shard's journal, found an empty file");
  const json& s = j.shard;
  if (s.is_null())
    throw InputError(file,
                     "no shard record: this is not a finished shard's journal (an interrupted "
                     "shard is finished with --resume)");
  if (!s.is_object() || !s.contains("index") || !s["index"].is_number_unsigned() ||
      !s.contains("count") || !s["count"].is_number_unsigned() || !s.contains("command") ||
      !s["command"].is_array() || !s.contains("output_option") || !s["output_option"].is_string() ||
      s["index"].get<std::size_t>() < 1 ||
      s["index"].get<std::size_t>() > s["count"].get<std::size_t>())
    throw InputError(file,
                     "expected a shard record {\"index\": I, \"count\": K, \"command\": [...], "
                     "\"output_option\": ...} with 1 <= I <= K");
  for (const json& arg : s["command"])
    if (!arg.is_string()) throw InputError(file, "expected the shard's command as strings");
  return j;
}
}  // namespace

MergedShards merge_shard_journals(const std::vector<std::string>& files, const std::string& output,
                                  bool force) {
  namespace fs = std::filesystem;
  require(!files.empty(), "merge: name the shards' journals");
  std::vector<ShardJournal> shards;
  for (const std::string& f : files) shards.push_back(read_shard_journal(f));
  const ShardJournal& first = shards.front();
  const std::size_t count = first.shard["count"].get<std::size_t>();
  std::map<std::size_t, std::string> seen;  // shard index -> its file
  for (std::size_t i = 0; i < shards.size(); ++i) {
    const ShardJournal& s = shards[i];
    if (s.header != first.header)
      throw InputError(files[i], 1, 0,
                       fmt::format("expected the same run as {}: its first line (the sweep and "
                                   "its parameters) differs",
                                   files.front()));
    if (s.shard["count"] != first.shard["count"] || s.shard["command"] != first.shard["command"] ||
        s.shard["output_option"] != first.shard["output_option"])
      throw InputError(files[i], fmt::format("expected a shard of the same run as {}: its shard "
                                             "count or command differs",
                                             files.front()));
    const std::size_t index = s.shard["index"].get<std::size_t>();
    if (const auto [it, fresh] = seen.emplace(index, files[i]); !fresh)
      throw InputError(files[i], fmt::format("shard {}/{} is also {}", index, count, it->second));
  }
  if (seen.size() != count) {
    std::string missing;
    for (std::size_t i = 1; i <= count && missing.size() < 200; ++i)
      if (!seen.count(i)) missing += (missing.empty() ? "" : ", ") + std::to_string(i);
    throw InputError(files.front(),
                     fmt::format("expected all {} shards; missing shard(s) {}", count, missing));
  }

  MergedShards merged;
  merged.command = first.shard["command"].get<std::vector<std::string>>();
  merged.output_option = first.shard["output_option"].get<std::string>();
  merged.shards = count;
  // A sweep's journal lives in its output folder under the sweep's name;
  // check's beside its bundle, under the bundle's name.
  const bool bundle = merged.output_option == "--json";
  const fs::path out(output);
  const std::string dir =
      bundle ? (out.has_parent_path() ? out.parent_path().string() : ".") : output;
  const std::string stem =
      bundle ? out.filename().string() : first.header["journal"].get<std::string>();
  merged.journal = journal_path(dir, stem);
  if (!force) {
    if (fs::exists(merged.journal))
      throw InputError(merged.journal, "a journal is already here; pass --force to replace it");
    std::vector<fs::path> outputs{out};
    if (!bundle) outputs = {out / (stem + ".csv"), out / (stem + ".json")};
    for (const fs::path& o : outputs)
      if (fs::exists(o))
        throw InputError(o.string(), "earlier results are here; pass --force to replace them");
  }

  json header = first.header;
  header["journal"] = stem;
  std::string text = header.dump() + "\n";
  std::map<std::string, json> cells;
  for (std::size_t i = 0; i < shards.size(); ++i)
    for (const auto& [key, value] : shards[i].records) {
      if (const auto it = cells.find(key); it != cells.end()) {
        if (it->second != value)
          throw InputError(files[i], fmt::format("the cell \"{}\" is also recorded, with another "
                                                 "value, by another shard",
                                                 key));
        continue;
      }
      cells.emplace(key, value);
      text += json{{"key", key}, {"value", value}}.dump() + "\n";
    }
  merged.records = cells.size();
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw InputError(dir, fmt::format("cannot create the folder: {}", ec.message()));
  write_file_atomic(merged.journal, text);
  return merged;
}

}  // namespace sethkit
