#include "reductions/run_bundle.hpp"

#include "core/json_report.hpp"
#include "core/provenance.hpp"
#include "reductions/ov_to_hamming.hpp"

namespace sethkit {

using nlohmann::json;

json to_json(const CnfToOvCertificate& c) {
  return {
      {"reduction", CnfToOv::kName}, {"vars", c.vars}, {"clauses", c.clauses}, {"vars_a", c.vars_a},
      {"vars_b", c.vars_b},          {"N_a", c.n_a},   {"N_b", c.n_b},         {"d", c.d},
      {"index_order", "lsb-first"}};
}

json to_json(const AttentionCertificate& c) {
  return {{"reduction", c.reduction},
          {"n_q", c.n_q},
          {"n_k", c.n_k},
          {"d", c.d},
          {"d_v", c.d_v},
          {"N", c.big_n},
          {"scale", c.scale},
          {"s", c.s},
          {"B", c.entry_bound},
          {"c", c.entry_bound_ratio},
          {"R", c.logit_radius},
          {"R_is_bound", c.logit_radius_is_bound},
          {"yes_bound", c.yes_bound},
          {"no_bound", c.no_bound},
          {"threshold", c.threshold},
          {"tolerated_error", c.tolerated_error},
          {"tolerance", c.tolerance_note},
          {"exact_oracle_error", c.exact_oracle_error},
          {"output_rule",
           "row i (i < N_a) is YES iff out[i, 0] < threshold; OV answer = OR over rows"}};
}

json to_json(const SatResult& t) {
  json truth = {{"solver", {{"name", t.solver}, {"version", t.solver_version}}},
                {"status", to_string(t.status)},
                {"proof_checked", false},
                {"seconds", t.seconds}};
  if (t.status == SatStatus::kSat) truth["model"] = to_literals(t.model);
  if (!t.note.empty()) truth["note"] = t.note;
  return truth;
}

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

json to_run_bundle(const ChainReport& r, const std::string& source_sha256,
                   const json& source_params) {
  json bundle = bundle_header(r.source_kind, r.source_name, source_sha256, source_params,
                              r.noise > 0 ? std::optional(r.seed) : std::nullopt);

  json chain = json::array();
  const auto& a = r.certificate;
  if (r.split) {
    const auto& s = *r.split;
    chain.push_back(
        {{"rule", CnfToOv::kName},
         {"declared_overhead", CnfToOv::kDeclaredOverhead},
         {"evaluated_sizes", {{"N_a", s.n_a}, {"N_b", s.n_b}, {"d", s.d}}},
         {"actual_sizes", {{"N_a", r.built_n_a}, {"N_b", r.built_n_b}, {"d", r.built_m}}},
         {"overhead_ok", s.n_a == r.built_n_a && s.n_b == r.built_n_b && s.d == r.built_m},
         {"certificate", to_json(s)}});
  }
  if (r.hamming && r.source_kind != "gap-hamming")
    chain.push_back(
        {{"rule", OvToHamming::kName},
         {"declared_overhead", OvToHamming::kDeclaredOverhead},
         {"actual_sizes", {{"dim", r.hamming_dim}, {"t", r.hamming->t}, {"eps", r.hamming->eps}}},
         {"overhead_ok", r.hamming_dim == 3 * r.built_m && r.hamming->t == r.built_m}});
  chain.push_back(
      {{"rule", a.reduction},
       {"declared_overhead",
        r.hamming ? GapHammingToAttention::kDeclaredOverhead : OvToAttention::kDeclaredOverhead},
       {"evaluated_sizes", {{"n_q", a.n_q}, {"n_k", a.n_k}, {"d", a.d}}},
       {"actual_sizes", {{"n_q", r.built_n_q}, {"n_k", r.built_n_k}, {"d", r.built_d}}},
       {"overhead_ok", a.n_q == r.built_n_q && a.n_k == r.built_n_k && a.d == r.built_d &&
                           r.measured_entry_bound <= a.entry_bound * (1 + 1e-12)},
       {"certificate", to_json(a)}});
  bundle["chain"] = chain;

  bundle["attention"] = {
      {"n", std::max(a.n_q, a.n_k)},
      {"n_q", a.n_q},
      {"n_k", a.n_k},
      {"d", a.d},
      {"scale", a.scale},
      {"B", r.measured_entry_bound},
      {"R", r.measured_logit_radius >= 0 ? json(r.measured_logit_radius) : json(nullptr)},
      {"R_bound", a.logit_radius},
      {"c", a.entry_bound_ratio},
      {"eps_a_target", a.tolerated_error},
      {"dtype", "f64"},
      {"margin", (a.no_bound - a.yes_bound) / 2},
      {"margin_ok", r.decoded.assumed_error < a.tolerated_error},
      {"backend", {{"name", r.backend}, {"version", tool_json()["version"]}}},
      {"timing_s", r.seconds_oracle}};
  bundle["oracle_error"] = {{"linf", r.oracle_linf ? json(*r.oracle_linf) : json(nullptr)},
                            {"guaranteed", r.oracle_error_bound},
                            {"assumed", r.decoded.assumed_error},
                            {"injected_noise", r.noise}};

  json witness = nullptr;
  if (r.decoded.witness) {
    witness = {{"a", r.decoded.witness->first}, {"b", r.decoded.witness->second}};
    if (r.assignment) witness["assignment"] = to_literals(*r.assignment);
  }
  bundle["decoded_answer"] = {{"verdict", to_string(r.decoded.verdict)},
                              {"witness", witness},
                              {"witness_checked", r.witness_checked},
                              {"witness_ok", r.witness_ok},
                              {"margin", r.decoded.margin},
                              {"yes_rows", r.decoded.yes_rows},
                              {"ambiguous_rows", r.decoded.ambiguous_rows},
                              {"note", r.decoded.note}};

  json truth;
  if (r.sat_truth) {
    truth = to_json(*r.sat_truth);
    truth["ov_stage"] = {{"solver", "ov-bitpacked"},
                         {"status", r.ov_truth.found ? "yes" : "no"},
                         {"consistent_with_sat", r.ov_stage_consistent}};
  } else {
    truth = {{"solver", {{"name", "ov-bitpacked"}, {"version", "1"}}},
             {"status", r.ov_truth.found ? "yes" : "no"}};
    if (r.ov_truth.found) truth["pair"] = {r.ov_truth.i, r.ov_truth.j};
  }
  if (r.source_kind == "gap-hamming")
    truth = {{"solver", {{"name", "hamming-brute-force"}, {"version", "1"}}},
             {"rows_checked", r.gap_rows_checked},
             {"rows_outside_promise", r.gap_rows_outside},
             {"row_disagreements", r.gap_row_disagreements}};
  bundle["ground_truth"] = truth;
  bundle["verdict"] = to_string(r.agreement);
  bundle["explanation"] = r.explanation;
  bundle["timings_s"] = {{"encode", r.seconds_encode},
                         {"oracle", r.seconds_oracle},
                         {"decode", r.seconds_decode},
                         {"ground_truth", r.seconds_truth}};
  bundle["warnings"] = r.warnings;
  return bundle;
}

}  // namespace sethkit
