// JSON run bundle of the diameter chains (docs/run_bundle.md): the source, the
// steps (cnf-to-ov for CNF sources, ov-to-diameter) with declared and built
// sizes, the decoded diameter and witness, the ground truth and the agreement.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "reductions/diameter_chain.hpp"

namespace sethkit {

nlohmann::json to_run_bundle(const DiameterChainReport& report, const std::string& source_sha256,
                             const nlohmann::json& source_params);

}  // namespace sethkit
