// `sethkit reduce FILE --out DIR`: writes the target of a CNF, OV or
// Gap-Hamming file: the attention instance (Q.npy, K.npy, V.npy,
// certificate.json), with --to transformer a CNF's L-layer, H-head transformer,
// with --to diameter the graph (chain/reduce_to_files.hpp). All files or none.
#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "chain/reduce_to_files.hpp"
#include "cli/commands.hpp"
#include "cli/json_output.hpp"
#include "cli/option_parsing.hpp"
#include "core/file_io.hpp"
#include "core/instance_file.hpp"
#include "core/json_report.hpp"
#include "core/progress.hpp"

namespace sethkit::cli {

namespace {
struct ReduceArgs {
  std::string file, json;
  std::string out_dir;
  bool force = false;
  std::string scale = "1/d";
  bool strict = false;
  bool n_sinks = false;
  std::string to = "attention";
  double rope_base = 0;  // > 0: write inputs for a RoPE model
  std::string attention = "softmax", mlp = "resid";
  ThreeOvToTransformer::Params transformer;
};

ReduceOptions reduce_options(const ReduceArgs& args) {
  ReduceOptions o;
  o.to = args.to == "transformer" ? ReduceTarget::kTransformer
         : args.to == "diameter"  ? ReduceTarget::kDiameter
                                  : ReduceTarget::kAttention;
  o.scale = parse_scale_convention(args.scale);
  o.sinks = args.n_sinks ? SinkVariant::kNSinks : SinkVariant::kOneSink;
  o.rope_base = args.rope_base;
  o.transformer = args.transformer;
  o.transformer.attention = parse_attention_kind(args.attention);
  o.transformer.mlp_mode = parse_mlp_mode(args.mlp);
  o.replace_existing = args.force;
  if (progress_enabled())
    o.on_stage = [](const std::string& line) {
      fmt::print(stderr, "reduce: {}\n", line);
      std::fflush(stderr);
    };
  return o;
}
}  // namespace

void add_reduce_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<ReduceArgs>();
  auto* cmd =
      app.add_subcommand("reduce",
                         "Write the attention instance (Q.npy, K.npy, V.npy, certificate.json) "
                         "of a CNF or OV file, or with --to transformer a CNF's transformer");
  cmd->add_option("file", args->file, "DIMACS CNF or OV text file")->required();
  cmd->add_option("-o,--out", args->out_dir, "Output directory (created if missing)")->required();
  add_scale_option(*cmd, args->scale, "Logit scale convention: 1/d (Alman-Song) or 1/sqrt(d)");
  cmd->add_flag("--strict", args->strict, "Refuse input-format deviations instead of warning");
  cmd->add_flag("--force", args->force,
                "Write into a non-empty output folder, replacing the files of the same names");
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
      ->default_str("")  // off
      ->check(CLI::Range(1.0 + 1e-9, 1e12));
  auto& t = args->transformer;
  cmd->add_option("--layers", t.layers, "--to transformer: layers L (K = L H)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 16));
  cmd->add_option("--heads", t.heads, "--to transformer: heads per layer H")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 16));
  add_attention_kind_option(*cmd, args->attention, "--to transformer: softmax or hardmax");
  add_mlp_option(*cmd, args->mlp, "--to transformer: MLP mode resid (X + MLP) or plain");
  cmd->add_flag("--balanced", t.balanced,
                "--to transformer: split beta as sqrt(beta) over Wq and Wk");
  add_json_option(*cmd, args->json, "The summary and the certificate written");
  cmd->callback([args, &exit_code] {
    const SourceFile source = load_source(args->file, args->strict);
    const std::string summary = reduce_to_files(source, reduce_options(*args), args->out_dir);
    fmt::print(stderr, "{}\n", summary);
    if (!args->json.empty()) {
      const auto certificate = std::filesystem::path(args->out_dir) / "certificate.json";
      emit_json(args->json, "reduce", 1,
                {{"tool", tool_json()},
                 {"source", args->file},
                 {"target", args->to},
                 {"out", args->out_dir},
                 {"summary", summary},
                 {"certificate", nlohmann::json::parse(read_text_file(certificate.string()))}});
    }
    exit_code = kExitOk;
  });
}

}  // namespace sethkit::cli
