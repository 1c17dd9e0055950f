// The `sethkit explain ov-to-attention-gradient` lesson: OV decided from the
// gradient dL/dQ of one attention layer (reductions/ov_to_attention_gradient.hpp,
// docs/reductions/ov_to_attention_gradient.md).
#pragma once

#include "cli/explain_doc.hpp"
#include "core/ov.hpp"

namespace sethkit::cli {

void explain_ov_to_attention_gradient(ExplainDoc& doc, const OvInstance& ov);

}  // namespace sethkit::cli
