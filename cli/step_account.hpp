// Each step of a chain in words, for `verify` and `demo`: the reader-facing
// account of what a step built (from its certificate and the sizes it
// recorded) and, for the oracle step, what the oracle answered and how it was
// decoded (from the oracle's record). `plain_words` adds the one-paragraph
// explanation the demo gives. The chain itself records data only.
#pragma once

#include <string>

#include "chain/steps.hpp"

namespace sethkit::cli {

// Lines starting with two spaces and ending in newline.
std::string exact_step_account(const StepRecord& step, bool plain_words);
std::string oracle_step_account(const OracleRecord& oracle, bool plain_words);

}  // namespace sethkit::cli
