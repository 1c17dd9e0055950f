#include "chain/reduce_to_files.hpp"

#include <fmt/format.h>

#include <filesystem>

#include <cmath>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "attention/rope.hpp"
#include "chain/plan.hpp"
#include "core/file_io.hpp"
#include "core/json_report.hpp"
#include "core/npy.hpp"
#include "core/ov_format.hpp"
#include "reductions/cnf_to_ov.hpp"
#include "reductions/ov_to_diameter.hpp"

namespace sethkit {

using nlohmann::json;

namespace {
json certificate_header(const SourceFile& source) {
  return {{"tool", tool_json()},
          {"source",
           {{"file", source.path},
            {"content_sha256", source.sha256},
            {"params", problem_params(problem_value(source))}}}};
}

// C1 of a CNF source, its certificate recorded with the variable order.
std::optional<SplitOv> split_cnf(const SourceFile& source, json& certificate) {
  if (!source.cnf) return std::nullopt;
  const CnfToOv c1;
  certificate["cnf_to_ov"] =
      naming_source(source.path, [&] { return to_json(c1.certificate(*source.cnf)); });
  SplitOv split = c1.encode(*source.cnf);
  certificate["cnf_to_ov"]["vars_a_list"] = split.vars_a;
  certificate["cnf_to_ov"]["vars_b_list"] = split.vars_b;
  return split;
}

// instance.ov with the split's provenance (clause order, index order, variable sides).
std::string split_ov_file(const SourceFile& source, const SplitOv& split) {
  Provenance prov;
  prov.family = "cnf-to-ov split-and-list";
  prov.extra.push_back(fmt::format("source: {} sha256 {}", source.path, source.sha256));
  prov.extra.push_back("coordinate j = clause j (0-based, in file order)");
  prov.extra.push_back("index order: lsb-first");
  std::string a_vars, b_vars;
  for (int v : split.vars_a) a_vars += fmt::format(" {}", v);
  for (int v : split.vars_b) b_vars += fmt::format(" {}", v);
  prov.extra.push_back("side a vars:" + a_vars);
  prov.extra.push_back("side b vars:" + b_vars);
  return format_ov(split.ov, prov);
}

json rope_record(const RopeInputs& in, const Rope& rope, const AttentionInstance& instance) {
  const double b = std::max(max_abs_entry(instance.q), max_abs_entry(instance.k));
  return {{"base", rope.base},
          {"layout", to_string(rope.layout)},
          {"padded_columns", in.padded_columns},
          {"query_positions_start", in.query_positions_start},
          {"entry_bound_before", b},
          {"entry_bound_after", std::max(max_abs_entry(in.q), max_abs_entry(in.k))},
          {"entry_bound_guarantee", std::sqrt(2.0) * b},
          {"note",
           "run with RoPE (attend --rope BASE); the logits, and so the decoding, are "
           "those of the reduction; entries grow by at most sqrt(2)"}};
}
}  // namespace

AttentionReduction reduce_to_attention(const SourceFile& source, const ReduceOptions& options) {
  AttentionReduction r;
  r.certificate = certificate_header(source);
  const std::optional<SplitOv> split = split_cnf(source, r.certificate);
  AttentionInstance instance = naming_source(source.path, [&] {
    if (source.gap) return GapHammingToAttention({options.sinks}).encode(*source.gap);
    return OvToAttention({options.scale}).encode(split ? split->ov : *source.ov);
  });
  r.certificate[source.gap ? "gap_hamming_to_attention" : "ov_to_attention"] =
      to_json(instance.certificate);
  if (options.rope_base > 0) {
    const Rope rope{options.rope_base, RopeLayout::kInterleaved};
    RopeInputs in = inverse_rope_inputs(instance.q, instance.k, rope);
    r.certificate["rope"] = rope_record(in, rope, instance);
    instance.q = std::move(in.q);
    instance.k = std::move(in.k);
  }
  if (split) r.split_ov = split_ov_file(source, *split);
  const auto& c = instance.certificate;
  r.summary = fmt::format(
      "Q {} x {}, K {} x {}, V {} x {}, scale {:.6g}, B = {:.4g} (B / sqrt(ln n) = "
      "{:.3g}), decode YES iff out[i,0] < {:.4f}, tolerated error {:.4f}",
      c.n_q, c.d, c.n_k, c.d, c.n_k, c.d_v, c.scale, c.entry_bound, c.entry_bound_ratio,
      c.threshold, c.tolerated_error);
  r.scale = instance.scale;
  r.q = std::move(instance.q);
  r.k = std::move(instance.k);
  r.v = std::move(instance.v);
  return r;
}

std::string write_attention_files(const SourceFile& source, const ReduceOptions& options,
                                  const std::string& out_dir) {
  AttentionReduction r = reduce_to_attention(source, options);
  r.certificate["files"] = {{"Q", "Q.npy"}, {"K", "K.npy"}, {"V", "V.npy"}};
  std::vector<std::pair<std::string, std::string>> files = {
      {"Q.npy", format_npy(r.q, NpyDtype::kFloat64)},
      {"K.npy", format_npy(r.k, NpyDtype::kFloat64)},
      {"V.npy", format_npy(r.v, NpyDtype::kFloat64)}};
  if (!r.split_ov.empty()) {
    files.emplace_back("instance.ov", r.split_ov);
    r.certificate["files"]["ov"] = "instance.ov";
  }
  files.emplace_back("certificate.json", r.certificate.dump(2) + "\n");
  write_files_atomic(out_dir, files);
  return fmt::format("wrote {}: {}", out_dir, r.summary);
}

std::string write_diameter_files(const SourceFile& source, const std::string& out_dir) {
  if (source.gap) throw InputError(source.path, "--to diameter needs a CNF or OV file");
  json certificate = certificate_header(source);
  const std::optional<SplitOv> split = split_cnf(source, certificate);
  const DiameterInstance g = naming_source(
      source.path, [&] { return OvToDiameter().encode(split ? split->ov : *source.ov); });
  certificate["ov_to_diameter"] = to_json(g.certificate);
  certificate["ov_to_diameter"]["declared_overhead"] = OvToDiameter::kDeclaredOverhead;
  certificate["ov_to_diameter"]["vertex_layout"] =
      "a_i = i, b_j = n_a + j, c_t = n_a + n_b + t, then x, y; labels a<i>, b<j>, c<t>, x, y";
  certificate["ov_to_diameter"]["decode"] =
      "diameter 3 iff some (a, b) pair is orthogonal (YES), else 2 (NO)";
  certificate["files"] = {{"graph", "graph.dot"}};
  write_files_atomic(out_dir, {{"graph.dot", diameter_graph_dot(g.graph)},
                               {"certificate.json", certificate.dump(2) + "\n"}});
  return fmt::format(
      "wrote {}: graph.dot with {} vertices and {} edges; diameter 3 iff YES, else 2", out_dir,
      g.certificate.vertices, g.certificate.edges);
}

void plan_reduction(const SourceFile& source, const ReduceOptions& options) {
  const ProblemValue value = problem_value(source);
  const std::string problem = problem_name(value);
  const std::string from = problem == "cnf-sat" ? "sat" : problem;
  std::string chain;
  if (options.to == ReduceTarget::kAttention)
    chain = problem == "cnf-sat" ? "sat-ov-attention" : from + "-attention";
  else if (options.to == ReduceTarget::kTransformer && problem == "cnf-sat")
    chain = "sat-3ov-transformer";
  else if (options.to == ReduceTarget::kDiameter && problem != "gap-hamming")
    chain = problem == "cnf-sat" ? "sat-ov-diameter" : "ov-diameter";
  if (!chain.empty()) {
    ChainOptions chain_options;
    chain_options.transformer = options.transformer;
    const ChainPlan plan = plan_encoding(chain, value, chain_options);
    require_within_budget(plan, chain_options.budget, source.path);
    if (options.on_stage && plan.seconds >= 1) options.on_stage(plan.summary());
  }
}

std::string reduce_to_files(const SourceFile& source, const ReduceOptions& options,
                            const std::string& out_dir) {
  if (out_dir == "-")
    throw InputError(out_dir,
                     "reduce writes a folder of files; standard output cannot hold it, "
                     "name a folder");
  std::error_code ec;
  if (!options.replace_existing && std::filesystem::is_directory(out_dir, ec))
    for (const auto& entry : std::filesystem::directory_iterator(out_dir, ec))
      throw InputError(out_dir, fmt::format("the output folder is not empty (it holds '{}'); "
                                            "choose a new folder or pass --force to replace "
                                            "its files",
                                            entry.path().filename().string()));
  plan_reduction(source, options);
  switch (options.to) {
    case ReduceTarget::kTransformer:
      return write_transformer_files(source, options, out_dir);
    case ReduceTarget::kDiameter:
      return write_diameter_files(source, out_dir);
    case ReduceTarget::kAttention:
      break;
  }
  return write_attention_files(source, options, out_dir);
}

}  // namespace sethkit
