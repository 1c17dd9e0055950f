// The reduction graph as JSON (docs/json.md, "list" and "path"): problems,
// reductions, verify chains and attention backends as `sethkit list` prints
// them, and the chains of reductions between two problems with their size
// formulas as `sethkit path` prints them. One builder for the command line's
// --json and the Python module's list() and path().
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "chain/reduction_graph.hpp"

namespace sethkit {

nlohmann::json edge_json(const EdgeRecord& edge);

// {"problems": [...], "reductions": [...], "chains": [...], "backends": [...]}
nlohmann::json graph_listing_json();

// One record per path from `from` to `to`, shortest first: chain, path,
// edges, composed sizes ([] when there is none).
nlohmann::json paths_json(const std::string& from, const std::string& to);

}  // namespace sethkit
