// `sethkit sweep conv`: the conv backend beside exact causal attention over n,
// on position-structured inputs and on the OV reduction's inputs
// (experiments/conv_sweep.hpp; Liang et al., "Conv-Basis", 2024). Writes
// OUT/conv.csv and OUT/conv.json; progress on stderr; the figure comes from
// scripts/plot_conv.py.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/sweep_journal.hpp"
#include "core/file_io.hpp"
#include "core/json_report.hpp"
#include "experiments/conv_sweep.hpp"
#include "experiments/sweep_output.hpp"

namespace sethkit::cli {

namespace {
struct ConvSweepArgs {
  ConvSweepParams params;
  std::string out_dir = "out/conv";
  bool quick = false;
  SweepOutputFlags output;
};
}  // namespace

void add_conv_sweep(CLI::App& sweep, int& exit_code) {
  auto args = std::make_shared<ConvSweepArgs>();
  auto& p = args->params;
  auto* cmd = sweep.add_subcommand(
      "conv",
      "conv (k-conv basis + FFT) against exact causal attention over n, on structured and "
      "on hardness inputs");
  cmd->add_option("--structured-n", p.structured_n, "n of the structured series (1024 .. 65536)")
      ->delimiter(',');
  cmd->add_option("--hard-n", p.hard_n, "n of the OV-reduction series (256 .. 4096)")
      ->delimiter(',');
  cmd->add_option("--dv", p.d_v, "Columns of V (default 8)")->check(CLI::Range(1L, 1024L));
  cmd->add_option("--sample-rows", p.sample_rows, "Rows checked against exact attention (256)")
      ->check(CLI::Range(1L, 1L << 20));
  cmd->add_option("--seed", p.seed, "Seed of the inputs");
  cmd->add_option("-o,--out", args->out_dir, "Output directory for conv.csv and conv.json");
  cmd->add_flag("--quick", args->quick, "A small grid (n <= 1024), a second or two");
  add_sweep_output_flags(*cmd, args->output);
  cmd->callback([args, &exit_code] {
    ConvSweepParams params = args->params;
    if (args->quick) {
      params.structured_n = {256, 1024};
      params.hard_n = {64, 256};
    }
    const std::string dir = args->out_dir;
    CellJournal journal =
        open_sweep_journal(dir, "conv", conv_sweep_parameters(params), args->output);
    announce_sweep_plan(conv_sweep_plan(params));
    const auto points = run_conv_sweep(
        params,
        [](const ConvSweepPoint& pt, std::size_t done, std::size_t total) {
          fmt::print(stderr,
                     "[{}/{}] {} n = {}: k = {}, conv {:.4f} s, flash {:.4f} s, conv error {:.2g} "
                     "(bound {:.2g}){}\n",
                     done, total, pt.series, pt.n, pt.k, pt.conv_seconds, pt.flash_seconds,
                     pt.conv_error, pt.conv_bound, pt.note.empty() ? "" : "; conv " + pt.note);
        },
        &journal);
    if (finish_sweep_shard(journal, points.size())) {
      exit_code = kExitOk;
      return;
    }
    write_sweep_results(args->output, dir, "conv", conv_sweep_csv(points),
                        conv_sweep_json(params, points));
    journal.remove();
    fmt::print(stderr,
               "wrote {0}/conv.csv and {0}/conv.json ({1} points); plot with: python3 "
               "scripts/plot_conv.py {0}/conv.csv\n",
               dir, points.size());
    exit_code = kExitOk;
  });
}

}  // namespace sethkit::cli
