// `sethkit list` and `sethkit path FROM TO`: the reduction graph
// (chain/reduction_graph.hpp), the attention backends and the verify
// chains, read from the code; `path` composes the size formulas along each path. `list --dot`
// prints the graph as GraphViz DOT (docs/graph.md's picture is made from it).
#include <fmt/format.h>

#include "attention/registry.hpp"
#include "chain/graph_listing.hpp"
#include "chain/reduction_graph.hpp"
#include "cli/commands.hpp"
#include "cli/json_output.hpp"

namespace sethkit::cli {

void add_graph_commands(CLI::App& app, int& exit_code) {
  auto dot = std::make_shared<bool>(false);
  auto list_json = std::make_shared<std::string>();
  auto* list = app.add_subcommand("list", "Problems, reductions, verify chains and backends");
  list->add_flag("--dot", *dot, "Print the reduction graph as GraphViz DOT instead");
  add_json_option(*list, *list_json, "Problems, reductions, chains and backends");
  list->callback([dot, list_json, &exit_code] {
    exit_code = kExitOk;
    emit_json(*list_json, "list", 1, graph_listing_json());
    if (*dot) {
      fmt::print("{}", reduction_graph_dot());
      return;
    }
    fmt::print("problems:\n");
    for (const ProblemNode& p : graph_problems())
      fmt::print("  {:<15} {}\n", p.name, p.description);
    fmt::print("reductions:\n");
    for (const EdgeRecord& r : graph_edges()) {
      fmt::print("  {:<25} {} -> {}  [{}]\n", r.name, r.from, r.to, r.paper);
      fmt::print("  {:<25} overhead: {}\n", "", r.overhead);
      fmt::print("  {:<25} sizes: {}\n", "", to_string(r.sizes));
      fmt::print("  {:<25} oracle error tolerated: {}; {}\n", "", r.tolerance, r.module);
    }
    fmt::print("verify chains (sethkit verify FILE --chain NAME):\n");
    for (const auto& c : verify_chains())
      fmt::print("  {:<30} {}\n", c, describe_path(chain_path(c)));
    for (const auto& [name, what] : chain_variants()) fmt::print("  {:<30} {}\n", name, what);
    fmt::print("attention backends (--backend NAME):\n");
    for (const auto& name : backend_names())
      fmt::print("  {:<8} {}\n", name, make_backend(name)->description());
  });

  auto from = std::make_shared<std::string>(), to = std::make_shared<std::string>();
  auto path_json = std::make_shared<std::string>();
  auto* path = app.add_subcommand("path", "The chains of reductions from one problem to another");
  path->add_option("from", *from, "Source problem (see sethkit list)")->required();
  path->add_option("to", *to, "Target problem")->required();
  add_json_option(*path, *path_json, "Every chain with its edges and composed sizes");
  path->callback([from, to, path_json, &exit_code] {
    const auto paths = reduction_paths(*from, *to);
    emit_json(*path_json, "path", 1,
              {{"from", *from}, {"to", *to}, {"paths", paths_json(*from, *to)}});
    if (paths.empty()) {
      fmt::print("no chain of reductions from {} to {}\n", *from, *to);
      exit_code = kExitDisagree;
      return;
    }
    for (std::size_t p = 0; p < paths.size(); ++p) {
      fmt::print("{}. {}  (verify --chain {})\n", p + 1, describe_path(paths[p]),
                 chain_name(paths[p]));
      for (const EdgeRecord* e : paths[p]) {
        fmt::print("   {:<25} {}\n", e->name, to_string(e->sizes));
        fmt::print("   {:<25} tolerates: {}\n", "", e->tolerance);
      }
      if (paths[p].size() > 1)
        fmt::print("   {:<25} {}\n", "composed", to_string(composed_sizes(paths[p])));
    }
    exit_code = kExitOk;
  });
}

}  // namespace sethkit::cli
