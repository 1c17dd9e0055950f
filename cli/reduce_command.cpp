// `sethkit reduce FILE --out DIR`: writes the attention instance of a CNF
// (through split-and-list, C1) or an OV file (C2) as Q.npy, K.npy, V.npy and
// certificate.json (plus instance.ov for CNF sources); with --to transformer a
// CNF's L-layer, H-head transformer (cli/reduce_transformer.hpp). All files
// are written to temporaries and renamed only when every one of them is
// complete (write_files_atomic).
#include <fmt/format.h>

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <vector>

#include <cmath>
#include "attention/rope.hpp"
#include "attention/stats.hpp"
#include "cli/commands.hpp"
#include "cli/reduce_transformer.hpp"
#include "cli/source_file.hpp"
#include "core/error.hpp"
#include "core/file_io.hpp"
#include "core/json_report.hpp"
#include "core/npy.hpp"
#include "core/ov_format.hpp"
#include "reductions/cnf_to_ov.hpp"
#include "reductions/gap_hamming_to_attention.hpp"
#include "reductions/ov_to_attention.hpp"
#include "reductions/ov_to_diameter.hpp"
#include "reductions/run_bundle.hpp"

namespace sethkit::cli {

namespace {
struct ReduceArgs {
  std::string file;
  std::string out_dir;
  std::string scale = "1/d";
  bool strict = false;
  bool n_sinks = false;
  std::string to = "attention";
  double rope_base = 0;  // > 0: write inputs for a RoPE model
  TransformerReduceArgs transformer;
};

}  // namespace

void add_reduce_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<ReduceArgs>();
  auto* cmd =
      app.add_subcommand("reduce",
                         "Write the attention instance (Q.npy, K.npy, V.npy, certificate.json) "
                         "of a CNF or OV file, or with --to transformer a CNF's transformer");
  cmd->add_option("file", args->file, "DIMACS CNF or OV text file")->required();
  cmd->add_option("-o,--out", args->out_dir, "Output directory (created if missing)")->required();
  cmd->add_option("--scale", args->scale, "Logit scale convention: 1/d (Alman-Song) or 1/sqrt(d)")
      ->check(CLI::IsMember({"1/d", "1/sqrt(d)"}));
  cmd->add_flag("--strict", args->strict, "Refuse input-format deviations instead of warning");
  cmd->add_flag("--n-sinks", args->n_sinks,
                "Gap-Hamming sources: the paper's n-sink form instead of one sink");
  cmd->add_option(
         "--to", args->to,
         "Target: attention (Q, K, V), transformer (model directory, X.npy; CNF only) or diameter "
         "(graph.dot)")
      ->check(CLI::IsMember({"attention", "transformer", "diameter"}));
  cmd->add_option("--rope", args->rope_base,
                  "Attention target: write Q and K for a RoPE model with this base (interleaved "
                  "pairs): RoPE attention on them equals the reduction's attention")
      ->check(CLI::Range(1.0 + 1e-9, 1e12));
  auto& t = args->transformer;
  cmd->add_option("--layers", t.layers, "--to transformer: layers L (K = L H)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 16));
  cmd->add_option("--heads", t.heads, "--to transformer: heads per layer H")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 16));
  cmd->add_option("--attention", t.attention, "--to transformer: softmax or hardmax")
      ->check(CLI::IsMember({"softmax", "hardmax"}));
  cmd->add_option("--mlp", t.mlp, "--to transformer: MLP mode resid (X + MLP) or plain")
      ->check(CLI::IsMember({"resid", "plain"}));
  cmd->add_flag("--balanced", t.balanced,
                "--to transformer: split beta as sqrt(beta) over Wq and Wk");
  cmd->callback([args, &exit_code] {
    const SourceFile source = load_source(args->file, args->strict);
    if (args->to == "transformer") {
      reduce_to_transformer(source, args->transformer, args->out_dir);
      exit_code = kExitOk;
      return;
    }
    if (args->to == "diameter") {
      if (source.gap) throw InputError(args->file, "--to diameter needs a CNF or OV file");
      const CnfToOv c1;
      std::optional<SplitOv> split;
      if (source.cnf) split = naming_source(args->file, [&] { return c1.encode(*source.cnf); });
      const OvInstance& ov = split ? split->ov : *source.ov;
      const DiameterInstance g =
          naming_source(args->file, [&] { return OvToDiameter().encode(ov); });
      const auto& c = g.certificate;
      nlohmann::json cert = {
          {"tool", tool_json()},
          {"source",
           {{"file", args->file},
            {"content_sha256", source.sha256},
            {"params", source_params(source)}}},
          {"ov_to_diameter",
           {{"rule", OvToDiameter::kName},
            {"declared_overhead", OvToDiameter::kDeclaredOverhead},
            {"nA", c.n_a},
            {"nB", c.n_b},
            {"d", c.d},
            {"vertices", c.vertices},
            {"edges", c.edges},
            {"edge_bound", c.edge_bound},
            {"vertex_layout",
             "a_i = i, b_j = nA + j, c_t = nA + nB + t, then x, y; labels a<i>, b<j>, c<t>, x, y"},
            {"decode", "diameter 3 iff some (a, b) pair is orthogonal (YES), else 2 (NO)"}}},
          {"files", {{"graph", "graph.dot"}}}};
      if (split) {
        cert["cnf_to_ov"] = to_json(c1.certificate(*source.cnf));
        cert["cnf_to_ov"]["vars_a_list"] = split->vars_a;
        cert["cnf_to_ov"]["vars_b_list"] = split->vars_b;
      }
      write_files_atomic(args->out_dir, {{"graph.dot", diameter_graph_dot(g.graph)},
                                         {"certificate.json", cert.dump(2) + "\n"}});
      fmt::print("wrote {}: graph.dot with {} vertices and {} edges; diameter 3 iff YES, else 2\n",
                 args->out_dir, c.vertices, c.edges);
      exit_code = kExitOk;
      return;
    }
    OvToAttention::Params params;
    params.scale =
        args->scale == "1/d" ? ScaleConvention::kInverseD : ScaleConvention::kInverseSqrtD;

    nlohmann::json certificate;
    certificate["tool"] = tool_json();
    certificate["source"] = {
        {"file", args->file}, {"content_sha256", source.sha256}, {"params", source_params(source)}};
    std::optional<SplitOv> split;
    if (source.cnf) {
      const CnfToOv c1;
      certificate["cnf_to_ov"] =
          naming_source(args->file, [&] { return to_json(c1.certificate(*source.cnf)); });
      split = c1.encode(*source.cnf);
      certificate["cnf_to_ov"]["vars_a_list"] = split->vars_a;
      certificate["cnf_to_ov"]["vars_b_list"] = split->vars_b;
    }
    const AttentionInstance instance = naming_source(args->file, [&] {
      if (source.gap) {
        GapHammingToAttention::Params gap_params;
        gap_params.variant = args->n_sinks ? SinkVariant::kNSinks : SinkVariant::kOneSink;
        return GapHammingToAttention(gap_params).encode(*source.gap);
      }
      return OvToAttention(params).encode(split ? split->ov : *source.ov);
    });
    certificate[source.gap ? "gap_hamming_to_attention" : "ov_to_attention"] =
        to_json(instance.certificate);
    certificate["files"] = {{"Q", "Q.npy"}, {"K", "K.npy"}, {"V", "V.npy"}};

    std::vector<std::pair<std::string, std::string>> files;
    Matrix q_out = instance.q, k_out = instance.k;
    if (args->rope_base > 0) {
      // RoPE scores q_i^T R_(j-i) k_j equal <R_i q_i, R_j k_j> (spec 2.2), so writing
      // R_i^-1 q_i and R_j^-1 k_j makes a RoPE model compute the reduction's logits.
      // An odd d gets a zero column, which changes no logit.
      const Rope rope{args->rope_base, RopeLayout::kInterleaved};
      const Eigen::Index d = q_out.cols(), padded = d % 2;
      Matrix q_pad = Matrix::Zero(q_out.rows(), d + padded),
             k_pad = Matrix::Zero(k_out.rows(), d + padded);
      q_pad.leftCols(d) = q_out;
      k_pad.leftCols(d) = k_out;
      q_out = rope_rotate(q_pad, rope, k_out.rows() - q_out.rows(), true);
      k_out = rope_rotate(k_pad, rope, 0, true);
      const double b = std::max(max_abs_entry(instance.q), max_abs_entry(instance.k));
      certificate["rope"] = {
          {"base", rope.base},
          {"layout", to_string(rope.layout)},
          {"padded_columns", padded},
          {"query_positions_start", k_out.rows() - q_out.rows()},
          {"entry_bound_before", b},
          {"entry_bound_after", std::max(max_abs_entry(q_out), max_abs_entry(k_out))},
          {"entry_bound_guarantee", std::sqrt(2.0) * b},
          {"note",
           "run with RoPE (attend --rope BASE); the logits, and so the decoding, are "
           "those of the reduction; entries grow by at most sqrt(2)"}};
    }
    files.emplace_back("Q.npy", format_npy(q_out, NpyDtype::kFloat64));
    files.emplace_back("K.npy", format_npy(k_out, NpyDtype::kFloat64));
    files.emplace_back("V.npy", format_npy(instance.v, NpyDtype::kFloat64));
    if (split) {
      Provenance prov;
      prov.family = "cnf-to-ov split-and-list";
      prov.extra.push_back(fmt::format("source: {} sha256 {}", args->file, source.sha256));
      prov.extra.push_back("coordinate j = clause j (0-based, in file order)");
      prov.extra.push_back("index order: lsb-first");
      std::string a_vars, b_vars;
      for (int v : split->vars_a) a_vars += fmt::format(" {}", v);
      for (int v : split->vars_b) b_vars += fmt::format(" {}", v);
      prov.extra.push_back("side a vars:" + a_vars);
      prov.extra.push_back("side b vars:" + b_vars);
      files.emplace_back("instance.ov", format_ov(split->ov, prov));
      certificate["files"]["ov"] = "instance.ov";
    }
    files.emplace_back("certificate.json", certificate.dump(2) + "\n");
    write_files_atomic(args->out_dir, files);

    const auto& c = instance.certificate;
    fmt::print(
        "wrote {}: Q {} x {}, K {} x {}, V {} x {}, scale {:.6g}, B = {:.4g} (B / sqrt(ln n) = "
        "{:.3g}), "
        "decode YES iff out[i,0] < {:.4f}, tolerated error {:.4f}\n",
        args->out_dir, c.n_q, c.d, c.n_k, c.d, c.n_k, c.d_v, c.scale, c.entry_bound,
        c.entry_bound_ratio, c.threshold, c.tolerated_error);
    exit_code = kExitOk;
  });
}

}  // namespace sethkit::cli
