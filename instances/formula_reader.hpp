// Reading the formula instances of instances/formula_jsonl.hpp back
// (docs/formulas.md): the header's kind and modulus, then each record's id,
// postfix encoding and label. Formulas of the Boolean formula value problem
// and of arithmetic mod p, the NC1-complete problems of Chen, Li, Liang,
// Long, Shi, Song, "Circuit Complexity Bounds for RoPE-based Transformer
// Architecture" (2024).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/limits.hpp"
#include "instances/formula_families.hpp"

namespace sethkit {

struct FormulaRecord {
  std::uint64_t id = 0;
  std::string postfix;
  std::uint64_t label = 0;
  std::size_t line = 0;  // 1-based line of the file
};

struct FormulaFile {
  FormulaKind kind = FormulaKind::kBoolean;
  std::uint64_t p = 2;  // 2 for Boolean formulas
  std::vector<FormulaRecord> records;
};

// Throws InputError(path, line, ...) for a first line that is not a
// sethkit-formula header, a line that is not JSON, or a record without a
// postfix encoding or an integer label below p. The file must fit in
// limits.max_bytes.
FormulaFile read_formula_jsonl(const std::string& path, const Limits& limits = {});

}  // namespace sethkit
