// JSON of the transformer chain's certificates (docs/run_bundle.md, and the
// model directory's certificate.json): the CNF -> 3-OV split and the 3-OV ->
// transformer construction, and the latter read back for `forward --decode`.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "reductions/cnf_to_three_ov.hpp"
#include "reductions/three_ov_to_transformer.hpp"

namespace sethkit {

nlohmann::json to_json(const CnfToThreeOvCertificate& c);
nlohmann::json to_json(const TransformerCertificate& c);
// The certificate back from to_json's output (the fields decoding needs and
// the sizes); throws InputError naming `file` on a missing or mistyped field.
TransformerCertificate transformer_certificate_from_json(const nlohmann::json& j,
                                                         const std::string& file);

}  // namespace sethkit
