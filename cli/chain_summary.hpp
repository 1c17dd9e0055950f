// Human-readable summary of a chain run: each step with its sizes (for
// attention, B against sqrt(ln n)), the oracle and its margin, the witness
// at every stage and the ground truth at every stage.
#pragma once

#include <string>

#include "chain/executor.hpp"

namespace sethkit::cli {

// Several lines ending in newline; `plain_words` adds the explanations the demo gives.
std::string chain_summary(const ChainRun& run, bool plain_words);

}  // namespace sethkit::cli
