// Formula instances as JSON Lines (docs/formulas.md): a header record with
// the parameters, seed, tool and command, then one record per formula with
// its infix and/or postfix encoding and the label computed by the stack
// evaluators of the written string (both must agree with the generator's
// target, else nothing is returned as written). Labels are exactly balanced: a
// shuffled cycle through the values.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>

#include "instances/formula_families.hpp"

namespace sethkit {

struct FormulaFileParams {
  FormulaParams formula;
  std::uint64_t count = 1000;
  std::string encoding = "both";  // infix, postfix or both
  std::uint64_t seed = 1;
};

// Checks the sizes first (about 16 bytes per leaf, 8 GiB at most), then writes
// the records to `out`; returns the formulas' size.
FormulaSize write_formula_jsonl(std::ostream& out, const FormulaFileParams& p);

}  // namespace sethkit
