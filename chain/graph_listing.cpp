#include "chain/graph_listing.hpp"

#include "attention/registry.hpp"

namespace sethkit {

nlohmann::json edge_json(const EdgeRecord& e) {
  return {{"name", e.name},
          {"from", e.from},
          {"to", e.to},
          {"overhead", e.overhead},
          {"sizes", to_string(e.sizes)},
          {"tolerance", e.tolerance},
          {"paper", e.paper},
          {"docs", e.docs}};
}

nlohmann::json graph_listing_json() {
  nlohmann::json out;
  out["problems"] = nlohmann::json::array();
  for (const ProblemNode& p : graph_problems())
    out["problems"].push_back({{"name", p.name}, {"description", p.description}});
  out["reductions"] = nlohmann::json::array();
  for (const EdgeRecord& e : graph_edges()) out["reductions"].push_back(edge_json(e));
  out["chains"] = nlohmann::json::array();
  for (const auto& c : verify_chains())
    out["chains"].push_back({{"name", c}, {"path", describe_path(chain_path(c))}});
  for (const auto& [name, what] : chain_variants())
    out["chains"].push_back({{"name", name}, {"path", what}});
  out["backends"] = nlohmann::json::array();
  for (const auto& name : backend_names())
    out["backends"].push_back({{"name", name}, {"description", make_backend(name)->description()}});
  return out;
}

nlohmann::json paths_json(const std::string& from, const std::string& to) {
  nlohmann::json out = nlohmann::json::array();
  for (const ReductionPath& p : reduction_paths(from, to)) {
    nlohmann::json entry = {{"chain", chain_name(p)}, {"path", describe_path(p)}};
    entry["edges"] = nlohmann::json::array();
    for (const EdgeRecord* e : p) entry["edges"].push_back(edge_json(*e));
    entry["composed"] = to_string(composed_sizes(p));
    out.push_back(entry);
  }
  return out;
}

}  // namespace sethkit
