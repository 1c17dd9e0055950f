#include "core/cell_journal.hpp"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <limits>

#include "core/error.hpp"
#include "core/file_io.hpp"
#include "core/json_report.hpp"

namespace sethkit {

namespace {
using nlohmann::json;
constexpr const char* kNonFinite = "__nonfinite:";

// JSON has no NaN or infinity: they travel as tagged strings.
json encode_nonfinite(const json& j) {
  if (j.is_number_float() && !std::isfinite(j.get<double>())) {
    const double x = j.get<double>();
    return std::string(kNonFinite) + (std::isnan(x) ? "nan" : x > 0 ? "inf" : "-inf");
  }
  if (j.is_array() || j.is_object()) {
    json out = j;
    for (auto& item : out) item = encode_nonfinite(item);
    return out;
  }
  return j;
}

json decode_nonfinite(const json& j) {
  if (j.is_string()) {
    const std::string& s = j.get_ref<const std::string&>();
    if (s.rfind(kNonFinite, 0) == 0) {
      const std::string what = s.substr(std::string(kNonFinite).size());
      if (what == "nan") return std::numeric_limits<double>::quiet_NaN();
      return what == "inf" ? std::numeric_limits<double>::infinity()
                           : -std::numeric_limits<double>::infinity();
    }
    return j;
  }
  if (j.is_array() || j.is_object()) {
    json out = j;
    for (auto& item : out) item = decode_nonfinite(item);
    return out;
  }
  return j;
}
}  // namespace

std::string journal_path(const std::string& dir, const std::string& stem) {
  return (std::filesystem::path(dir) / (stem + ".partial.jsonl")).string();
}

CellJournal::CellJournal(const std::string& dir, const std::string& stem, const json& parameters,
                         bool resume, Shard shard)
    : path_(journal_path(dir, stem + shard.suffix())), dir_(dir), shard_(shard) {
  const json header = {{"journal", stem}, {"parameters", encode_nonfinite(parameters)}};
  header_ = header.dump() + "\n";
  if (resume && std::filesystem::exists(path_)) {
    const std::string text = read_text_file(path_);
    std::size_t start = 0, line = 0;
    while (start < text.size()) {
      std::size_t end = text.find('\n', start);
      // A last line without its newline was cut by the interruption: dropped.
      if (end == std::string::npos) break;
      ++line;
      json record;
      try {
        record = json::parse(text.substr(start, end - start));
      } catch (const json::exception&) {
        throw InputError(path_, line, 0, "expected a JSON record of a sweep's journal");
      }
      if (line == 1) {
        if (record != header)
          throw InputError(path_, 1, 0,
                           "the journal was written by a sweep with other parameters; run "
                           "without --resume (and with --force) to start over");
      } else {
        if (!record.is_object() || !record.contains("key") || !record["key"].is_string() ||
            !record.contains("value"))
          throw InputError(path_, line, 0, "expected a record {\"key\": ..., \"value\": ...}");
        done_[record["key"].get<std::string>()] = decode_nonfinite(record["value"]);
      }
      if (line > 1) kept_.append(text, start, end - start + 1);
      start = end + 1;
    }
    resumed_ = done_.size();
  }
}

const json* CellJournal::find(const std::string& key) const {
  const auto it = done_.find(key);
  return it == done_.end() ? nullptr : &it->second;
}

void CellJournal::record(const std::string& key, const json& value) {
  if (path_.empty()) return;
  if (!out_) {
    // Opened at the first finished cell: a sweep refused before any work leaves no journal.
    // What was kept is rewritten (a line cut by the interruption is dropped), then appended to.
    std::error_code ec;
    std::filesystem::create_directories(dir_, ec);
    if (ec) throw InputError(dir_, fmt::format("cannot create output directory: {}", ec.message()));
    out_ = std::make_unique<std::ofstream>(path_, std::ios::binary | std::ios::trunc);
    *out_ << header_ << kept_ << std::flush;
    if (!*out_) throw InputError(path_, "cannot write the sweep's journal");
    kept_.clear();
  }
  *out_ << json{{"key", key}, {"value", encode_nonfinite(value)}}.dump() << "\n" << std::flush;
  if (!*out_) throw InputError(path_, "cannot append to the sweep's journal (disk full?)");
  done_[key] = value;
}

void CellJournal::refuse_record(const std::string& key, const std::exception& e) const {
  throw InputError(path_, fmt::format("the record \"{}\" does not read back as a result ({}); "
                                      "run with --force instead of --resume to start over",
                                      key, json_error_text(e)));
}

void CellJournal::record_shard(const std::vector<std::string>& command,
                               const std::string& output_option) {
  record(kShardRecordKey, {{"index", shard_.index},
                           {"count", shard_.count},
                           {"command", command},
                           {"output_option", output_option}});
}

void CellJournal::remove() {
  if (path_.empty()) return;
  out_.reset();
  std::error_code ignored;
  std::filesystem::remove(path_, ignored);
}

}  // namespace sethkit
