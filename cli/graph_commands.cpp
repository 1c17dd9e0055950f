// `sethkit list` and `sethkit path FROM TO`: the reduction graph
// (reductions/reduction_graph.hpp), the attention backends and the verify
// chains, read from the code; `path` composes the size formulas along each path. `list --dot`
// prints the graph as GraphViz DOT (docs/graph.md's picture is made from it).
#include <fmt/format.h>

#include "attention/registry.hpp"
#include "cli/commands.hpp"
#include "reductions/reduction_graph.hpp"

namespace sethkit::cli {

namespace {
// Every chain verify can run: each path from a problem it reads from a file.
std::vector<std::string> verify_chains() {
  const ReductionGraph& g = reduction_graph();
  std::vector<std::string> chains;
  for (const char* from : {"cnf-sat", "ov", "gap-hamming"})
    for (auto v : boost::make_iterator_range(boost::vertices(g)))
      for (const ReductionPath& path : reduction_paths(from, g[v].name))
        if (!path.empty()) chains.push_back(chain_name(path));
  return chains;
}

std::string describe_path(const ReductionPath& path) {
  const ReductionGraph& g = reduction_graph();
  std::string out = g[boost::source(path.front(), g)].name;
  for (auto e : path) out += " -> " + g[boost::target(e, g)].name;
  return out;
}
}  // namespace

void add_graph_commands(CLI::App& app, int& exit_code) {
  auto dot = std::make_shared<bool>(false);
  auto* list = app.add_subcommand("list", "Problems, reductions, verify chains and backends");
  list->add_flag("--dot", *dot, "Print the reduction graph as GraphViz DOT instead");
  list->callback([dot, &exit_code] {
    exit_code = kExitOk;
    if (*dot) {
      fmt::print("{}", reduction_graph_dot());
      return;
    }
    const ReductionGraph& g = reduction_graph();
    fmt::print("problems:\n");
    for (auto v : boost::make_iterator_range(boost::vertices(g)))
      fmt::print("  {:<15} {}\n", g[v].name, g[v].description);
    fmt::print("reductions:\n");
    for (auto e : boost::make_iterator_range(boost::edges(g))) {
      const ReductionEdge& r = g[e];
      fmt::print("  {:<25} {} -> {}  [{}]\n", r.name, g[boost::source(e, g)].name,
                 g[boost::target(e, g)].name, r.paper);
      fmt::print("  {:<25} overhead: {}\n", "", r.overhead);
      fmt::print("  {:<25} sizes: {}\n", "", to_string(r.sizes));
      fmt::print("  {:<25} oracle error tolerated: {}; {}\n", "", r.tolerance, r.module);
    }
    fmt::print("verify chains (sethkit verify FILE --chain NAME):\n");
    for (const auto& c : verify_chains())
      fmt::print("  {:<30} {}\n", c, describe_path(chain_path(c)));
    fmt::print("  {:<30} {}\n", "gap-hamming-attention-n-sinks",
               "the n-sink form of gap-hamming-to-attention (1/poly(n) tolerance)");
    fmt::print("attention backends (--backend NAME):\n");
    for (const auto& name : backend_names())
      fmt::print("  {:<8} {}\n", name, make_backend(name)->description());
  });

  auto from = std::make_shared<std::string>(), to = std::make_shared<std::string>();
  auto* path = app.add_subcommand("path", "The chains of reductions from one problem to another");
  path->add_option("from", *from, "Source problem (see sethkit list)")->required();
  path->add_option("to", *to, "Target problem")->required();
  path->callback([from, to, &exit_code] {
    const auto paths = reduction_paths(*from, *to);
    const ReductionGraph& g = reduction_graph();
    if (paths.empty()) {
      fmt::print("no chain of reductions from {} to {}\n", *from, *to);
      exit_code = kExitDisagree;
      return;
    }
    for (std::size_t p = 0; p < paths.size(); ++p) {
      fmt::print("{}. {}  (verify --chain {})\n", p + 1, describe_path(paths[p]),
                 chain_name(paths[p]));
      for (auto e : paths[p]) {
        fmt::print("   {:<25} {}\n", g[e].name, to_string(g[e].sizes));
        fmt::print("   {:<25} tolerates: {}\n", "", g[e].tolerance);
      }
      if (paths[p].size() > 1)
        fmt::print("   {:<25} {}\n", "composed", to_string(composed_sizes(paths[p])));
    }
    exit_code = kExitOk;
  });
}

}  // namespace sethkit::cli
