// `sethkit sweep transition` (and, from cli/sweep_direct_sum.cpp, `sweep
// direct-sum`): the Alman-Song phase transition on planted
// Gap-Hamming instances (experiments/transition_sweep.hpp). Writes
// OUT/transition.csv and OUT/transition.json; progress on stderr; the figures
// come from scripts/plot_transition.py. --quick is a small grid for the tests.
#include <fmt/format.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/sweep_journal.hpp"
#include "core/error.hpp"
#include "core/file_io.hpp"
#include "core/json_report.hpp"
#include "experiments/sweep_output.hpp"
#include "experiments/transition_sweep.hpp"

namespace sethkit::cli {

namespace {
struct SweepArgs {
  TransitionParams params;
  std::string out_dir = "out/transition";
  bool quick = false;
  SweepOutputFlags output;
};
}  // namespace

void add_sweep_command(CLI::App& app, int& exit_code) {
  auto* sweep = app.add_subcommand("sweep", "Experiments over a grid of parameters");
  sweep->require_subcommand(1);
  add_direct_sum_sweep(*sweep, exit_code);
  add_conv_sweep(*sweep, exit_code);
  add_oracles_sweep(*sweep, exit_code);
  add_gradient_sweep(*sweep, exit_code);
  add_formula_depth_sweep(*sweep, exit_code);
  add_rope_precision_sweep(*sweep, exit_code);
  add_pcp_sweep(*sweep, exit_code);
  auto args = std::make_shared<SweepArgs>();
  auto* tr = sweep->add_subcommand(
      "transition",
      "The Alman-Song transition at B = Theta(sqrt(log n)): poly's rank and the decoding accuracy "
      "against n and kappa = B / sqrt(ln n)");
  tr->add_option("--log-n", args->params.log_n, "log2 of the sizes n (default 8 .. 16)")
      ->delimiter(',');
  tr->add_option("--kappa", args->params.kappas, "kappa = B / sqrt(ln n) grid (default 0.25 .. 16)")
      ->delimiter(',');
  tr->add_option("--seed", args->params.seed, "Seed of the planted instances");
  tr->add_option("--target-error", args->params.target_error,
                 "poly's wanted max error relative to the largest output entry (default 1e-3)")
      ->check(CLI::PositiveNumber);
  tr->add_option("--max-rank", args->params.max_rank,
                 "Run poly itself (time beside flash) up to this rank");
  tr->add_option("--budget-rank", args->params.budget_rank,
                 "The fixed rank budget of the accuracy measurement");
  tr->add_option("--max-degree", args->params.max_degree,
                 "The degree search stops here (default 2000)")
      ->check(CLI::Range(0, 100000));
  tr->add_option("--sample-rows", args->params.sample_rows,
                 "Query rows of the degree search (default 512; all rows when fewer)")
      ->check(CLI::Range(1L, 1L << 20));
  tr->add_option("-o,--out", args->out_dir,
                 "Output directory for transition.csv and transition.json");
  tr->add_flag("--quick", args->quick,
               "A small grid (n = 2^6 .. 2^8, three kappas), under a minute");
  add_sweep_output_flags(*tr, args->output);
  tr->callback([args, &exit_code] {
    TransitionParams params = args->params;
    if (args->quick) {
      params.log_n = {6, 7, 8};
      params.kappas = {0.5, 2, 16};
    }
    for (double k : params.kappas)
      if (!(k > 0)) throw ContractError("--kappa values must be positive");
    const std::string dir = args->out_dir;
    CellJournal journal =
        open_sweep_journal(dir, "transition", transition_parameters(params), args->output);
    announce_sweep_plan(transition_plan(params));
    const auto cells = run_transition(
        params,
        [](const TransitionCell& c, std::size_t done, std::size_t total) {
          fmt::print(stderr, "[{}/{}] n = {}, kappa = {}: exact accuracy {:.3f}, poly {}\n", done,
                     total, c.n, c.kappa, c.exact_accuracy,
                     c.degree_needed >= 0
                         ? fmt::format("reaches the target at degree {}, rank {:.3g}",
                                       c.degree_needed, c.rank_needed)
                         : "does not reach the target up to the maximum degree");
        },
        &journal);
    if (finish_sweep_shard(journal, cells.size())) {
      exit_code = kExitOk;
      return;
    }
    write_sweep_results(args->output, dir, "transition", transition_csv(cells),
                        transition_json(params, cells));
    journal.remove();
    fmt::print(stderr,
               "wrote {}/transition.csv and {}/transition.json ({} cells); plot with: python3 "
               "scripts/plot_transition.py {}/transition.csv\n",
               dir, dir, cells.size(), dir);
    exit_code = kExitOk;
  });
}

}  // namespace sethkit::cli
