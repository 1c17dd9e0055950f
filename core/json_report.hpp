// JSON reports (nlohmann-json): the tool block shared by every report, and
// writing a JSON document atomically (docs/run_bundle.md).
#pragma once

#include <exception>
#include <nlohmann/json_fwd.hpp>
#include <string>

namespace sethkit {

inline constexpr int kRunBundleSchemaVersion = 2;

// {"name": "sethkit", "version": "0.1.0", "git_commit": "abc1234"}
nlohmann::json tool_json();

// Pretty-printed JSON written through AtomicOutput ("-" for stdout).
void write_json(const std::string& path, const nlohmann::json& document);

// nlohmann's message without its "[json.exception.type_error.302] " prefix,
// for one-line errors that name the file ("type must be number, but is string").
std::string json_error_text(const std::exception& e);

}  // namespace sethkit
