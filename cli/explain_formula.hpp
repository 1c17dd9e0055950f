// The `sethkit explain formula-transformer` lesson: a small formula evaluated
// layer by layer by the RoPE transformer of reductions/formula_transformer.hpp
// (docs/reductions/formula_transformer.md; around Chen, Li, Liang, Long, Shi,
// Song 2024).
#pragma once

#include <cstdint>

#include "cli/explain_doc.hpp"

namespace sethkit::cli {

// A Boolean formula of binary depth 2 drawn from `seed` (NOT gates included).
void explain_formula_transformer(ExplainDoc& doc, std::uint64_t seed);

}  // namespace sethkit::cli
