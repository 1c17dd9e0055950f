// Orthogonal Vectors -> graph diameter 2 vs 3 (Roditty and Vassilevska
// Williams, "Fast approximation algorithms for the diameter and radius of
// sparse graphs", STOC 2013: under SETH, telling diameter 2 from 3 on sparse
// graphs needs m^(2-o(1)) time). A second target family beside attention,
// standard construction:
//   vertices: one per a in A, one per b in B, one per coordinate c_t, and two
//     hubs x and y;
//   edges: a - c_t iff a[t] = 1, b - c_t iff b[t] = 1, x - every a, x - every
//     c_t, y - every b, y - every c_t, and x - y.
// Every pair is within distance 2 except (a, b) with no common coordinate:
// a path of length 2 from a to b needs a common neighbour, and their only
// candidates are the c_t with a[t] = b[t] = 1. Such a pair is at distance 3
// (a - x - y - b). So the diameter is 3 iff some pair is orthogonal, else 2.
// Sizes: V = nA + nB + d + 2, E <= (nA + nB)(d + 1) + 2d + 1: sparse for
// d = O(log n). Decoding: BFS from every a-vertex (Boost.Graph); a vertex b
// at distance 3 is the witness, checked by core/verify.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/limits.hpp"
#include "core/ov.hpp"
#include "reductions/edge_record.hpp"
#include "reductions/verdict.hpp"

namespace sethkit {

// An undirected graph as plain lists; Boost.Graph runs on it inside the .cpp.
struct DiameterGraph {
  std::vector<std::string> names;  // per vertex: "a3", "b7", "c2", "x", "y", its gadget part
  std::vector<std::pair<std::size_t, std::size_t>> edges;  // in the order they were added
  std::size_t num_vertices() const { return names.size(); }
  std::size_t num_edges() const { return edges.size(); }
};

struct DiameterCertificate {
  std::size_t n_a = 0, n_b = 0, d = 0;
  std::size_t vertices = 0, edges = 0;    // as built
  std::size_t edge_bound = 0;             // (nA + nB)(d + 1) + 2d + 1
  int yes_diameter = 3, no_diameter = 2;  // the promise
};

struct DiameterInstance {
  DiameterGraph graph;
  DiameterCertificate certificate;
  // Vertex indices: a_i = i, b_j = nA + j, c_t = nA + nB + t, x, y last.
  std::size_t a_vertex(std::size_t i) const { return i; }
  std::size_t b_vertex(std::size_t j) const { return certificate.n_a + j; }
};

struct DiameterDecoded {
  Verdict verdict = Verdict::kAmbiguous;
  int diameter = -1;  // the largest distance from an a-vertex to a b-vertex, or -1
  std::optional<std::pair<std::size_t, std::size_t>> witness;  // (i, j) at distance 3
  std::size_t bfs_runs = 0;
  std::string note;
};

class OvToDiameter {
 public:
  using Source = OvInstance;
  using Target = DiameterInstance;
  static constexpr const char* kName = "ov-to-diameter";
  static constexpr const char* kDeclaredOverhead =
      "V = nA + nB + d + 2, E <= (nA + nB)(d + 1) + 2d + 1, diameter 3 iff YES, else 2";
  // This reduction as an edge of the reduction graph (docs/graph.md).
  static EdgeRecord edge();

  struct Params {
    Limits limits{};
  };

  OvToDiameter() : OvToDiameter(Params{}) {}
  explicit OvToDiameter(Params params) : params_(params) {}

  // Throws ContractError when the graph would exceed the limits (checked first).
  DiameterCertificate certificate(const OvInstance& ov) const;
  DiameterInstance encode(const OvInstance& ov) const;
  // BFS (Boost.Graph) from every a-vertex: YES iff some b-vertex is at distance 3,
  // NO iff every a-b distance is at most 2; anything else (a distance above 3,
  // an unreachable vertex) is AMBIGUOUS: the graph is not the one encoded.
  // (The source is not read: BFS on the graph is the oracle.)
  DiameterDecoded decode(const OvInstance& source, const DiameterInstance& target) const;

 private:
  Params params_;
};

// The exact diameter by BFS from every vertex (O(V E)); -1 if disconnected.
int graph_diameter(const DiameterGraph& graph);

// The certificate as the run bundle and `reduce --to diameter` record it.
nlohmann::json to_json(const DiameterCertificate& c);

// GraphViz DOT of the graph, vertices labelled with their gadget names.
std::string diameter_graph_dot(const DiameterGraph& graph);

}  // namespace sethkit
