// Loading a source instance from a file: a DIMACS CNF, an OV text file or a
// Gap-Hamming file, told apart by the header line ("p cnf", "p ov",
// "p gap-hamming"; formats in docs/formats.md), with the content hash, the
// reader's warnings and the instance as a chain carries it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/cnf.hpp"
#include "core/error.hpp"
#include "core/gap_hamming.hpp"
#include "core/ov.hpp"
#include "core/problem.hpp"

namespace sethkit {

struct SourceFile {
  std::string path;
  std::string sha256;      // of the file's bytes as read
  std::optional<Cnf> cnf;  // exactly one of cnf, ov, gap is set
  std::optional<OvInstance> ov;
  std::optional<GapHamming> gap;
  std::vector<std::string> warnings;  // reader warnings (lenient mode)
};

SourceFile load_source(const std::string& path, bool strict);

// An instance held in memory as a source (a program embedding sethkit, the
// Python module): `name` stands for its path in messages and certificates, and
// its hash is the SHA-256 of the text sethkit's writer gives it
// (format_dimacs, format_ov, format_gap_hamming without provenance), so a
// certificate made from it matches the same instance again in this version.
SourceFile in_memory_source(const Cnf& cnf, const std::string& name);
SourceFile in_memory_source(const OvInstance& ov, const std::string& name);
SourceFile in_memory_source(const GapHamming& gap, const std::string& name);

// Runs `work`; a ContractError it raises (an instance too large for a
// reduction, an oracle refusing it) becomes an InputError naming `path`.
template <typename Work>
auto naming_source(const std::string& path, Work&& work) {
  try {
    return work();
  } catch (const ContractError& e) {
    throw InputError(path, e.what());
  }
}

// The instance as a chain carries it (a copy).
ProblemValue problem_value(const SourceFile& source);

// {"vars": .., "clauses": ..} or {"nA": .., "nB": .., "d": ..} (core/problem.hpp).
nlohmann::json source_params(const SourceFile& source);

}  // namespace sethkit
