#include "reductions/diameter_bundle.hpp"

#include "reductions/run_bundle.hpp"

namespace sethkit {

using nlohmann::json;

json to_run_bundle(const DiameterChainReport& r, const std::string& source_sha256,
                   const json& source_params) {
  json bundle =
      bundle_header(r.source_kind, r.source_name, source_sha256, source_params, std::nullopt);
  const auto& c = r.certificate;
  bundle["chain"] = json::array();
  if (r.split)
    bundle["chain"].push_back({{"rule", CnfToOv::kName},
                               {"declared_overhead", CnfToOv::kDeclaredOverhead},
                               {"actual_sizes", {{"N_a", c.n_a}, {"N_b", c.n_b}, {"d", c.d}}}});
  bundle["chain"].push_back({{"rule", OvToDiameter::kName},
                             {"declared_overhead", OvToDiameter::kDeclaredOverhead},
                             {"evaluated_sizes", {{"V", c.vertices}, {"E_bound", c.edge_bound}}},
                             {"actual_sizes", {{"V", c.vertices}, {"E", c.edges}}},
                             {"overhead_ok", c.edges <= c.edge_bound}});
  json decoded = {{"verdict", to_string(r.decoded.verdict)},
                  {"diameter", r.decoded.diameter},
                  {"bfs_runs", r.decoded.bfs_runs}};
  if (r.decoded.witness) {
    decoded["witness"] = {{"a", r.decoded.witness->first}, {"b", r.decoded.witness->second}};
    if (r.assignment) decoded["witness"]["assignment"] = to_literals(*r.assignment);
    decoded["witness_ok"] = r.witness_ok;
  }
  bundle["decoded_answer"] = decoded;
  json truth = {{"ov_solver", {{"found", r.ov_truth.found}}}};
  if (r.sat_truth) truth["sat"] = to_json(*r.sat_truth);
  bundle["ground_truth"] = truth;
  bundle["verdict"] = to_string(r.agreement);
  bundle["explanation"] = r.explanation;
  bundle["timings_s"] = {
      {"encode", r.seconds_encode}, {"decode", r.seconds_decode}, {"truth", r.seconds_truth}};
  return bundle;
}

}  // namespace sethkit
