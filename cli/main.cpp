// sethkit: CNF-SAT and Orthogonal Vectors as attention inputs by the SETH
// lower-bound constructions (Alman & Song, NeurIPS 2023), attention oracles,
// decoding, and checks against independent ground truth.
#include <fmt/format.h>

#include <cstdio>
#include <new>

#include "cli/budget_options.hpp"
#include "cli/command_tree.hpp"
#include "cli/commands.hpp"
#include "core/cleanup.hpp"
#include "core/eigen_threads.hpp"
#include "core/error.hpp"
#include "core/freed_memory.hpp"
#include "core/provenance.hpp"
#include "core/version.hpp"

int main(int argc, char** argv) {
  using namespace sethkit;
  set_command_line(argc, argv);
  install_cleanup_handlers();
  disable_eigen_threads();
  keep_freed_memory();
  CLI::App app{
      fmt::format("{}: SETH hardness of attention, end to end. Encode CNF-SAT and Orthogonal "
                  "Vectors as attention inputs, run attention as an oracle, decode, and check "
                  "against CaDiCaL and brute force.",
                  tool_banner())};
  app.set_version_flag("--version", tool_banner());
  app.option_defaults()->always_capture_default();  // every --help shows the defaults
  app.require_subcommand(1);
  int exit_code = cli::kExitOk;
  cli::add_gen_command(app, exit_code);
  cli::add_solve_command(app, exit_code);
  cli::add_reduce_command(app, exit_code);
  cli::add_attend_command(app, exit_code);
  cli::add_decode_command(app, exit_code);
  cli::add_forward_command(app, exit_code);
  cli::add_baur_strassen_command(app, exit_code);
  cli::add_graph_commands(app, exit_code);
  cli::add_check_command(app, exit_code);
  cli::add_explain_command(app, exit_code);
  cli::add_verify_command(app, exit_code);
  cli::add_demo_command(app, exit_code);
  cli::add_sweep_command(app, exit_code);
  cli::add_merge_command(app, exit_code);
  cli::add_completion_command(app, exit_code);
  cli::add_tune_command(app, exit_code);
  cli::add_budget_options(app);
  cli::refuse_negative_unsigned(app);
  cli::add_version_flags(app, tool_banner());
  cli::hide_sentinel_defaults(app);
  if (const auto unknown = cli::unknown_command(app, argc, argv)) {
    fmt::print(stderr, "sethkit: error: {}\n", *unknown);
    return cli::kExitUsage;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? cli::kExitOk : cli::kExitUsage;
  } catch (const InputError& e) {
    fmt::print(stderr, "sethkit: error: {}\n", e.what());
    return cli::kExitError;
  } catch (const ContractError& e) {
    fmt::print(stderr, "sethkit: error: {}\n", e.what());
    return cli::kExitError;
  } catch (const std::bad_alloc&) {
    fmt::print(stderr, "sethkit: error: out of memory\n");
    return cli::kExitError;
  } catch (const std::exception& e) {
    fmt::print(stderr, "sethkit: error: {}\n", e.what());
    return cli::kExitError;
  }
  return exit_code;
}
