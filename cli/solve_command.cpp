// `sethkit solve FILE`: SAT-competition output (s / v lines) from CaDiCaL or
// brute force; exit 10 SAT, 20 UNSAT, 0 UNKNOWN (docs/formats.md); --json the
// same answer as a document (docs/json.md).
#include <fmt/format.h>

#include <iostream>

#include "cli/commands.hpp"
#include "cli/json_output.hpp"
#include "core/dimacs.hpp"
#include "core/instance_file.hpp"
#include "core/json_report.hpp"
#include "solvers/brute_force_sat.hpp"
#include "solvers/cadical_solver.hpp"
#include "solvers/sat_result.hpp"

namespace sethkit::cli {

namespace {
struct SolveArgs {
  std::string file, json;
  std::string solver = "cadical";
  double time_limit = 0;
  bool strict = false;
};

void print_model(const Assignment& model) {
  std::string line = "v";
  for (int lit : to_literals(model)) {
    const std::string token = fmt::format(" {}", lit);
    if (line.size() + token.size() > 78) {
      fmt::print("{}\n", line);
      line = "v";
    }
    line += token;
  }
  fmt::print("{} 0\n", line);
}
}  // namespace

void add_solve_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<SolveArgs>();
  auto* cmd = app.add_subcommand(
      "solve",
      "Solve a DIMACS CNF; prints 's SATISFIABLE' / 'v ... 0'; exit 10 SAT, 20 UNSAT, 0 UNKNOWN");
  cmd->add_option("file", args->file,
                  "DIMACS CNF file ('-' for stdin; gzip, xz, bzip2, zstd by content)")
      ->required();
  cmd->add_option("--solver", args->solver, "cadical or brute-force")
      ->check(CLI::IsMember({"cadical", "brute-force"}));
  cmd->add_option("--time-limit", args->time_limit, "Seconds; reaching it gives UNKNOWN")
      ->default_str("none")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--strict", args->strict, "Refuse DIMACS deviations instead of warning");
  add_json_option(*cmd, args->json, "The answer, the model and the solver");
  cmd->callback([args, &exit_code] {
    const DimacsFile file = read_dimacs(args->file, DimacsOptions{args->strict, {}});
    for (const auto& w : file.warnings) std::cerr << w << "\n";
    const SatOptions options{args->time_limit};
    const SatResult result = naming_source(args->file, [&] {
      return args->solver == "cadical" ? solve_cadical(file.cnf, options)
                                       : solve_brute_force(file.cnf, options);
    });
    std::string limit =
        args->time_limit > 0 ? fmt::format(", time limit {} s", args->time_limit) : "";
    fmt::print("c sethkit solve: {} {}{}\n", result.solver, result.solver_version, limit);
    fmt::print("c {} variables, {} clauses, {:.3f} s\n", file.cnf.num_vars(),
               file.cnf.num_clauses(), result.seconds);
    switch (result.status) {
      case SatStatus::kSat:
        fmt::print("c model re-checked against the formula: ok\n");
        fmt::print("s SATISFIABLE\n");
        print_model(result.model);
        exit_code = kExitSat;
        break;
      case SatStatus::kUnsat:
        fmt::print("c UNSAT is solver-reported; no proof was checked\n");
        fmt::print("s UNSATISFIABLE\n");
        exit_code = kExitUnsat;
        break;
      case SatStatus::kUnknown:
        fmt::print("c {}\n", result.note);
        fmt::print("s UNKNOWN\n");
        exit_code = kExitUnknown;
        break;
    }
    std::fflush(stdout);
    nlohmann::json doc = {{"tool", tool_json()},
                          {"file", args->file},
                          {"variables", file.cnf.num_vars()},
                          {"clauses", file.cnf.num_clauses()},
                          {"warnings", file.warnings},
                          {"result", to_json(result)}};
    emit_json(args->json, "solve", 1, std::move(doc));
  });
}

}  // namespace sethkit::cli
