// Human-readable summary of a transformer chain run: the split, the
// transformer's size and beta, min ACC against the bounds, the decoded answer,
// the recovered witness and the ground truth.
#pragma once

#include <string>

#include "reductions/transformer_chain.hpp"

namespace sethkit::cli {

std::string transformer_summary(const TransformerChainReport& report);

}  // namespace sethkit::cli
