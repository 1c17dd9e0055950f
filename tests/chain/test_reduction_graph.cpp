// The reduction graph (chain/reduction_graph.hpp): the edges carry each
// reduction's own declared overhead, the paths between problems, every verify
// chain resolves to a path, and chains or problems the graph lacks are refused.
#include <catch2/catch.hpp>

#include "chain/reduction_graph.hpp"
#include "core/error.hpp"
#include "reductions/cnf_to_ov.hpp"
#include "reductions/ov_to_attention_gradient.hpp"
#include "reductions/ov_to_diameter.hpp"

using namespace sethkit;

TEST_CASE("The reduction graph holds the toolkit's reductions", "[graph]") {
  CHECK(graph_problems().size() == 9);
  CHECK(graph_edges().size() == 11);
  bool saw_split = false;
  for (const EdgeRecord& e : graph_edges())
    if (e.name == CnfToOv::kName) {
      saw_split = true;
      CHECK(e.overhead == CnfToOv::kDeclaredOverhead);
      CHECK(e.from == "cnf-sat");
      CHECK(e.to == "ov");
    }
  CHECK(saw_split);
  const auto to_attention = reduction_paths("cnf-sat", "attention");
  REQUIRE(to_attention.size() == 4);
  CHECK(to_attention[0].size() == 2);  // shortest first: via OV
  CHECK(to_attention[1].size() == 3);  // via the Hamming gadget, or via the distributed PCP
  CHECK(to_attention[2].size() == 3);
  CHECK(to_attention[3].size() == 4);  // the PCP, then the Hamming gadget
  CHECK(reduction_paths("transformer", "ov").empty());
  const auto to_diameter = reduction_paths("cnf-sat", "graph-diameter");
  REQUIRE(to_diameter.size() == 1);
  CHECK(to_diameter[0].back()->name == OvToDiameter::kName);
  const auto to_gradient = reduction_paths("ov", "attention-gradient");
  REQUIRE(to_gradient.size() == 1);
  CHECK(to_gradient[0].back()->name == OvToAttentionGradient::kName);
  CHECK_THROWS_WITH(reduction_paths("boolean-sat", "ov"), Catch::Contains("known: cnf-sat"));
}

TEST_CASE("Verify chains resolve to paths of the graph", "[graph]") {
  for (const char* chain :
       {"sat-ov-attention", "sat-ov-hamming-attention", "ov-attention", "ov-hamming-attention",
        "gap-hamming-attention", "gap-hamming-attention-n-sinks", "sat-3ov-transformer",
        "ov-diameter", "sat-ov-diameter", "ov-attention-gradient", "sat-ov-attention-gradient",
        "ov-pcp-attention", "sat-ov-pcp-attention", "ov-pcp-hamming-attention", "ov-pcp"}) {
    INFO(chain);
    const ReductionPath p = chain_path(chain);
    REQUIRE_FALSE(p.empty());
    for (std::size_t i = 0; i + 1 < p.size(); ++i) CHECK(p[i]->to == p[i + 1]->from);
  }
  CHECK(chain_path("sat-3ov-transformer").size() == 2);
  CHECK_THROWS_WITH(chain_path("sat-attention"), Catch::Contains("no edge cnf-sat -> attention"));
  CHECK_THROWS_WITH(chain_path("ov-wormhole"), Catch::Contains("names no problem"));
  const std::string dot = reduction_graph_dot();
  CHECK_THAT(dot, Catch::Contains("\"ov\" -> \"graph-diameter\" [label=\"ov-to-diameter\"]"));
}

TEST_CASE("Problems and chains answer to the names people type", "[graph]") {
  // A chain's short word names its problem, and a problem's own name works in a chain.
  CHECK(reduction_paths("sat", "attention") == reduction_paths("cnf-sat", "attention"));
  CHECK(reduction_paths("3ov", "transformer") == reduction_paths("3-ov", "transformer"));
  CHECK(reduction_paths("ov", "diameter") == reduction_paths("ov", "graph-diameter"));
  CHECK(chain_path("cnf-sat-ov-attention") == chain_path("sat-ov-attention"));
  CHECK(chain_path("cnf-sat-3-ov-transformer") == chain_path("sat-3ov-transformer"));
  CHECK(chain_path("ov-graph-diameter") == chain_path("ov-diameter"));
  CHECK(chain_path("ov-gap-max-ip-attention") == chain_path("ov-pcp-attention"));
  CHECK(chain_path("ov-max-ip-attention") == chain_path("ov-pcp-attention"));
  CHECK(chain_name(chain_path("ov-max-ip-attention")) == "ov-pcp-attention");
  // A near miss is named with the nearest known name.
  CHECK_THROWS_WITH(reduction_paths("stat", "attention"),
                    Catch::Contains("unknown problem 'stat'; did you mean 'sat'?"));
  CHECK_THROWS_WITH(chain_path("sat-ov-atention"),
                    Catch::Contains("did you mean 'sat-ov-attention'?"));
  CHECK_THROWS_WITH(reduction_paths("frobnicate", "attention"), !Catch::Contains("did you mean"));
}
