// The record of one attention run that `attend --json` writes: the backend,
// the shapes, the scale, B = max |entry|, R = max |logit| (or null when the
// backend did not observe it) beside the O(n d) bound on R, the backend's
// guaranteed error, the error measured against exact attention on sampled rows
// (attention/reference_check.hpp), the time and the backend's details; with
// RoPE, the base, the layout and the rotated entry bound sqrt(2) B.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>

#include "attention/backend.hpp"

namespace sethkit {

nlohmann::json attention_run_report(const std::string& backend, const AttentionInput& input,
                                    const AttentionOutput& result,
                                    std::optional<double> measured_error);

}  // namespace sethkit
