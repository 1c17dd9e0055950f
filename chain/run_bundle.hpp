// The run bundle of a chain (schema 2 in docs/run_bundle.md): the header
// (schema version, tool, command line, seed, source), the chain's steps with
// their certificates and claimed and built sizes, the oracle with its measured
// error and margins, the decoded answer, the witness and the ground truth at
// every stage, the agreement and timings. Each construction writes its own
// certificate (reductions/*.hpp, to_json); this file assembles them.
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>

namespace sethkit {

struct ChainRun;

// The fields every bundle opens with: schema version, tool, command line, the
// seed (null when nothing was random) and the source.
nlohmann::json bundle_header(const std::string& problem, const std::string& file,
                             const std::string& source_sha256, const nlohmann::json& source_params,
                             std::optional<std::uint64_t> seed);

// The run bundle of a chain; `source_sha256` of the input's bytes.
nlohmann::json to_run_bundle(const ChainRun& run, const std::string& source_sha256);

}  // namespace sethkit
