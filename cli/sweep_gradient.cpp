// `sethkit sweep gradient`: the gradient's two sides of the Alman-Song
// threshold (experiments/gradient_sweep.hpp; docs/experiments/gradient.md):
// flash's and poly's gradient time over n at small entries, and the OV ->
// attention-gradient reduction's decoding accuracy against kappa. Writes
// OUT/gradient.csv and OUT/gradient.json; progress on stderr; the figure
// comes from scripts/plot_gradient.py.
#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/sweep_journal.hpp"
#include "experiments/gradient_sweep.hpp"
#include "experiments/sweep_output.hpp"

namespace sethkit::cli {

namespace {
struct GradientSweepArgs {
  GradientSweepParams params;
  std::string out_dir = "out/gradient";
  bool quick = false;
  SweepOutputFlags output;
};
}  // namespace

void add_gradient_sweep(CLI::App& sweep, int& exit_code) {
  auto args = std::make_shared<GradientSweepArgs>();
  auto& p = args->params;
  auto* cmd = sweep.add_subcommand(
      "gradient",
      "The attention gradient at the threshold: flash's and poly's backward pass over n at small "
      "entries, and the OV -> attention-gradient decoding against kappa = B / sqrt(ln n)");
  cmd->add_option("--log-n", p.time_log_n, "log2 n of the timed points (default 10 .. 16)")
      ->delimiter(',');
  cmd->add_option("--decode-log-n", p.decode_log_n,
                  "log2 N of the decoding cells, N vectors a side (default 6, 8, 10, 12, 14)")
      ->delimiter(',');
  cmd->add_option("--kappa", p.kappas, "kappa = B / sqrt(ln n) grid (default 0.5 .. 32)")
      ->delimiter(',');
  cmd->add_option("--target-error", p.target_error, "poly's target error (default 1e-3)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--sample-rows", p.sample_rows,
                  "Gradient rows checked against float64 (default 64)")
      ->check(CLI::Range(1L, 1L << 20));
  cmd->add_option("--repeats", p.repeats, "Timed runs per point, median (default 1)")
      ->check(CLI::Range(1, 100));
  cmd->add_option("--seed", p.seed, "Seed of the inputs");
  cmd->add_option("-o,--out", args->out_dir, "Output directory for gradient.csv and gradient.json");
  cmd->add_flag("--quick", args->quick, "A small grid (n <= 2^10, N <= 2^7), a few seconds");
  add_sweep_output_flags(*cmd, args->output);
  cmd->callback([args, &exit_code] {
    GradientSweepParams params = args->params;
    if (args->quick) {
      params.time_log_n = {8, 9, 10};
      params.decode_log_n = {5, 7};
      params.kappas = {1, 4, 16};
    }
    require_valid_gradient_sweep(params);  // before any file is made
    const std::string dir = args->out_dir;
    CellJournal journal =
        open_sweep_journal(dir, "gradient", gradient_sweep_parameters(params), args->output);
    announce_sweep_plan(gradient_sweep_plan(params));
    const GradientSweepResult result = run_gradient_sweep(
        params,
        [](const std::string& line, std::size_t done, std::size_t total) {
          fmt::print(stderr, "[{}/{}] {}\n", done, total, line);
        },
        &journal);
    if (finish_sweep_shard(journal, result.time.size() + result.decode.size())) {
      exit_code = kExitOk;
      return;
    }
    write_sweep_results(args->output, dir, "gradient", gradient_sweep_csv(result),
                        gradient_sweep_json(params, result));
    journal.remove();
    const GradientSlopes slopes = gradient_slopes(result.time);
    fmt::print(stderr,
               "slopes of log time against log n: flash backward {:.2f}, poly backward {:.2f}\n",
               slopes.flash_backward, slopes.poly_backward);
    fmt::print(stderr,
               "wrote {0}/gradient.csv and {0}/gradient.json ({1} points, {2} cells); plot with: "
               "python3 scripts/plot_gradient.py {0}/gradient.csv\n",
               dir, result.time.size(), result.decode.size());
    exit_code = kExitOk;
  });
}

}  // namespace sethkit::cli
