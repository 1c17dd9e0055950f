#include "chain/reduction_graph.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <functional>
#include <sstream>

#include "core/error.hpp"
#include "core/suggest.hpp"
#include "reductions/cnf_to_ov.hpp"
#include "reductions/cnf_to_three_ov.hpp"
#include "reductions/gap_hamming_to_attention.hpp"
#include "reductions/gap_max_ip_to_attention.hpp"
#include "reductions/gap_max_ip_to_hamming.hpp"
#include "reductions/ov_to_attention.hpp"
#include "reductions/ov_to_attention_gradient.hpp"
#include "reductions/ov_to_diameter.hpp"
#include "reductions/ov_to_gap_max_ip.hpp"
#include "reductions/ov_to_hamming.hpp"
#include "reductions/three_ov_to_transformer.hpp"

namespace sethkit {

const std::vector<ProblemNode>& graph_problems() {
  static const std::vector<ProblemNode> problems = {
      {"cnf-sat", "CNF satisfiability (DIMACS); SETH: no 2^((1-eps) n) algorithm"},
      {"ov", "Orthogonal Vectors: a in A, b in B with <a, b> = 0"},
      {"3-ov", "unbalanced 3-OV: a, b, c with sum_t a[t] b[t] c[t] = 0"},
      {"gap-hamming", "bichromatic Gap-Hamming nearest neighbour (Hamming ANN)"},
      {"gap-max-ip", "Gap Max-IP: some <a, b> >= s_yes, or every <a, b> <= s_no"},
      {"attention", "one attention call diag(A 1)^-1 A V, A = exp(scale Q K^T)"},
      {"attention-gradient", "one attention backward pass: dQ, dK, dV for a given dO"},
      {"transformer", "an L-layer, H-head transformer (reference model)"},
      {"graph-diameter", "diameter 2 vs 3 of a sparse undirected graph"}};
  return problems;
}

// The list of edges: one line per reduction.
const std::vector<EdgeRecord>& graph_edges() {
  static const std::vector<EdgeRecord> edges = {CnfToOv::edge(),
                                                OvToAttention::edge(),
                                                OvToHamming::edge(),
                                                GapHammingToAttention::edge(),
                                                CnfToThreeOv::edge(),
                                                ThreeOvToTransformer::edge(),
                                                OvToDiameter::edge(),
                                                OvToAttentionGradient::edge(),
                                                OvToGapMaxIp::edge(),
                                                GapMaxIpToHamming::edge(),
                                                GapMaxIpToAttention::edge()};
  return edges;
}

namespace {
// Vertices are indices into graph_problems(), edge properties indices into graph_edges().
using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS,
                                    boost::no_property, std::size_t>;

// The short words of chain names and the problems they stand for; each is
// also accepted for its problem wherever a problem is named ("sat" for
// cnf-sat, "3ov" for 3-ov), as each problem's own name is in a chain
// ("cnf-sat-ov-attention" is "sat-ov-attention"). "pcp" names Gap Max-IP,
// the problem the distributed PCP produces ("ov-pcp-attention").
const std::vector<std::pair<std::string, std::string>>& problem_words() {
  static const std::vector<std::pair<std::string, std::string>> words = {
      {"gap-hamming", "gap-hamming"},
      {"gap-max-ip", "gap-max-ip"},
      {"max-ip", "gap-max-ip"},
      {"pcp", "gap-max-ip"},
      {"graph-diameter", "graph-diameter"},
      {"cnf-sat", "cnf-sat"},
      {"sat", "cnf-sat"},
      {"3-ov", "3-ov"},
      {"3ov", "3-ov"},
      {"ov", "ov"},
      {"hamming", "gap-hamming"},
      {"attention-gradient", "attention-gradient"},
      {"attention", "attention"},
      {"transformer", "transformer"},
      {"diameter", "graph-diameter"}};
  return words;
}

std::size_t find_problem(const std::string& given) {
  std::string name = given;
  for (const auto& [word, problem] : problem_words())
    if (word == given) name = problem;
  const auto& problems = graph_problems();
  std::vector<std::string> names;
  for (std::size_t v = 0; v < problems.size(); ++v) {
    if (problems[v].name == name) return v;
    names.push_back(problems[v].name);
  }
  std::vector<std::string> known = names;
  for (const auto& entry : problem_words()) known.push_back(entry.first);
  throw ContractError(fmt::format("unknown problem '{}'{}; known: {}", given,
                                  did_you_mean(given, known), fmt::join(names, ", ")));
}

const Graph& graph() {
  static const Graph g = [] {
    Graph out(graph_problems().size());
    const auto& edges = graph_edges();
    for (std::size_t e = 0; e < edges.size(); ++e)
      boost::add_edge(find_problem(edges[e].from), find_problem(edges[e].to), e, out);
    return out;
  }();
  return g;
}
}  // namespace

std::vector<ReductionPath> reduction_paths(const std::string& from, const std::string& to) {
  const Graph& g = graph();
  const auto& edges = graph_edges();
  const std::size_t source = find_problem(from), target = find_problem(to);
  std::vector<ReductionPath> paths;
  ReductionPath current;
  std::vector<bool> on_path(boost::num_vertices(g), false);
  // Depth-first enumeration of simple paths (the graph is small).
  std::function<void(std::size_t)> walk = [&](std::size_t v) {
    if (v == target) {
      paths.push_back(current);
      return;
    }
    on_path[v] = true;
    for (auto e : boost::make_iterator_range(boost::out_edges(v, g))) {
      const auto w = boost::target(e, g);
      if (on_path[w]) continue;
      current.push_back(&edges[g[e]]);
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
  // Chain names list the problems in order, in the short forms verify uses
  // or the problems' own names.
  const auto& words = problem_words();
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
      std::vector<std::string> chains = verify_chains();
      for (const auto& variant : chain_variants()) chains.push_back(variant.first);
      throw ContractError(fmt::format("chain '{}': '{}' names no problem{}", chain, rest,
                                      did_you_mean(chain, chains)));
    }
  }
  const Graph& g = graph();
  ReductionPath path;
  for (std::size_t i = 0; i + 1 < problems.size(); ++i) {
    const auto [e, found] =
        boost::edge(find_problem(problems[i]), find_problem(problems[i + 1]), g);
    if (!found)
      throw ContractError(fmt::format("chain '{}': the reduction graph has no edge {} -> {}", chain,
                                      problems[i], problems[i + 1]));
    path.push_back(&graph_edges()[g[e]]);
  }
  require(!path.empty(), fmt::format("chain '{}' has no reduction step", chain));
  return path;
}

std::string chain_name(const ReductionPath& path) {
  const auto word = [](const std::string& problem) -> std::string {
    if (problem == "cnf-sat") return "sat";
    if (problem == "3-ov") return "3ov";
    if (problem == "graph-diameter") return "diameter";
    if (problem == "gap-max-ip") return "pcp";
    return problem;
  };
  require(!path.empty(), "chain_name: an empty path");
  std::string name = word(path.front()->from);
  for (const EdgeRecord* e : path) {
    const std::string& problem = e->to;
    name += "-" + (problem == "gap-hamming" ? "hamming" : word(problem));
  }
  return name;
}

std::vector<std::string> verify_chains() {
  std::vector<std::string> chains;
  for (const char* from : {"cnf-sat", "ov", "gap-hamming"})
    for (const ProblemNode& to : graph_problems())
      for (const ReductionPath& path : reduction_paths(from, to.name))
        if (!path.empty()) chains.push_back(chain_name(path));
  return chains;
}

std::vector<std::pair<std::string, std::string>> chain_variants() {
  return {{"gap-hamming-attention-n-sinks",
           "the n-sink form of gap-hamming-to-attention (1/poly(n) tolerance)"}};
}

std::string describe_path(const ReductionPath& path) {
  require(!path.empty(), "describe_path: an empty path");
  std::string out = path.front()->from;
  for (const EdgeRecord* e : path) out += " -> " + e->to;
  return out;
}

SizeFormulas composed_sizes(const ReductionPath& path) {
  std::vector<const SizeFormulas*> steps;
  for (const EdgeRecord* e : path) steps.push_back(&e->sizes);
  return compose(steps);
}

std::string reduction_graph_dot() {
  std::ostringstream out;
  out << "digraph reductions {\n  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\"];\n"
         "  edge [fontname=\"Helvetica\", fontsize=10];\n";
  for (const ProblemNode& p : graph_problems()) out << fmt::format("  \"{}\";\n", p.name);
  for (const EdgeRecord& e : graph_edges())
    out << fmt::format("  \"{}\" -> \"{}\" [label=\"{}\"];\n", e.from, e.to, e.name);
  out << "}\n";
  return out.str();
}

}  // namespace sethkit
