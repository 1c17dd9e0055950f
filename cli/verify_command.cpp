// `sethkit verify FILE`: runs a chain of the reduction graph on a CNF, OV or
// Gap-Hamming file (every exact step, the oracle, the witness mapped back and
// checked at every stage, the ground truth at every stage; see
// chain/executor.hpp), prints a short summary and optionally writes
// the JSON run bundle. Exit 0 when everything agrees, 3 when anything
// disagrees or the answer is ambiguous or cannot be confirmed.
#include <fmt/format.h>

#include <cstdio>

#include <nlohmann/json.hpp>

#include "chain/executor.hpp"
#include "chain/reduction_graph.hpp"
#include "chain/run_bundle.hpp"
#include "cli/backend_options.hpp"
#include "cli/chain_summary.hpp"
#include "cli/commands.hpp"
#include "cli/json_output.hpp"
#include "cli/option_parsing.hpp"
#include "core/error.hpp"
#include "core/instance_file.hpp"
#include "core/json_report.hpp"
#include "core/progress.hpp"

namespace sethkit::cli {

namespace {
struct VerifyArgs {
  std::string file, json;
  std::string backend = "auto";
  BackendOptions backend_options;
  std::string scale = "1/d";
  std::string chain;
  double noise = 0;
  double assume_error = -1;
  double time_limit = 0;
  std::uint64_t seed = 1;
  bool strict = false;
  std::size_t layers = 1, heads = 1;
  std::size_t pcp_k = 0, pcp_q = 0;
  std::string attention = "softmax", mlp = "resid";
  bool balanced = false;
  bool quiet = false;
};

ChainOptions chain_options(const VerifyArgs& args) {
  ChainOptions o;
  o.backend = args.backend;
  o.backend_options = args.backend_options;
  o.noise = args.noise;
  o.seed = args.seed;
  o.solver_time_limit_s = args.time_limit;
  if (args.assume_error >= 0) o.assumed_error = args.assume_error;
  o.attention.scale = parse_scale_convention(args.scale);
  o.transformer.layers = args.layers;
  o.transformer.heads = args.heads;
  o.transformer.attention = parse_attention_kind(args.attention);
  o.transformer.mlp_mode = parse_mlp_mode(args.mlp);
  o.transformer.balanced = args.balanced;
  o.pcp.k = args.pcp_k;
  o.pcp.q = args.pcp_q;
  if (args.quiet) set_progress_enabled(false);
  if (!args.quiet)
    o.on_stage = [](const std::string& line) {
      fmt::print(stderr, "verify: {}\n", line);
      std::fflush(stderr);
    };
  return o;
}
}  // namespace

void add_verify_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<VerifyArgs>();
  auto* cmd = app.add_subcommand(
      "verify",
      "Run a chain of the reduction graph on a CNF, OV or Gap-Hamming file and check the decoded "
      "answer against ground truth at every stage");
  cmd->add_option("file", args->file, "DIMACS CNF, OV or Gap-Hamming text file ('-' for stdin)")
      ->required();
  add_backend_options(*cmd, args->backend, args->backend_options,
                      "Attention backend used as the oracle; default auto: flash in float32 "
                      "where its error bound is within a quarter of the certificate's "
                      "tolerance, else flash64");
  cmd->add_option(
      "--chain", args->chain,
      "A path of the reduction graph, its problems joined by '-' (sat, ov, 3ov, hamming, "
      "gap-hamming, pcp or max-ip, attention, attention-gradient, transformer, diameter): "
      "sat-ov-attention (CNF default), sat-ov-hamming-attention, ov-attention (OV default), "
      "gap-hamming-attention (Gap-Hamming default; add -n-sinks for the n-sink form), "
      "sat-3ov-transformer, sat-ov-diameter, ov-attention-gradient (the backward pass as the "
      "oracle), ov-pcp-attention and sat-ov-pcp-attention (the distributed PCP to Gap Max-IP), "
      "or a prefix such as sat-ov (answered by the last problem's own solver); see sethkit list");
  cmd->add_option("--layers", args->layers, "transformer chains: layers L (K = L H)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 16));
  cmd->add_option("--heads", args->heads, "transformer chains: heads per layer H")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 16));
  cmd->add_option("--pcp-k", args->pcp_k,
                  "pcp chains: grid rows k of the distributed PCP (default: the k with the "
                  "fewest coordinates per source vector, q^(k+l+1))")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 16));
  cmd->add_option("--pcp-q", args->pcp_q,
                  "pcp chains: the field's prime q (default the least prime above max(l, 2k - 2))")
      ->check(CLI::Range(std::size_t{2}, std::size_t{1} << 30));
  add_attention_kind_option(*cmd, args->attention, "transformer chains: softmax or hardmax");
  add_mlp_option(*cmd, args->mlp, "transformer chains: MLP mode resid (X + MLP) or plain");
  cmd->add_flag("--balanced", args->balanced,
                "transformer chains: split beta as sqrt(beta) over Wq and Wk");
  add_scale_option(*cmd, args->scale, "Logit scale convention: 1/d (Alman-Song) or 1/sqrt(d)");
  cmd->add_option("--noise", args->noise, "Add uniform noise in [-X, X] to the oracle output")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option(
         "--assume-error", args->assume_error,
         "Oracle error the decoder assumes (default: the backend's bound, 1e-9, or --noise)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--seed", args->seed, "Seed of the noise");
  cmd->add_option("--time-limit", args->time_limit, "CaDiCaL time limit in seconds (0: none)")
      ->default_str("none")
      ->check(CLI::NonNegativeNumber);
  add_json_option(*cmd, args->json, "The run bundle (docs/run_bundle.md)");
  cmd->add_flag("--strict", args->strict, "Refuse input-format deviations instead of warning");
  cmd->add_flag("-q,--quiet", args->quiet,
                "No stage lines on standard error (the plan, each stage as it starts and ends)");
  cmd->callback([args, &exit_code] {
    if (!args->chain.empty()) chain_path(args->chain);  // refused before the file is read
    const SourceFile source = load_source(args->file, args->strict);
    const ProblemValue value = problem_value(source);
    const std::string chain = args->chain.empty() ? default_chain(value) : args->chain;
    ChainRun run = naming_source(
        args->file, [&] { return run_chain(chain, value, args->file, chain_options(*args)); });
    run.warnings = source.warnings;
    fmt::print("sethkit verify {} (chain {})\n{}", args->file, chain, chain_summary(run, false));
    emit_json(args->json, "verify", kRunBundleSchemaVersion, to_run_bundle(run, source.sha256));
    exit_code = run.agreement == Agreement::kAgree ? kExitOk : kExitDisagree;
  });
}

}  // namespace sethkit::cli
