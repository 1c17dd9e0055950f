// Provenance of a generated file (docs/formats.md).
//
// Every file sethkit writes says which tool and commit wrote it, the family or
// reduction, the parameters, the seed and the full command line, so that any
// instance can be regenerated. Rendered as comment lines in the CNFgen style.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sethkit {

struct Provenance {
  std::string family;  // e.g. "random-kcnf", "cnf-to-ov"
  std::string params;  // "k=3 n=20 m=91 planted=yes"
  std::optional<std::uint64_t> seed;
  std::string command;             // full command line as run
  std::vector<std::string> extra;  // further comment lines, without the "c "

  // The comment lines, each without the leading "c " marker and without newline:
  // "sethkit 0.1.0 (git abc1234)", "family: ...", "params: ...", "seed: ...",
  // "command: ...", then `extra` in order. Empty fields are left out.
  std::vector<std::string> lines() const;
};

// The process's command line, recorded once by main() and read by writers.
void set_command_line(int argc, const char* const* argv);
const std::string& command_line();
// Its arguments after the program name, as given.
const std::vector<std::string>& command_arguments();

// "sethkit 0.1.0 (git abc1234)".
std::string tool_banner();

}  // namespace sethkit
