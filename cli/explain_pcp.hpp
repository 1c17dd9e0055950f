// The `sethkit explain ov-to-gap-max-ip` lesson: the distributed PCP on one
// orthogonal and one non-orthogonal pair (reductions/ov_to_gap_max_ip.hpp,
// docs/reductions/ov_to_gap_max_ip.md): the grid, the column polynomials, P,
// the hints and the accepting r, then the vectors' inner products.
#pragma once

#include "cli/explain_doc.hpp"
#include "core/ov.hpp"

namespace sethkit::cli {

void explain_ov_to_gap_max_ip(ExplainDoc& doc, const OvInstance& ov);

}  // namespace sethkit::cli
