// JSON for certificates and run bundles (spec/formats.md, section 5; schema in
// docs/run_bundle.md). A bundle holds the source (name, hash, parameters), the
// chain with declared and actual sizes, the oracle's parameters and its
// measured error, the decoded answer, the ground truth and the agreement.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "reductions/cnf_to_ov.hpp"
#include "reductions/ov_to_attention.hpp"
#include "solvers/sat_result.hpp"

namespace sethkit {

nlohmann::json to_json(const CnfToOvCertificate& c);
nlohmann::json to_json(const AttentionCertificate& c);
// A solver's answer: solver name and version, status, model (SAT), time, note.
nlohmann::json to_json(const SatResult& truth);

// The fields every bundle opens with: schema version, tool, command line, the
// seed (null when nothing was random) and the source.
nlohmann::json bundle_header(const std::string& problem, const std::string& file,
                             const std::string& source_sha256, const nlohmann::json& source_params,
                             std::optional<std::uint64_t> seed);

struct ChainRun;

// The run bundle of a chain (schema in docs/run_bundle.md): the header, the
// chain's steps with their certificates and claimed and built sizes, the
// oracle with its measured error and margins, the decoded answer, the witness
// at every stage, the ground truth at every stage, the agreement and timings.
// `source_sha256` of the input's bytes.
nlohmann::json to_run_bundle(const ChainRun& run, const std::string& source_sha256);

}  // namespace sethkit
