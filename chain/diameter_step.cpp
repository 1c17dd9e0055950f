// The oracle step OV -> graph diameter 2 vs 3 (Roditty and Vassilevska
// Williams 2013; reductions/ov_to_diameter.hpp), the oracle being a
// Boost.Graph BFS from every a-vertex.
#include <fmt/format.h>

#include "chain/steps.hpp"
#include "core/stopwatch.hpp"
#include "reductions/ov_to_diameter.hpp"

namespace sethkit {

OracleRecord solve_ov_diameter(const ProblemValue& value, const ChainOptions&) {
  const OvInstance& ov = std::get<OvInstance>(value);
  const OvToDiameter rule;
  OracleRecord r;
  StepRecord& s = r.step;
  s = step_record(OvToDiameter::kName, "ov", "graph-diameter", OvToDiameter::kDeclaredOverhead);
  const DiameterCertificate claimed = rule.certificate(ov);
  Stopwatch encode_time;
  const DiameterInstance target = rule.encode(ov);
  s.seconds = encode_time.seconds();
  const DiameterCertificate& c = target.certificate;
  const std::size_t vertices = target.graph.num_vertices(), edges = target.graph.num_edges();
  s.evaluated = {{"V", claimed.vertices}, {"E_bound", claimed.edge_bound}};
  s.built = {{"V", vertices}, {"E", edges}};
  if (vertices != claimed.vertices || edges > claimed.edge_bound)
    s.overhead_problem = fmt::format("the certificate claims V = {}, E <= {}; built V = {}, E = {}",
                                     claimed.vertices, claimed.edge_bound, vertices, edges);
  s.overhead_ok = s.overhead_problem.empty();
  s.certificate = to_json(c);
  Stopwatch decode_time;
  const DiameterDecoded d = rule.decode(ov, target);
  r.seconds_decode = decode_time.seconds();
  r.oracle = "BFS";
  r.verdict = d.verdict;
  r.note = d.note;
  if (d.witness) r.witness = Witness{{d.witness->first, d.witness->second}, {}};
  r.record = {{"diameter", d.diameter}, {"bfs_runs", d.bfs_runs}};
  return r;
}

}  // namespace sethkit
