// The reduction graph (Boost.Graph): problems as vertices, the toolkit's
// reductions as directed edges carrying their declared size overhead (taken
// from each reduction's kDeclaredOverhead, and as formulas that compose along
// a path), the oracle error the target's
// decoding tolerates, the paper, and the module. `sethkit list` and
// `sethkit path FROM TO` read it; `verify` resolves its --chain names to
// paths of edges here and refuses a chain the graph does not have.
#pragma once

#include <boost/graph/adjacency_list.hpp>
#include <string>
#include <vector>

#include "reductions/size_formula.hpp"

namespace sethkit {

struct ProblemNode {
  std::string name;         // "cnf-sat", "ov", ...
  std::string description;  // one line
};

struct ReductionEdge {
  std::string name;       // the reduction's kName
  std::string overhead;   // its kDeclaredOverhead
  SizeFormulas sizes;     // the same overhead as formulas (the tests evaluate them)
  std::string tolerance;  // the oracle error the decoding tolerates
  std::string paper;
  std::string module;  // reductions/<file>.hpp
};

using ReductionGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS,
                                             ProblemNode, ReductionEdge>;

// The graph of every reduction in the toolkit (built once).
const ReductionGraph& reduction_graph();

// Every simple path from `from` to `to`, as lists of edges in order, shortest
// first; ContractError naming the known problems for an unknown name.
using ReductionPath = std::vector<ReductionGraph::edge_descriptor>;
std::vector<ReductionPath> reduction_paths(const std::string& from, const std::string& to);

// A verify chain name ("sat-ov-attention", "sat-ov-hamming-attention",
// "gap-hamming-attention", "sat-3ov-transformer", "ov-diameter", ...) as its
// path in the graph; ContractError when the graph has no such path.
ReductionPath chain_path(const std::string& chain);

// The chain name of a path, in verify's short words ("sat-ov-attention").
std::string chain_name(const ReductionPath& path);

// The size formulas of the path's last target in its source's parameters.
SizeFormulas composed_sizes(const ReductionPath& path);

// GraphViz DOT of the graph (problems as boxes, reductions as labelled edges).
std::string reduction_graph_dot();

}  // namespace sethkit
