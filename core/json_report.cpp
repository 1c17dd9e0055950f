#include "core/json_report.hpp"

#include <nlohmann/json.hpp>

#include "core/file_io.hpp"
#include "core/version.hpp"

namespace sethkit {

nlohmann::json tool_json() {
  return {{"name", kToolName}, {"version", kToolVersion}, {"git_commit", kGitCommit}};
}

void write_json(const std::string& path, const nlohmann::json& document) {
  // dump() throws on invalid UTF-8 and writes NaN as null; reports hold no NaN
  // because every producer checks its numbers first.
  write_file_atomic(path, document.dump(2) + "\n");
}

std::string json_error_text(const std::exception& e) {
  std::string text = e.what();
  if (text.rfind("[json.exception.", 0) == 0) {
    const auto close = text.find("] ");
    if (close != std::string::npos) text = text.substr(close + 2);
  }
  return text;
}

}  // namespace sethkit
