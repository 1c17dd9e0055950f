// JSON for certificates and run bundles (spec/formats.md, section 5; schema in
// docs/run_bundle.md). A bundle holds the source (name, hash, parameters), the
// chain with declared and actual sizes, the attention parameters (n, d, scale,
// B, R, B / sqrt(ln n), tolerated error, margin), the oracle and its measured
// error, the decoded answer, the ground truth and the agreement.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "reductions/chain.hpp"

namespace sethkit {

nlohmann::json to_json(const CnfToOvCertificate& c);
nlohmann::json to_json(const AttentionCertificate& c);

// `source_sha256` of the input file's bytes; `source_params` e.g. {"vars": 20, "clauses": 91}.
nlohmann::json to_run_bundle(const ChainReport& report, const std::string& source_sha256,
                             const nlohmann::json& source_params);

}  // namespace sethkit
