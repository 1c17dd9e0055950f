// JSON for certificates and run bundles (spec/formats.md, section 5; schema in
// docs/run_bundle.md). A bundle holds the source (name, hash, parameters), the
// chain with declared and actual sizes, the attention parameters (n, d, scale,
// B, R, B / sqrt(ln n), tolerated error, margin), the oracle and its measured
// error, the decoded answer, the ground truth and the agreement.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "reductions/chain.hpp"

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

// `source_sha256` of the input file's bytes; `source_params` e.g. {"vars": 20, "clauses": 91}.
nlohmann::json to_run_bundle(const ChainReport& report, const std::string& source_sha256,
                             const nlohmann::json& source_params);

}  // namespace sethkit
