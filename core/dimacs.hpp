// DIMACS CNF reading and writing (docs/formats.md).
//
// Lenient mode (default) accepts what real benchmark files contain: SATLIB `%`
// end lines, a last clause without its 0, a header whose counts are off; each
// such deviation is a warning. Strict mode refuses them. Both modes refuse
// garbage with an InputError "file:line:col: expected ..., found ..." and
// check declared sizes against Limits before allocating anything.
// The writer emits the provenance block, an exact header and one clause a line.
#pragma once

#include <string>
#include <vector>

#include "core/cnf.hpp"
#include "core/limits.hpp"
#include "core/provenance.hpp"

namespace sethkit {

struct DimacsOptions {
  bool strict = false;
  Limits limits{};
};

struct DimacsFile {
  Cnf cnf;
  int declared_vars = 0;
  std::size_t declared_clauses = 0;
  std::vector<std::string> warnings;  // "file:line: message", lenient mode only
};

// Parses DIMACS text; `name` is used in messages.
DimacsFile parse_dimacs(const std::string& text, const std::string& name,
                        const DimacsOptions& options = {});
// Reads a file ("-" for stdin, .gz through zlib).
DimacsFile read_dimacs(const std::string& path, const DimacsOptions& options = {});

// The DIMACS text of `cnf`: provenance comments, header, clauses.
std::string format_dimacs(const Cnf& cnf, const Provenance& provenance);
void write_dimacs(const std::string& path, const Cnf& cnf, const Provenance& provenance);

}  // namespace sethkit
