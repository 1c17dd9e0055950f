#include "chain/run_bundle.hpp"

#include <nlohmann/json.hpp>

#include "chain/executor.hpp"
#include "core/json_report.hpp"
#include "core/provenance.hpp"

namespace sethkit {

using nlohmann::json;

json bundle_header(const std::string& problem, const std::string& file,
                   const std::string& source_sha256, const json& source_params,
                   std::optional<std::uint64_t> seed) {
  json bundle;
  bundle["schema_version"] = kRunBundleSchemaVersion;
  bundle["tool"] = tool_json();
  bundle["command_line"] = command_line();
  bundle["seed"] = seed ? json(*seed) : json(nullptr);
  bundle["source"] = {{"problem", problem},
                      {"file", file},
                      {"content_sha256", source_sha256},
                      {"params", source_params}};
  return bundle;
}

namespace {
json to_json(const StepRecord& s) {
  return {{"reduction", s.reduction},
          {"from", s.from},
          {"to", s.to},
          {"declared_overhead", s.declared_overhead},
          {"evaluated_sizes", s.evaluated},
          {"actual_sizes", s.built},
          {"overhead_ok", s.overhead_ok},
          {"certificate", s.certificate},
          {"seconds", s.seconds}};
}

json to_json(const std::optional<Witness>& w) {
  if (!w) return nullptr;
  json j = json::object();
  if (!w->indices.empty()) j["indices"] = w->indices;
  if (w->assignment) j["assignment"] = to_literals(*w->assignment);
  return j;
}
}  // namespace

json to_run_bundle(const ChainRun& run, const std::string& source_sha256) {
  const OracleRecord& o = run.oracle;
  json bundle =
      bundle_header(run.problems.front(), run.source_name, source_sha256, run.source_params,
                    o.noise > 0 ? std::optional(o.seed) : std::nullopt);
  json steps = json::array();
  for (const StepRecord& s : run.steps) steps.push_back(to_json(s));
  steps.push_back(to_json(o.step));
  bundle["chain"] = {{"name", run.chain}, {"problems", run.problems}, {"steps", steps}};

  json oracle = o.record;
  oracle["name"] = o.oracle;
  oracle["error_bound"] = o.error_bound;
  oracle["measured_error"] = o.measured_error ? json(*o.measured_error) : json(nullptr);
  oracle["injected_noise"] = o.noise;
  oracle["assumed_error"] = o.assumed_error;
  oracle["tolerated_error"] = o.tolerated_error;
  oracle["timing_s"] = o.seconds_oracle;
  bundle["oracle"] = oracle;

  bundle["decoded_answer"] = {{"problem", run.stages.back().problem},
                              {"verdict", to_string(o.verdict)},
                              {"margin", o.margin},
                              {"witness", to_json(o.witness)},
                              {"note", o.note}};
  json stages = json::array();
  for (const ChainStage& s : run.stages) {
    json truth = s.truth.record;
    truth["known"] = s.truth.known;
    truth["yes"] = s.truth.yes;
    if (!s.truth.note.empty()) truth["note"] = s.truth.note;
    stages.push_back({{"problem", s.problem},
                      {"instance", s.description},
                      {"ground_truth", truth},
                      {"witness", to_json(s.witness)},
                      {"witness_ok", s.witness_ok}});
  }
  bundle["stages"] = stages;
  if (run.judged_by_rows)
    bundle["rows"] = {{"checked", run.rows_checked},
                      {"outside_promise", run.rows_outside},
                      {"disagreements", run.row_disagreements}};
  bundle["overhead_ok"] = run.overhead_ok();
  bundle["verdict"] = to_string(run.agreement);
  bundle["explanation"] = run.explanation;
  bundle["timings_s"] = {{"encode", run.seconds_encode},
                         {"oracle", o.seconds_oracle},
                         {"decode", o.seconds_decode},
                         {"witness", o.seconds_witness},
                         {"ground_truth", run.seconds_truth}};
  bundle["warnings"] = run.warnings;
  return bundle;
}

}  // namespace sethkit
