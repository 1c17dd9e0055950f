// `sethkit sweep pcp`: the distributed PCP's trade-offs (experiments/pcp_sweep.hpp,
// docs/experiments/pcp.md): per OV dimension m and grid shape k, the
// dimension, hints, gap and the B the attention encoding needs, and the chain
// ov-pcp-attention run where it fits. Writes OUT/pcp.csv and .json; the figure
// comes from scripts/plot_pcp.py.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "chain/executor.hpp"
#include "chain/oracle_choice.hpp"
#include "cli/backend_options.hpp"
#include "cli/commands.hpp"
#include "cli/sweep_journal.hpp"
#include "core/progress.hpp"
#include "experiments/pcp_sweep.hpp"
#include "experiments/sweep_plan.hpp"

namespace sethkit::cli {

namespace {
struct PcpArgs {
  PcpSweepParams params;
  double run_mib = 256;
  std::string backend = "auto";
  BackendOptions backend_options;
  std::string out_dir = "out/pcp";
  bool quick = false;
  SweepOutputFlags output;
};
}  // namespace

void add_pcp_sweep(CLI::App& sweep, int& exit_code) {
  auto args = std::make_shared<PcpArgs>();
  auto& p = args->params;
  auto* cmd = sweep.add_subcommand(
      "pcp",
      "The distributed PCP's trade-offs: per OV dimension m and grid shape k, the dimension, "
      "hints, gap and entry bound, and the chain ov-pcp-attention where it fits "
      "(docs/experiments/pcp.md)");
  cmd->add_option("--m", p.dims, "OV dimensions (default 4,6,8,10,12,14,16)")->delimiter(',');
  cmd->add_option("--n", p.n, "OV vectors per side of the chain runs (default 8)");
  cmd->add_option("--run-mib", args->run_mib,
                  "Run the chain where Q and K fit this many MiB (default 256)")
      ->check(CLI::NonNegativeNumber);
  add_backend_options(*cmd, args->backend, args->backend_options,
                      "The chain's attention oracle (default auto)");
  cmd->add_option("--seed", p.seed, "Seed of the OV instances");
  cmd->add_option("-o,--out", args->out_dir, "Output directory for pcp.csv and pcp.json");
  cmd->add_flag("--quick", args->quick, "m = 4, 6, 8 and n = 4");
  add_sweep_output_flags(*cmd, args->output);
  cmd->callback([args, &exit_code] {
    PcpSweepParams params = args->params;
    params.run_bytes = args->run_mib * (1 << 20);
    if (args->quick) {
      params.dims = {4, 6, 8};
      params.n = 4;
    }
    require_valid_pcp_sweep(params);  // before any file is made
    make_backend(chosen_backend_without_input(args->backend),
                 args->backend_options);  // an unknown backend too
    const std::string dir = args->out_dir;
    nlohmann::json parameters = pcp_sweep_parameters(params);
    parameters["backend"] = args->backend;
    CellJournal journal = open_sweep_journal(dir, "pcp", parameters, args->output);
    SweepPlan plan;
    plan.sweep = "pcp";
    for (const std::size_t m : params.dims) plan.cells += m + 1;
    plan.seconds = 0.5 * static_cast<double>(params.dims.size());
    plan.bytes = params.run_bytes;
    plan.largest = fmt::format("chains only where Q and K fit {:g} MiB", args->run_mib);
    plan.basis = "about a second a chain run at the limit; the sizes are formulas";
    announce_sweep_plan(plan);
    set_progress_enabled(false);
    const PcpChainRunner runner = [args](const OvInstance& ov, std::size_t k, std::size_t q) {
      ChainOptions o;
      o.backend = args->backend;
      o.backend_options = args->backend_options;
      o.pcp.k = k;
      o.pcp.q = q;
      const ChainRun run = run_chain("ov-pcp-attention", ov, "sweep pcp", o);
      if (run.agreement != Agreement::kAgree)
        return fmt::format("{}: {}", to_string(run.agreement), run.explanation);
      return run.overhead_problem();
    };
    const auto points = run_pcp_sweep(params, runner, &journal);
    if (finish_sweep_shard(journal, points.size())) {
      exit_code = kExitOk;
      return;
    }
    nlohmann::json document = pcp_sweep_json(params, points);
    document["parameters"]["backend"] = args->backend;
    write_sweep_results(args->output, dir, "pcp", pcp_sweep_csv(points), document);
    journal.remove();
    std::size_t ran = 0, wrong = 0;
    for (const PcpSweepPoint& pt : points) {
      ran += pt.ran;
      wrong += pt.ran && !pt.agree;
      if (pt.ran && !pt.agree) fmt::print(stderr, "m = {}, k = {}: {}\n", pt.m, pt.k, pt.note);
    }
    fmt::print(stderr,
               "wrote {0}/pcp.csv and {0}/pcp.json ({1} shapes, {2} chains run, {3} "
               "disagreeing); plot with: python3 scripts/plot_pcp.py {0}/pcp.csv\n",
               dir, points.size(), ran, wrong);
    exit_code = wrong == 0 ? kExitOk : kExitDisagree;
  });
}

}  // namespace sethkit::cli
