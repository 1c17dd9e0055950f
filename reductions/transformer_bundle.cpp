#include "reductions/transformer_bundle.hpp"

#include <fmt/format.h>

#include <type_traits>

#include "core/error.hpp"
#include "reductions/run_bundle.hpp"

namespace sethkit {

using nlohmann::json;

json to_json(const CnfToThreeOvCertificate& c) {
  return {{"vars", c.vars},     {"clauses", c.clauses},
          {"vars_a", c.vars_a}, {"vars_b", c.vars_b},
          {"vars_c", c.vars_c}, {"N", c.n},
          {"K", c.k},           {"real_b", c.real_b},
          {"real_c", c.real_c}, {"d", c.d}};
}

json to_json(const TransformerCertificate& c) {
  return {{"N", c.n},
          {"D", c.d},
          {"K", c.k},
          {"layers", c.layers},
          {"heads", c.heads},
          {"tokens", c.tokens},
          {"width", c.width},
          {"head_width", c.head_width},
          {"index_bits", c.index_bits},
          {"beta", c.beta},
          {"B", c.entry_bound},
          {"scale", c.scale},
          {"yes_bound", c.yes_bound},
          {"no_bound", c.no_bound},
          {"threshold", c.threshold},
          {"tolerated_error", c.tolerance},
          {"tolerance_note", c.tolerance_note},
          {"columns",
           {{"one", c.col_one},
            {"dum", c.col_dum},
            {"acc", c.col_acc},
            {"bits", c.col_bits},
            {"bit_out", c.col_bit_out}}}};
}

TransformerCertificate transformer_certificate_from_json(const json& j, const std::string& file) {
  TransformerCertificate c;
  const auto get = [&](const json& object, const char* key, auto& into) {
    try {
      into = object.at(key).get<std::remove_reference_t<decltype(into)>>();
    } catch (const json::exception&) {
      throw InputError(file, fmt::format("3ov_to_transformer certificate: expected the numeric "
                                         "field \"{}\"",
                                         key));
    }
  };
  get(j, "N", c.n);
  get(j, "D", c.d);
  get(j, "K", c.k);
  get(j, "layers", c.layers);
  get(j, "heads", c.heads);
  get(j, "tokens", c.tokens);
  get(j, "width", c.width);
  get(j, "head_width", c.head_width);
  get(j, "index_bits", c.index_bits);
  get(j, "beta", c.beta);
  get(j, "B", c.entry_bound);
  get(j, "scale", c.scale);
  get(j, "yes_bound", c.yes_bound);
  get(j, "no_bound", c.no_bound);
  get(j, "threshold", c.threshold);
  get(j, "tolerated_error", c.tolerance);
  if (!j.contains("columns"))
    throw InputError(file, "3ov_to_transformer certificate: expected the field \"columns\"");
  const json& cols = j["columns"];
  get(cols, "one", c.col_one);
  get(cols, "dum", c.col_dum);
  get(cols, "acc", c.col_acc);
  get(cols, "bits", c.col_bits);
  get(cols, "bit_out", c.col_bit_out);
  if (c.n == 0 || c.tokens != static_cast<Eigen::Index>(c.n) + 1 || c.col_acc < 0 ||
      c.col_acc >= c.width)
    throw InputError(file,
                     "3ov_to_transformer certificate: inconsistent N, tokens, width or ACC "
                     "column");
  return c;
}

json to_run_bundle(const TransformerChainReport& r, const std::string& source_sha256,
                   const json& source_params) {
  json bundle = bundle_header("cnf", r.source_name, source_sha256, source_params,
                              r.noise > 0 ? std::optional(r.seed) : std::nullopt);
  const auto& s = r.split;
  const auto& c = r.certificate;
  bundle["chain"] = json::array(
      {{{"rule", CnfToThreeOv::kName},
        {"declared_overhead", CnfToThreeOv::kDeclaredOverhead},
        {"evaluated_sizes", {{"N", s.n}, {"K", s.k}, {"d", s.d}}},
        {"actual_sizes", {{"N", c.n}, {"K", c.k}, {"d", c.d}}},
        {"overhead_ok", s.n == c.n && s.k == c.k && s.d == c.d},
        {"certificate", to_json(s)}},
       {{"rule", ThreeOvToTransformer::kName},
        {"declared_overhead", ThreeOvToTransformer::kDeclaredOverhead},
        {"actual_sizes", {{"tokens", c.tokens}, {"width", c.width}, {"heads", c.k}}},
        {"overhead_ok", c.tokens == static_cast<Eigen::Index>(c.n) + 1 &&
                            c.width == static_cast<Eigen::Index>(2 * c.d + 3 + 2 * c.index_bits)},
        {"certificate", to_json(c)}}});
  bundle["oracle"] = {{"backend", r.backend},
                      {"error_bound", r.oracle_error_bound},
                      {"noise", r.noise},
                      {"timing_s", r.seconds_oracle}};
  json decoded = {{"verdict", to_string(r.decoded.verdict)},
                  {"row", r.decoded.row},
                  {"min_acc", r.decoded.min_acc},
                  {"margin", r.decoded.margin},
                  {"assumed_error", r.decoded.assumed_error}};
  if (!r.decoded.note.empty()) decoded["note"] = r.decoded.note;
  if (r.witness_checked) {
    json w = {{"method", r.witness.method},
              {"oracle_calls", r.witness.oracle_calls},
              {"checked", r.witness_ok}};
    if (r.witness.triple)
      w["triple"] = {r.witness.triple->i, r.witness.triple->j, r.witness.triple->k};
    if (r.assignment) w["assignment"] = to_literals(*r.assignment);
    decoded["witness"] = w;
  }
  bundle["decoded_answer"] = decoded;
  json truth = r.sat_truth ? to_json(*r.sat_truth) : json::object();
  truth["three_ov_stage"] = {{"solver", "3ov-bitpacked"},
                             {"status", r.three_ov_truth.triple ? "yes" : "no"},
                             {"consistent_with_sat", r.three_ov_stage_consistent}};
  bundle["ground_truth"] = truth;
  bundle["verdict"] = to_string(r.agreement);
  bundle["explanation"] = r.explanation;
  bundle["timings_s"] = {{"encode", r.seconds_encode},
                         {"oracle", r.seconds_oracle},
                         {"witness", r.seconds_witness},
                         {"ground_truth", r.seconds_truth}};
  return bundle;
}

}  // namespace sethkit
