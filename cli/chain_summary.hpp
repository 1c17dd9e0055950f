// Human-readable summary of a chain run: sizes, B against sqrt(ln n), the
// margin, the decoded answer, the witness check and the ground truth.
#pragma once

#include <string>

#include "reductions/chain.hpp"

namespace sethkit::cli {

// Several lines ending in newline; `plain_words` adds the explanations the demo gives.
std::string chain_summary(const ChainReport& report, bool plain_words);

}  // namespace sethkit::cli
