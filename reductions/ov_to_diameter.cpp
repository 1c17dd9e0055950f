#include "reductions/ov_to_diameter.hpp"

#include <fmt/format.h>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/graphviz.hpp>
#include <boost/graph/visitors.hpp>
#include <sstream>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "reductions/reduction.hpp"

namespace sethkit {

static_assert(Reduction<OvToDiameter>);

namespace {
struct GraphVertex {
  std::string name;
};
using BoostGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, GraphVertex>;

BoostGraph to_boost(const DiameterGraph& plain) {
  BoostGraph g;
  for (const std::string& name : plain.names) boost::add_vertex(GraphVertex{name}, g);
  for (const auto& [u, v] : plain.edges) boost::add_edge(u, v, g);
  return g;
}

// Distances from `source` by a Boost.Graph breadth-first search; -1 when unreachable.
std::vector<int> bfs_distances(const BoostGraph& g, std::size_t source) {
  std::vector<int> dist(boost::num_vertices(g), -1);
  dist[source] = 0;
  boost::breadth_first_search(
      g, boost::vertex(source, g),
      boost::visitor(boost::make_bfs_visitor(boost::record_distances(
          boost::make_iterator_property_map(dist.begin(), boost::get(boost::vertex_index, g)),
          boost::on_tree_edge()))));
  return dist;
}
}  // namespace

DiameterCertificate OvToDiameter::certificate(const OvInstance& ov) const {
  DiameterCertificate c;
  c.n_a = ov.n_a();
  c.n_b = ov.n_b();
  c.d = ov.d();
  c.vertices = c.n_a + c.n_b + c.d + 2;
  c.edge_bound = saturating_mul(c.n_a + c.n_b, c.d + 1) + 2 * c.d + 1;
  // Adjacency lists: about 2 words per edge end and 4 per vertex.
  const std::uint64_t bytes =
      saturating_mul(saturating_mul(c.edge_bound, 2), 16) + saturating_mul(c.vertices, 64);
  require(bytes <= params_.limits.max_bytes,
          fmt::format("ov-to-diameter: {} vertices and up to {} edges need about {:.3g} GiB; the "
                      "limit is {:.3g} GiB",
                      c.vertices, c.edge_bound, static_cast<double>(bytes) / (1ULL << 30),
                      static_cast<double>(params_.limits.max_bytes) / (1ULL << 30)));
  return c;
}

DiameterInstance OvToDiameter::encode(const OvInstance& ov) const {
  DiameterInstance out;
  out.certificate = certificate(ov);
  const auto& c = out.certificate;
  DiameterGraph& g = out.graph;
  g.names.reserve(c.vertices);
  g.edges.reserve(c.edge_bound);
  for (std::size_t i = 0; i < c.n_a; ++i) g.names.push_back(fmt::format("a{}", i));
  for (std::size_t j = 0; j < c.n_b; ++j) g.names.push_back(fmt::format("b{}", j));
  for (std::size_t t = 0; t < c.d; ++t) g.names.push_back(fmt::format("c{}", t));
  const std::size_t coord0 = c.n_a + c.n_b;
  const std::size_t x = g.names.size(), y = x + 1;
  g.names.push_back("x");
  g.names.push_back("y");
  for (std::size_t i = 0; i < c.n_a; ++i) {
    g.edges.emplace_back(i, x);
    for (std::size_t t = 0; t < c.d; ++t)
      if (ov.a(i)[t]) g.edges.emplace_back(i, coord0 + t);
  }
  for (std::size_t j = 0; j < c.n_b; ++j) {
    g.edges.emplace_back(c.n_a + j, y);
    for (std::size_t t = 0; t < c.d; ++t)
      if (ov.b(j)[t]) g.edges.emplace_back(c.n_a + j, coord0 + t);
  }
  for (std::size_t t = 0; t < c.d; ++t) {
    g.edges.emplace_back(coord0 + t, x);
    g.edges.emplace_back(coord0 + t, y);
  }
  g.edges.emplace_back(x, y);
  out.certificate.edges = g.num_edges();
  return out;
}

DiameterDecoded OvToDiameter::decode(const OvInstance&, const DiameterInstance& target) const {
  const auto& c = target.certificate;
  const BoostGraph graph = to_boost(target.graph);
  DiameterDecoded out;
  out.diameter = 0;
  for (std::size_t i = 0; i < c.n_a; ++i) {
    const std::vector<int> dist = bfs_distances(graph, target.a_vertex(i));
    ++out.bfs_runs;
    for (std::size_t j = 0; j < c.n_b; ++j) {
      const int dj = dist[target.b_vertex(j)];
      if (dj < 0 || dj > 3) {
        out.verdict = Verdict::kAmbiguous;
        out.note = fmt::format(
            "a{} and b{} are at distance {}; the construction puts every pair "
            "within 3",
            i, j, dj);
        out.diameter = -1;
        return out;
      }
      out.diameter = std::max(out.diameter, dj);
      if (dj == 3 && !out.witness) out.witness = std::pair{i, j};
    }
  }
  out.verdict = out.witness ? Verdict::kYes : Verdict::kNo;
  return out;
}

int graph_diameter(const DiameterGraph& plain) {
  const BoostGraph g = to_boost(plain);
  int diameter = 0;
  for (std::size_t v = 0; v < boost::num_vertices(g); ++v)
    for (int d : bfs_distances(g, v)) {
      if (d < 0) return -1;
      diameter = std::max(diameter, d);
    }
  return diameter;
}

std::string diameter_graph_dot(const DiameterGraph& plain) {
  const BoostGraph g = to_boost(plain);
  std::ostringstream out;
  boost::write_graphviz(out, g, boost::make_label_writer(boost::get(&GraphVertex::name, g)));
  return out.str();
}

nlohmann::json to_json(const DiameterCertificate& c) {
  return {{"reduction", OvToDiameter::kName},
          {"n_a", c.n_a},
          {"n_b", c.n_b},
          {"d", c.d},
          {"vertices", c.vertices},
          {"edges", c.edges},
          {"edge_bound", c.edge_bound},
          {"yes_diameter", c.yes_diameter},
          {"no_diameter", c.no_diameter}};
}

EdgeRecord OvToDiameter::edge() {
  return {kName,
          "ov",
          "graph-diameter",
          kDeclaredOverhead,
          {{"V", "N_a + N_b + d + 2"}, {"E", "(N_a + N_b) * (d + 1) + 2 * d + 1", true}},
          "exact (BFS)",
          "Roditty-Vassilevska Williams 2013",
          "docs/reductions/ov_to_diameter.md",
          "reductions/ov_to_diameter.hpp"};
}

}  // namespace sethkit
