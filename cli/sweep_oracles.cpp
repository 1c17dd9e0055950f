// `sethkit sweep oracles`: the oracle arena (experiments/oracle_arena.hpp;
// docs/experiments/oracles.md): every backend on easy, threshold and hard
// inputs. Writes OUT/oracles.csv and OUT/oracles.json; progress on stderr;
// the figures come from scripts/plot_oracles.py.
#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/sweep_journal.hpp"
#include "experiments/oracle_arena.hpp"
#include "experiments/sweep_output.hpp"

namespace sethkit::cli {

namespace {
struct OracleArenaArgs {
  OracleArenaParams params;
  std::string out_dir = "out/oracles";
  bool quick = false;
  SweepOutputFlags output;
};
}  // namespace

void add_oracles_sweep(CLI::App& sweep, int& exit_code) {
  auto args = std::make_shared<OracleArenaArgs>();
  auto& p = args->params;
  auto* cmd = sweep.add_subcommand(
      "oracles",
      "The oracle arena: every backend (exact, poly, conv, the approximate ones at several "
      "budgets) on easy, threshold (Gap-Hamming) and hard (CNF -> OV -> attention) inputs");
  cmd->add_option("--backends", p.backends,
                  "Backends (default flash, poly, conv, performer, hyper, reformer, nystrom, "
                  "window)")
      ->delimiter(',');
  cmd->add_option("--budgets", p.budgets,
                  "Factors of the approximate backends' default budgets (default 0.25, 1, 4)")
      ->delimiter(',');
  cmd->add_option("--log-n", p.log_n, "log2 n of the easy and threshold families (10 .. 16)")
      ->delimiter(',');
  cmd->add_option("--easy-kappa", p.easy_kappas, "kappa = B / sqrt(ln n), easy (0.25, 0.5)")
      ->delimiter(',');
  cmd->add_option("--kappa", p.threshold_kappas, "kappa of the threshold family (0.25 .. 16)")
      ->delimiter(',');
  cmd->add_option("--vars", p.vars, "Variables of the hard family's 3-CNF (12 .. 24)")
      ->delimiter(',');
  cmd->add_option("--sample-rows", p.sample_rows, "Rows checked against exact attention (256)")
      ->check(CLI::Range(1L, 1L << 20));
  cmd->add_option("--seed", p.seed, "Seed of the inputs");
  cmd->add_option("-o,--out", args->out_dir, "Output directory for oracles.csv and oracles.json");
  cmd->add_flag("--quick", args->quick, "A small grid (n = 2^8, 2^9; v = 10, 12), seconds");
  add_sweep_output_flags(*cmd, args->output);
  cmd->callback([args, &exit_code] {
    OracleArenaParams params = args->params;
    if (args->quick) {
      params.log_n = {8, 9};
      params.threshold_kappas = {0.5, 4, 16};
      params.vars = {10, 12};
    }
    check_oracle_arena(params);
    const std::string dir = args->out_dir;
    CellJournal journal =
        open_sweep_journal(dir, "oracles", oracle_arena_parameters(params), args->output);
    announce_sweep_plan(oracle_arena_plan(params));
    const auto cells = run_oracle_arena(
        params,
        [](const OracleArenaCell& c, std::size_t done, std::size_t total) {
          fmt::print(
              stderr, "[{}/{}] {} n = {} kappa = {:.3g}{}: {} x{:g}: {:.4f} s, error {:.3g}{}{}\n",
              done, total, c.family, c.n, c.kappa,
              c.vars ? fmt::format(" v = {}", c.vars) : std::string(), c.backend, c.budget,
              c.seconds, c.max_error,
              c.rows_right >= 0 ? fmt::format(", rows right {:.3f}", c.rows_right) : std::string(),
              c.note.empty() ? "" : "; " + c.note);
        },
        &journal);
    if (finish_sweep_shard(journal, cells.size())) {
      exit_code = kExitOk;
      return;
    }
    write_sweep_results(args->output, dir, "oracles", oracle_arena_csv(cells),
                        oracle_arena_json(params, cells));
    journal.remove();
    fmt::print(stderr,
               "wrote {0}/oracles.csv and {0}/oracles.json ({1} cells); plot with: python3 "
               "scripts/plot_oracles.py {0}/oracles.csv\n",
               dir, cells.size());
    exit_code = kExitOk;
  });
}

}  // namespace sethkit::cli
