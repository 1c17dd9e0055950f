// `sethkit sweep rope-precision`: RoPE logits and a relative-offset head in
// float16, bfloat16, float32 and float64 against an extended-precision
// reference, over positions 1 .. 2^20 (experiments/rope_precision.hpp; the
// precision hypothesis of Chen, Li, Liang, Long, Shi, Song 2024). Writes
// OUT/rope_precision.csv and .json; the figure comes from
// scripts/plot_rope_precision.py.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/sweep_journal.hpp"
#include "experiments/rope_precision.hpp"
#include "experiments/sweep_plan.hpp"

namespace sethkit::cli {

namespace {
struct RopePrecisionArgs {
  RopePrecisionParams params;
  std::string out_dir = "out/rope_precision";
  bool quick = false;
  SweepOutputFlags output;
};
}  // namespace

void add_rope_precision_sweep(CLI::App& sweep, int& exit_code) {
  auto args = std::make_shared<RopePrecisionArgs>();
  auto& p = args->params;
  auto* cmd = sweep.add_subcommand(
      "rope-precision",
      "RoPE logits and a relative-offset head in float16, bfloat16, float32 and float64 against "
      "an extended-precision reference, positions 1 .. 2^20 (docs/rope.md)");
  cmd->add_option("--formats", p.formats, "float16, bfloat16, float32, float64 (default all)")
      ->delimiter(',');
  cmd->add_option("--bases", p.bases, "RoPE bases (default 10000, 500000)")->delimiter(',');
  cmd->add_option("--head-dim", p.head_dim, "Head dimension, even (default 64)");
  cmd->add_option("--max-log-position", p.max_log_position, "Positions 2^0 .. 2^this (20)");
  cmd->add_option("--offset", p.offset, "The head's target: this many keys back (default 1)");
  cmd->add_option("--window", p.window, "Keys the head compares (default 64)");
  cmd->add_option("--samples", p.samples, "Random (q, k) pairs per position (default 32)");
  cmd->add_option("--seed", p.seed, "Seed of q and k");
  cmd->add_option("-o,--out", args->out_dir,
                  "Output directory for rope_precision.csv and rope_precision.json");
  cmd->add_flag("--quick", args->quick, "Positions to 2^12, 4 samples");
  add_sweep_output_flags(*cmd, args->output);
  cmd->callback([args, &exit_code] {
    RopePrecisionParams params = args->params;
    if (args->quick) {
      params.max_log_position = 12;
      params.samples = 4;
    }
    require_valid_rope_precision(params);  // before any file is made
    const std::string dir = args->out_dir;
    CellJournal journal =
        open_sweep_journal(dir, "rope_precision", rope_precision_parameters(params), args->output);
    SweepPlan plan;
    plan.sweep = "rope-precision";
    plan.cells = params.formats.size() * params.bases.size() *
                 static_cast<std::size_t>(params.max_log_position + 1);
    plan.seconds = 1e-6 * static_cast<double>(plan.cells) *
                   static_cast<double>(params.head_dim * (params.samples * 4 + params.window));
    plan.bytes = 64.0 * static_cast<double>(params.head_dim);
    plan.largest = fmt::format("d = {}", params.head_dim);
    plan.basis = "emulated roundings, about a microsecond per coordinate rotated";
    announce_sweep_plan(plan);
    const auto points = run_rope_precision(params, &journal);
    if (finish_sweep_shard(journal, points.size())) {
      exit_code = kExitOk;
      return;
    }
    write_sweep_results(args->output, dir, "rope_precision", rope_precision_csv(points),
                        rope_precision_json(params, points));
    journal.remove();
    for (const RopeSelectionLimit& l : rope_selection_limits(points))
      fmt::print(stderr, "{} base {:g}: the offset head is right up to position {}\n", l.format,
                 l.base, l.largest_right);
    fmt::print(stderr,
               "wrote {0}/rope_precision.csv and {0}/rope_precision.json ({1} points); plot "
               "with: python3 scripts/plot_rope_precision.py {0}/rope_precision.csv\n",
               dir, points.size());
    exit_code = kExitOk;
  });
}

}  // namespace sethkit::cli
