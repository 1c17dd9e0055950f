// `sethkit sweep formula-depth`: the depth staircase of the formula
// transformer (experiments/formula_depth_sweep.hpp; around Chen, Li, Liang,
// Long, Shi, Song 2024). Writes OUT/formula_depth.csv and .json; the heat
// map comes from scripts/plot_formula_depth.py.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/sweep_journal.hpp"
#include "experiments/formula_depth_sweep.hpp"

namespace sethkit::cli {

namespace {
struct FormulaDepthArgs {
  FormulaDepthSweepParams params;
  std::string out_dir = "out/formula_depth";
  bool quick = false;
  SweepOutputFlags output;
};
}  // namespace

void add_formula_depth_sweep(CLI::App& sweep, int& exit_code) {
  auto args = std::make_shared<FormulaDepthArgs>();
  auto& p = args->params;
  auto* cmd = sweep.add_subcommand(
      "formula-depth",
      "The depth staircase: the formula transformer's roots after L = 1 .. 10 layers on the "
      "generator's formulas of depth D = 1 .. 14 (docs/experiments/formula_depth.md)");
  cmd->add_option("--kinds", p.kinds, "boolean, arithmetic (default both)")->delimiter(',');
  cmd->add_option("--shapes", p.shapes, "balanced, random, caterpillar (default all)")
      ->delimiter(',');
  cmd->add_option("--depths", p.depths, "The generator's binary depths D (default 1 .. 14)")
      ->delimiter(',');
  cmd->add_option("--layers", p.max_layers, "Layers L = 1 .. this (default 10)")
      ->check(CLI::Range(1, 64));
  cmd->add_option("--count", p.count, "Formulas per cell (default 16)")
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--max-tokens", p.max_tokens,
                  "Cells with longer formulas are skipped (default 2048; n x n scores)")
      ->check(CLI::Range(4L, 16384L));
  cmd->add_option("--p", p.p, "Arithmetic: prime modulus below 64 (default 11)");
  cmd->add_option("--p-not", p.p_not, "Boolean: the generator's NOT probability (default 0.2)")
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--attention", p.attention, "hardmax (default) or softmax at the stated beta")
      ->check(CLI::IsMember({"hardmax", "softmax"}));
  cmd->add_option("--seed", p.seed, "Seed of the formulas");
  cmd->add_option("-o,--out", args->out_dir,
                  "Output directory for formula_depth.csv and formula_depth.json");
  cmd->add_flag("--quick", args->quick, "A small grid (L, D <= 4, 4 formulas a cell)");
  add_sweep_output_flags(*cmd, args->output);
  cmd->callback([args, &exit_code] {
    FormulaDepthSweepParams params = args->params;
    if (args->quick) {
      params.depths = {1, 2, 3, 4};
      params.max_layers = 4;
      params.count = 4;
    }
    require_valid_formula_depth_sweep(params);  // before any file is made
    const std::string dir = args->out_dir;
    CellJournal journal = open_sweep_journal(dir, "formula_depth",
                                             formula_depth_sweep_parameters(params), args->output);
    announce_sweep_plan(formula_depth_sweep_plan(params));
    const auto cells = run_formula_depth_sweep(
        params,
        [](const FormulaDepthCell& c, std::size_t done, std::size_t total) {
          if (!c.formulas) {
            fmt::print(stderr, "[{}/{}] {} {} D = {}: {}\n", done, total, c.kind, c.shape, c.depth,
                       c.note);
            return;
          }
          std::string row;
          for (std::size_t l = 0; l < c.right.size(); ++l)
            row += fmt::format(" {}", c.right[l] + c.unknown_zero[l]);
          fmt::print(stderr,
                     "[{}/{}] {} {} D = {} (depth with NOT {}..{}, {} tokens): right of {} after "
                     "L = 1, 2, ...:{}\n",
                     done, total, c.kind, c.shape, c.depth, c.min_full_depth, c.max_full_depth,
                     c.tokens, c.formulas, row);
        },
        &journal);
    if (finish_sweep_shard(journal, cells.size())) {
      exit_code = kExitOk;
      return;
    }
    write_sweep_results(args->output, dir, "formula_depth", formula_depth_sweep_csv(cells),
                        formula_depth_sweep_json(params, cells));
    journal.remove();
    int wrong = 0;
    for (const FormulaDepthCell& c : cells)
      for (int w : c.wrong) wrong += w;
    fmt::print(stderr,
               "wrote {0}/formula_depth.csv and {0}/formula_depth.json ({1} cells; {2} known "
               "roots wrong); plot with: python3 scripts/plot_formula_depth.py "
               "{0}/formula_depth.csv\n",
               dir, cells.size(), wrong);
    exit_code = wrong ? kExitDisagree : kExitOk;
  });
}

}  // namespace sethkit::cli
