// The reduction graph: problems as vertices, the toolkit's reductions as
// directed edges. The edges are the reductions' own records
// (reductions/edge_record.hpp: name, problems, declared overhead, size
// formulas that compose along a path, the oracle error the decoding
// tolerates, the paper, the docs page); adding a reduction adds one line to
// the list in reduction_graph.cpp. `sethkit list` and `sethkit path FROM TO`
// read it; `verify` resolves its --chain names to paths here and refuses a
// chain the graph does not have. Boost.Graph does the walking, privately.
// Docs: docs/graph.md.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "chain/size_formula.hpp"
#include "reductions/edge_record.hpp"

namespace sethkit {

struct ProblemNode {
  std::string name;         // "cnf-sat", "ov", ...
  std::string description;  // one line
};

// The problems, in the graph's order.
const std::vector<ProblemNode>& graph_problems();

// The reductions, in the graph's order: each construction's edge().
const std::vector<EdgeRecord>& graph_edges();

// A path of the graph: its edges in order (edge i's `to` is edge i+1's `from`);
// the pointers are into graph_edges().
using ReductionPath = std::vector<const EdgeRecord*>;

// Every simple path from `from` to `to`, shortest first; ContractError naming
// the known problems for an unknown name.
std::vector<ReductionPath> reduction_paths(const std::string& from, const std::string& to);

// A verify chain name ("sat-ov-attention", "sat-ov-hamming-attention",
// "gap-hamming-attention", "sat-3ov-transformer", "ov-diameter", ...) as its
// path in the graph; ContractError when the graph has no such path.
ReductionPath chain_path(const std::string& chain);

// The chain name of a path, in verify's short words ("sat-ov-attention").
std::string chain_name(const ReductionPath& path);

// Every chain verify can run: each path from a problem read from a file
// (cnf-sat, ov, gap-hamming) to any other problem.
std::vector<std::string> verify_chains();

// The chains verify runs besides verify_chains()' paths, each with one line
// saying what it is: the n-sink form of gap-hamming-to-attention.
std::vector<std::pair<std::string, std::string>> chain_variants();

// "cnf-sat -> ov -> attention".
std::string describe_path(const ReductionPath& path);

// The size formulas of the path's last target in its source's parameters.
SizeFormulas composed_sizes(const ReductionPath& path);

// GraphViz DOT of the graph (problems as boxes, reductions as labelled edges).
std::string reduction_graph_dot();

}  // namespace sethkit
