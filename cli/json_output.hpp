// `--json FILE|-` on every command (docs/json.md): one JSON document naming
// itself ("document": "solve", "verify", ...) and its "schema_version", its
// fields listed in docs/json.md and fixed by docs/schemas/<document>.schema.json.
// With "-", standard output holds the document alone: from the moment the
// option is parsed, everything else the command prints on standard output
// goes to standard error, so `sethkit X --json - | python3 -c 'json.load(...)'`
// works for every X.
#pragma once

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "core/provenance.hpp"

namespace sethkit::cli {

// Adds --json to `cmd`; `what` says what the document holds.
CLI::Option* add_json_option(CLI::App& cmd, std::string& into, const std::string& what);

// Whether `--json -` holds standard output (then an `-o -` is refused).
bool json_holds_stdout();

// Throws ContractError when `output` is "-" while --json - holds standard output.
void require_stdout_free(const std::string& output, const char* option);

// Writes `doc` with "document" and "schema_version" set: to the saved
// standard output for "-", atomically to a file otherwise; nothing when
// `path` is empty.
void emit_json(const std::string& path, const std::string& document, int schema_version,
               nlohmann::json doc);

// The document of a generator (`gen`): the file written, with its provenance
// (family, params, seed, command and the further comment lines).
nlohmann::json generated_json(const std::string& out, const Provenance& provenance);

}  // namespace sethkit::cli
