// The `sethkit` subcommands: each file registers one with CLI11. A command's
// callback stores its exit code in `exit_code`; errors are thrown and caught
// once in main(). Exit codes (docs/cli.md): 0 success, 1 bad input or runtime
// error, 2 usage error, 3 a check found a disagreement or an ambiguous answer;
// `solve` uses 10 SAT, 20 UNSAT, 0 UNKNOWN.
#pragma once

#include <CLI/CLI.hpp>

namespace sethkit::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitError = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitDisagree = 3;
inline constexpr int kExitSat = 10;
inline constexpr int kExitUnsat = 20;
inline constexpr int kExitUnknown = 0;

void add_gen_command(CLI::App& app, int& exit_code);
void add_solve_command(CLI::App& app, int& exit_code);
void add_reduce_command(CLI::App& app, int& exit_code);
void add_attend_command(CLI::App& app, int& exit_code);
void add_verify_command(CLI::App& app, int& exit_code);
void add_demo_command(CLI::App& app, int& exit_code);
void add_sweep_command(CLI::App& app, int& exit_code);
void add_forward_command(CLI::App& app, int& exit_code);
void add_baur_strassen_command(CLI::App& app, int& exit_code);
void add_graph_commands(CLI::App& app, int& exit_code);  // list, path
void add_check_command(CLI::App& app, int& exit_code);
void add_explain_command(CLI::App& app, int& exit_code);
void add_decode_command(CLI::App& app, int& exit_code);
void add_merge_command(CLI::App& app, int& exit_code);
void add_completion_command(CLI::App& app, int& exit_code);  // bash, commands
void add_tune_command(CLI::App& app, int& exit_code);        // fft
// `gen formula` and `gen cnf`, registered under `gen` by add_gen_command.
void add_gen_formula(CLI::App& gen, int& exit_code);
void add_gen_formula_model(CLI::App& gen, int& exit_code);
void add_gen_cnf(CLI::App& gen, int& exit_code);
// `sweep direct-sum`, registered under `sweep` by add_sweep_command.
void add_direct_sum_sweep(CLI::App& sweep, int& exit_code);
// `sweep conv`, registered under `sweep` by add_sweep_command.
void add_conv_sweep(CLI::App& sweep, int& exit_code);
void add_oracles_sweep(CLI::App& sweep, int& exit_code);
// `sweep gradient` (cli/sweep_gradient.cpp).
void add_gradient_sweep(CLI::App& sweep, int& exit_code);
void add_formula_depth_sweep(CLI::App& sweep, int& exit_code);
void add_rope_precision_sweep(CLI::App& sweep, int& exit_code);
void add_pcp_sweep(CLI::App& sweep, int& exit_code);

}  // namespace sethkit::cli
