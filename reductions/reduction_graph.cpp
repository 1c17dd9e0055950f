#include "reductions/reduction_graph.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <functional>
#include <sstream>

#include "core/error.hpp"
#include "reductions/cnf_to_ov.hpp"
#include "reductions/cnf_to_three_ov.hpp"
#include "reductions/gap_hamming_to_attention.hpp"
#include "reductions/ov_to_attention.hpp"
#include "reductions/ov_to_diameter.hpp"
#include "reductions/ov_to_hamming.hpp"
#include "reductions/three_ov_to_transformer.hpp"

namespace sethkit {

namespace {
ReductionGraph build() {
  ReductionGraph g;
  const auto add = [&](const char* name, const char* description) {
    return boost::add_vertex(ProblemNode{name, description}, g);
  };
  const auto sat = add("cnf-sat", "CNF satisfiability (DIMACS); SETH: no 2^((1-eps) n) algorithm");
  const auto ov = add("ov", "Orthogonal Vectors: a in A, b in B with <a, b> = 0");
  const auto ov3 = add("3-ov", "unbalanced 3-OV: a, b, c with sum_t a[t] b[t] c[t] = 0");
  const auto gap = add("gap-hamming", "bichromatic Gap-Hamming nearest neighbour (Hamming ANN)");
  const auto att = add("attention", "one attention call diag(A 1)^-1 A V, A = exp(scale Q K^T)");
  const auto tf = add("transformer", "an L-layer, H-head transformer (reference model)");
  const auto diam = add("graph-diameter", "diameter 2 vs 3 of a sparse undirected graph");
  const auto edge = [&](auto from, auto to, ReductionEdge e) { boost::add_edge(from, to, e, g); };
  edge(sat, ov,
       {CnfToOv::kName,
        CnfToOv::kDeclaredOverhead,
        {{"N_a", "2^ceil(v/2)"}, {"N_b", "2^floor(v/2)"}, {"d", "max(m, 1)"}},
        "exact (no oracle)",
        "Williams 2005 (split-and-list)",
        "reductions/cnf_to_ov.hpp"});
  edge(ov, att,
       {OvToAttention::kName,
        OvToAttention::kDeclaredOverhead,
        {{"n_q", "N_a + 1"},
         {"n_k", "N_b + 1"},
         {"d", "d"},
         {"B", "max(sqrt(d * ln(8 * max(N_a, N_b, 1))), 1)", true}},  // scale 1/d
        "7/36 entrywise (constant); threshold 25/36",
        "Alman-Song 2023 (derived C2)",
        "reductions/ov_to_attention.hpp"});
  edge(ov, gap,
       {OvToHamming::kName,
        OvToHamming::kDeclaredOverhead,
        {{"n_a", "N_a"}, {"n_b", "N_b"}, {"dim", "3 * d"}, {"t", "d"}, {"eps", "2 / d"}},
        "exact (no oracle)",
        "standard Hamming gadget (C3)",
        "reductions/ov_to_hamming.hpp"});
  edge(gap, att,
       {"gap-hamming-to-attention",
        GapHammingToAttention::kDeclaredOverhead,
        {{"n_q", "n_a + 1"}, {"n_k", "n_b + 1"}, {"d", "4 * dim"}},  // one sink
        "one sink: constant; n sinks: 1/poly(n)",
        "Alman-Song 2023",
        "reductions/gap_hamming_to_attention.hpp"});
  edge(sat, ov3,
       {CnfToThreeOv::kName,
        CnfToThreeOv::kDeclaredOverhead,
        {{"v_c", "min(v, floor(log2(K)))", false, true},  // K = L H, the heads
         {"N", "2^ceil((v - v_c) / 2)"},
         {"K", "K"},
         {"D", "max(m, 1) + (2^floor((v - v_c) / 2) < N ? 1 : 0) + (2^v_c < K ? 1 : 0)"}},
        "exact (no oracle)",
        "split into three groups (standard) with padding",
        "reductions/cnf_to_three_ov.hpp"});
  edge(ov3, tf,
       {ThreeOvToTransformer::kName,
        ThreeOvToTransformer::kDeclaredOverhead,
        {{"tokens", "N + 1"}, {"width", "2 * D + 3 + 2 * ceil(log2(N))"}, {"heads", "K"}},
        "1/8 on the ACC column; threshold K - 1/4",
        "Saha-Xu-Ye-Yu 2026 (derived)",
        "reductions/three_ov_to_transformer.hpp"});
  edge(ov, diam,
       {OvToDiameter::kName,
        OvToDiameter::kDeclaredOverhead,
        {{"V", "N_a + N_b + d + 2"}, {"E", "(N_a + N_b) * (d + 1) + 2 * d + 1", true}},
        "exact (BFS)",
        "Roditty-Vassilevska Williams 2013",
        "reductions/ov_to_diameter.hpp"});
  return g;
}

ReductionGraph::vertex_descriptor find_problem(const ReductionGraph& g, const std::string& name) {
  std::vector<std::string> names;
  for (auto v : boost::make_iterator_range(boost::vertices(g))) {
    if (g[v].name == name) return v;
    names.push_back(g[v].name);
  }
  throw ContractError(fmt::format("unknown problem '{}'; known: {}", name, fmt::join(names, ", ")));
}
}  // namespace

const ReductionGraph& reduction_graph() {
  static const ReductionGraph graph = build();
  return graph;
}

std::vector<ReductionPath> reduction_paths(const std::string& from, const std::string& to) {
  const ReductionGraph& g = reduction_graph();
  const auto source = find_problem(g, from), target = find_problem(g, to);
  std::vector<ReductionPath> paths;
  ReductionPath current;
  std::vector<bool> on_path(boost::num_vertices(g), false);
  // Depth-first enumeration of simple paths (the graph is small).
  std::function<void(ReductionGraph::vertex_descriptor)> walk = [&](auto v) {
    if (v == target) {
      paths.push_back(current);
      return;
    }
    on_path[v] = true;
    for (auto e : boost::make_iterator_range(boost::out_edges(v, g))) {
      const auto w = boost::target(e, g);
      if (on_path[w]) continue;
      current.push_back(e);
      walk(w);
      current.pop_back();
    }
    on_path[v] = false;
  };
  walk(source);
  std::stable_sort(paths.begin(), paths.end(),
                   [](const auto& a, const auto& b) { return a.size() < b.size(); });
  return paths;
}

ReductionPath chain_path(const std::string& chain) {
  // Chain names list the problems in order, in the short forms verify uses.
  static const std::vector<std::pair<std::string, std::string>> words = {
      {"gap-hamming", "gap-hamming"},
      {"sat", "cnf-sat"},
      {"3ov", "3-ov"},
      {"ov", "ov"},
      {"hamming", "gap-hamming"},
      {"attention", "attention"},
      {"transformer", "transformer"},
      {"diameter", "graph-diameter"}};
  std::vector<std::string> problems;
  std::string rest = chain;
  while (!rest.empty()) {
    bool matched = false;
    for (const auto& [word, problem] : words)
      if (rest.rfind(word, 0) == 0 && (rest.size() == word.size() || rest[word.size()] == '-')) {
        problems.push_back(problem);
        rest = rest.substr(std::min(rest.size(), word.size() + 1));
        matched = true;
        break;
      }
    if (!matched) {
      if (rest == "n-sinks") break;  // a variant of gap-hamming-to-attention, not a problem
      throw ContractError(fmt::format("chain '{}': '{}' names no problem", chain, rest));
    }
  }
  const ReductionGraph& g = reduction_graph();
  ReductionPath path;
  for (std::size_t i = 0; i + 1 < problems.size(); ++i) {
    const auto [e, found] =
        boost::edge(find_problem(g, problems[i]), find_problem(g, problems[i + 1]), g);
    if (!found)
      throw ContractError(fmt::format("chain '{}': the reduction graph has no edge {} -> {}", chain,
                                      problems[i], problems[i + 1]));
    path.push_back(e);
  }
  require(!path.empty(), fmt::format("chain '{}' has no reduction step", chain));
  return path;
}

std::string chain_name(const ReductionPath& path) {
  const ReductionGraph& g = reduction_graph();
  const auto word = [](const std::string& problem) -> std::string {
    if (problem == "cnf-sat") return "sat";
    if (problem == "3-ov") return "3ov";
    if (problem == "graph-diameter") return "diameter";
    return problem;
  };
  require(!path.empty(), "chain_name: an empty path");
  std::string name = word(g[boost::source(path.front(), g)].name);
  for (auto e : path) {
    const std::string& problem = g[boost::target(e, g)].name;
    name += "-" + (problem == "gap-hamming" ? "hamming" : word(problem));
  }
  return name;
}

SizeFormulas composed_sizes(const ReductionPath& path) {
  const ReductionGraph& g = reduction_graph();
  std::vector<const SizeFormulas*> steps;
  for (auto e : path) steps.push_back(&g[e].sizes);
  return compose(steps);
}

std::string reduction_graph_dot() {
  const ReductionGraph& g = reduction_graph();
  std::ostringstream out;
  out << "digraph reductions {\n  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\"];\n"
         "  edge [fontname=\"Helvetica\", fontsize=10];\n";
  for (auto v : boost::make_iterator_range(boost::vertices(g)))
    out << fmt::format("  \"{}\";\n", g[v].name);
  for (auto e : boost::make_iterator_range(boost::edges(g)))
    out << fmt::format("  \"{}\" -> \"{}\" [label=\"{}\"];\n", g[boost::source(e, g)].name,
                       g[boost::target(e, g)].name, g[e].name);
  out << "}\n";
  return out.str();
}

}  // namespace sethkit
