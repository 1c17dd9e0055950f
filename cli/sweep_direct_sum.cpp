// `sethkit sweep direct-sum`: transformer evaluation time against L H at fixed
// N and against N at fixed L H, on the 3-OV reduction's transformers
// (experiments/direct_sum_sweep.hpp; Saha, Xu, Ye, Yu 2026). Writes
// OUT/direct_sum.csv and OUT/direct_sum.json with the fitted slopes; progress
// on stderr; the figure comes from scripts/plot_direct_sum.py. Exit 3 when a
// decoded answer disagrees with the 3-OV solver.
#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/sweep_journal.hpp"
#include "core/file_io.hpp"
#include "core/json_report.hpp"
#include "experiments/direct_sum_sweep.hpp"
#include "experiments/sweep_output.hpp"

namespace sethkit::cli {

namespace {
struct DirectSumArgs {
  DirectSumParams params;
  std::string out_dir = "out/direct_sum";
  bool quick = false;
  SweepOutputFlags output;
};

}  // namespace

void add_direct_sum_sweep(CLI::App& sweep, int& exit_code) {
  auto args = std::make_shared<DirectSumArgs>();
  auto& p = args->params;
  auto* cmd = sweep.add_subcommand(
      "direct-sum",
      "Transformer time against L H at fixed N and against N at fixed L H, with fitted slopes");
  cmd->add_option("--fixed-n", p.fixed_n, "N of the L H series (default 4096)")
      ->check(CLI::Range(std::size_t{2}, std::size_t{1} << 20));
  cmd->add_option("--lh", p.lh, "L H values of the first series (default 1,2,4,8,16,32,64)")
      ->delimiter(',')
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 12));
  cmd->add_option("--n", p.n, "N values of the second series (default 512 .. 16384)")
      ->delimiter(',')
      ->check(CLI::Range(std::size_t{2}, std::size_t{1} << 20));
  cmd->add_option("--layers", p.n_layers, "L of the N series (default 2)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 12));
  cmd->add_option("--heads", p.n_heads, "H of the N series (default 2)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 12));
  cmd->add_option("--dim-per-log", p.dim_per_log, "3-OV dimension D = this x ceil(log2 N)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{64}));
  cmd->add_option("--backend", p.backend, "Backend of the softmax heads (default flash)");
  cmd->add_option("--repeats", p.repeats, "Forward passes per point; the median is reported")
      ->check(CLI::Range(1, 100));
  cmd->add_option("--seed", p.seed, "Seed of the random 3-OV instances");
  cmd->add_option("-o,--out", args->out_dir,
                  "Output directory for direct_sum.csv and direct_sum.json");
  cmd->add_flag("--quick", args->quick, "A small grid (N <= 256, L H <= 4), a few seconds");
  add_sweep_output_flags(*cmd, args->output);
  cmd->callback([args, &exit_code] {
    DirectSumParams params = args->params;
    if (args->quick) {
      params.fixed_n = 128;
      params.lh = {1, 2, 4};
      params.n = {64, 128, 256};
      params.repeats = 1;
    }
    const std::string dir = args->out_dir;
    CellJournal journal =
        open_sweep_journal(dir, "direct_sum", direct_sum_parameters(params), args->output);
    announce_sweep_plan(direct_sum_plan(params));
    const auto points = run_direct_sum(
        params,
        [](const DirectSumPoint& pt, std::size_t done, std::size_t total) {
          fmt::print(stderr,
                     "[{}/{}] {} series: N = {}, L = {}, H = {}: {:.4f} s ({:.4f} s per head), "
                     "decoded {} / truth {}\n",
                     done, total, pt.series, pt.n, pt.layers, pt.heads, pt.seconds,
                     pt.seconds_per_head, pt.decoded, pt.truth);
        },
        &journal);
    if (finish_sweep_shard(journal, points.size())) {
      exit_code = kExitOk;
      return;
    }
    const DirectSumFit fit = fit_direct_sum(points);
    const nlohmann::json doc = direct_sum_json(params, points, fit);
    const std::size_t disagree = doc["disagreements"].get<std::size_t>();
    write_sweep_results(args->output, dir, "direct_sum", direct_sum_csv(points), doc);
    journal.remove();
    fmt::print("slope of time against L H at N = {}: {:.3f}; against N at L H = {}: {:.3f}\n",
               params.fixed_n, fit.slope_lh, params.n_layers * params.n_heads, fit.slope_n);
    fmt::print(
        stderr,
        "wrote {0}/direct_sum.csv and {0}/direct_sum.json ({1} points, {2} disagreements); plot "
        "with: python3 scripts/plot_direct_sum.py {0}/direct_sum.csv\n",
        dir, points.size(), disagree);
    exit_code = disagree == 0 ? kExitOk : kExitDisagree;
  });
}

}  // namespace sethkit::cli
