// `sethkit verify FILE`: the whole chain on a CNF or OV file (encode, oracle,
// decode, ground truth, witness check), a short summary, an optional JSON run
// bundle. Exit 0 when everything agrees, 3 when anything disagrees or the
// answer is ambiguous or cannot be confirmed.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "cli/chain_summary.hpp"
#include "cli/commands.hpp"
#include "cli/source_file.hpp"
#include "cli/transformer_summary.hpp"
#include "core/error.hpp"
#include "core/json_report.hpp"
#include "reductions/chain.hpp"
#include "reductions/diameter_bundle.hpp"
#include "reductions/reduction_graph.hpp"
#include "reductions/run_bundle.hpp"
#include "reductions/transformer_bundle.hpp"

namespace sethkit::cli {

namespace {
struct VerifyArgs {
  std::string file, json;
  std::string backend = "naive";
  std::string scale = "1/d";
  std::string chain;
  double noise = 0;
  double assume_error = -1;
  double time_limit = 0;
  std::uint64_t seed = 1;
  bool strict = false;
  std::size_t layers = 1, heads = 1;
  std::string attention = "softmax", mlp = "resid";
  bool balanced = false;
};

// --chain sat-3ov-transformer: CNF -> 3-OV -> L-layer, H-head transformer.
int verify_transformer(const VerifyArgs& args, const SourceFile& source) {
  if (!source.cnf)
    throw InputError(args.file, "--chain sat-3ov-transformer needs a DIMACS CNF file");
  TransformerChainOptions options;
  options.transformer.layers = args.layers;
  options.transformer.heads = args.heads;
  options.transformer.attention =
      args.attention == "softmax" ? AttentionKind::kSoftmax : AttentionKind::kHardmax;
  options.transformer.mlp_mode = args.mlp == "resid" ? MlpMode::kResid : MlpMode::kPlain;
  options.transformer.balanced = args.balanced;
  options.backend = args.backend;
  options.noise = args.noise;
  options.seed = args.seed;
  options.solver_time_limit_s = args.time_limit;
  if (args.assume_error >= 0) options.assumed_error = args.assume_error;
  const TransformerChainReport report = naming_source(
      args.file, [&] { return run_cnf_transformer_chain(*source.cnf, args.file, options); });
  fmt::print("sethkit verify {} (chain sat-3ov-transformer)\n{}", args.file,
             transformer_summary(report));
  if (!args.json.empty())
    write_json(args.json, to_run_bundle(report, source.sha256, source_params(source)));
  return report.agreement == Agreement::kAgree ? kExitOk : kExitDisagree;
}
// --chain ov-diameter / sat-ov-diameter: (CNF ->) OV -> graph diameter 2 vs 3.
int verify_diameter(const VerifyArgs& args, const SourceFile& source, const std::string& chain) {
  if (chain == "sat-ov-diameter" ? !source.cnf : !source.ov)
    throw InputError(args.file,
                     fmt::format("--chain {} needs {}", chain,
                                 chain == "sat-ov-diameter" ? "a DIMACS CNF file" : "an OV file"));
  const DiameterChainReport r = naming_source(args.file, [&] {
    return source.cnf ? run_cnf_diameter_chain(*source.cnf, args.file, args.time_limit)
                      : run_ov_diameter_chain(*source.ov, args.file);
  });
  const auto& c = r.certificate;
  fmt::print("sethkit verify {} (chain {})\n", args.file, chain);
  fmt::print("  graph:       {} vertices, {} edges (bound {}), nA = {}, nB = {}, d = {}\n",
             c.vertices, c.edges, c.edge_bound, c.n_a, c.n_b, c.d);
  fmt::print("  decoded:     {} (diameter {} by BFS from {} a-vertices){}\n",
             to_string(r.decoded.verdict), r.decoded.diameter, r.decoded.bfs_runs,
             r.decoded.witness
                 ? fmt::format("; witness a{} - b{} at distance 3, {}", r.decoded.witness->first,
                               r.decoded.witness->second, r.witness_ok ? "checked" : "CHECK FAILED")
                 : "");
  fmt::print("  truth:       {}\n",
             r.sat_truth ? fmt::format("CaDiCaL {}", to_string(r.sat_truth->status))
                         : fmt::format("OV solver {}", r.ov_truth.found ? "yes" : "no"));
  fmt::print("  verdict:     {} ({})\n", to_string(r.agreement), r.explanation);
  if (!args.json.empty())
    write_json(args.json, to_run_bundle(r, source.sha256, source_params(source)));
  return r.agreement == Agreement::kAgree ? kExitOk : kExitDisagree;
}
}  // namespace

void add_verify_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<VerifyArgs>();
  auto* cmd =
      app.add_subcommand("verify",
                         "Run the whole chain on a CNF (CNF -> OV -> attention) or OV file and "
                         "check the decoded answer against ground truth");
  cmd->add_option("file", args->file, "DIMACS CNF or OV text file ('-' for stdin)")->required();
  cmd->add_option("--backend", args->backend, "Attention backend used as the oracle");
  cmd->add_option(
         "--chain", args->chain,
         "sat-ov-attention (CNF default), sat-ov-hamming-attention, ov-attention (OV default), "
         "ov-hamming-attention, gap-hamming-attention (Gap-Hamming default, one sink), "
         "gap-hamming-attention-n-sinks, sat-3ov-transformer, ov-diameter, sat-ov-diameter")
      ->check(CLI::IsMember({"sat-ov-attention", "sat-ov-hamming-attention", "ov-attention",
                             "ov-hamming-attention", "gap-hamming-attention",
                             "gap-hamming-attention-n-sinks", "sat-3ov-transformer", "ov-diameter",
                             "sat-ov-diameter"}));
  cmd->add_option("--layers", args->layers, "sat-3ov-transformer: layers L (K = L H)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 16));
  cmd->add_option("--heads", args->heads, "sat-3ov-transformer: heads per layer H")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 16));
  cmd->add_option("--attention", args->attention, "sat-3ov-transformer: softmax or hardmax")
      ->check(CLI::IsMember({"softmax", "hardmax"}));
  cmd->add_option("--mlp", args->mlp, "sat-3ov-transformer: MLP mode resid (X + MLP) or plain")
      ->check(CLI::IsMember({"resid", "plain"}));
  cmd->add_flag("--balanced", args->balanced,
                "sat-3ov-transformer: split beta as sqrt(beta) over Wq and Wk");
  cmd->add_option("--scale", args->scale, "Logit scale convention: 1/d (Alman-Song) or 1/sqrt(d)")
      ->check(CLI::IsMember({"1/d", "1/sqrt(d)"}));
  cmd->add_option("--noise", args->noise, "Add uniform noise in [-X, X] to the oracle output")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option(
         "--assume-error", args->assume_error,
         "Oracle error the decoder assumes (default: the backend's bound, 1e-9, or --noise)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--seed", args->seed, "Seed of the noise");
  cmd->add_option("--time-limit", args->time_limit, "CaDiCaL time limit in seconds (0: none)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--json", args->json, "Write the run bundle (JSON) to this file");
  cmd->add_flag("--strict", args->strict, "Refuse input-format deviations instead of warning");
  cmd->callback([args, &exit_code] {
    if (!args->chain.empty()) chain_path(args->chain);  // the chain must be a path of the graph
    const SourceFile source = load_source(args->file, args->strict);
    if (args->chain == "sat-3ov-transformer") {
      exit_code = verify_transformer(*args, source);
      return;
    }
    if (args->chain == "ov-diameter" || args->chain == "sat-ov-diameter") {
      exit_code = verify_diameter(*args, source, args->chain);
      return;
    }
    ChainOptions options;
    options.backend = args->backend;
    options.noise = args->noise;
    options.seed = args->seed;
    options.solver_time_limit_s = args->time_limit;
    if (args->assume_error >= 0) options.assumed_error = args->assume_error;
    options.attention.scale =
        args->scale == "1/d" ? ScaleConvention::kInverseD : ScaleConvention::kInverseSqrtD;
    const std::string source_kind = source.cnf ? "sat" : source.ov ? "ov" : "gap-hamming";
    const std::string chain = !args->chain.empty() ? args->chain
                              : source.cnf         ? "sat-ov-attention"
                                                   : source_kind + "-attention";
    if (chain.rfind(source_kind + "-", 0) != 0)
      throw InputError(args->file,
                       fmt::format("--chain {} does not start from this file's problem ({})", chain,
                                   source_kind == "sat" ? "CNF-SAT" : source_kind));
    options.route = chain.find("hamming-attention") != std::string::npos && !source.gap
                        ? ChainRoute::kHammingGadget
                        : ChainRoute::kDirect;
    ChainReport report = naming_source(args->file, [&] {
      if (source.gap)
        return run_gap_hamming_chain(*source.gap, args->file, options,
                                     chain == "gap-hamming-attention-n-sinks"
                                         ? SinkVariant::kNSinks
                                         : SinkVariant::kOneSink);
      return source.cnf ? run_cnf_chain(*source.cnf, args->file, options)
                        : run_ov_chain(*source.ov, args->file, options);
    });
    report.warnings = source.warnings;
    fmt::print("sethkit verify {} (chain {})\n{}", args->file, chain, chain_summary(report, false));
    if (!args->json.empty())
      write_json(args->json, to_run_bundle(report, source.sha256, source_params(source)));
    exit_code = report.agreement == Agreement::kAgree ? kExitOk : kExitDisagree;
  });
}

}  // namespace sethkit::cli
