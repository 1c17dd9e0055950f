// JSON run bundle of the transformer chain (docs/run_bundle.md): the source,
// the steps cnf-to-3ov and 3ov-to-transformer with declared and built sizes,
// the transformer's certificate, the oracle, the decoded answer with its
// witness triple and assignment, the ground truth (CaDiCaL and brute-force
// 3-OV) and the agreement.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "reductions/transformer_chain.hpp"

namespace sethkit {

nlohmann::json to_json(const CnfToThreeOvCertificate& c);
nlohmann::json to_json(const TransformerCertificate& c);
// The certificate back from to_json's output (the fields decoding needs and
// the sizes); throws InputError naming `file` on a missing or mistyped field.
TransformerCertificate transformer_certificate_from_json(const nlohmann::json& j,
                                                         const std::string& file);
nlohmann::json to_run_bundle(const TransformerChainReport& report, const std::string& source_sha256,
                             const nlohmann::json& source_params);

}  // namespace sethkit
