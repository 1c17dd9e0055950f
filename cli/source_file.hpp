// Loading a source instance for `verify` and `reduce`: a DIMACS CNF or an OV
// text file, told apart by its header line ("p cnf" or "p ov").
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/cnf.hpp"
#include "core/error.hpp"
#include "core/ov.hpp"

namespace sethkit::cli {

struct SourceFile {
  std::string path;
  std::string sha256;      // of the file's bytes as read
  std::optional<Cnf> cnf;  // exactly one of cnf, ov is set
  std::optional<OvInstance> ov;
  std::vector<std::string> warnings;  // reader warnings (lenient mode)
};

SourceFile load_source(const std::string& path, bool strict);

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

// {"vars": .., "clauses": ..} or {"nA": .., "nB": .., "d": ..}.
nlohmann::json source_params(const SourceFile& source);

}  // namespace sethkit::cli
