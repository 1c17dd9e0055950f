#include "chain/problems.hpp"

#include <fmt/format.h>

#include <functional>

#include "core/error.hpp"
#include "core/stopwatch.hpp"
#include "core/verify.hpp"
#include "solvers/cadical_solver.hpp"
#include "solvers/ov_solver.hpp"
#include "solvers/sat_result.hpp"
#include "solvers/three_ov_solver.hpp"

namespace sethkit {

using nlohmann::json;

namespace {
// --- cnf-sat: CaDiCaL; the witness is an assignment checked clause by clause.
ProblemTruth solve_cnf(const ProblemValue& value, const ChainOptions& options) {
  const Cnf& cnf = std::get<Cnf>(value);
  ProblemTruth t;
  const SatResult r = solve_cadical(cnf, SatOptions{options.solver_time_limit_s});
  t.solver = fmt::format("{} {}", r.solver, r.solver_version);
  t.known = r.status != SatStatus::kUnknown;
  t.yes = r.status == SatStatus::kSat;
  if (t.yes) t.witness = Witness{{}, r.model};
  t.note = r.note;
  t.record = to_json(r);
  t.seconds = r.seconds;
  return t;
}
bool check_cnf(const ProblemValue& value, const Witness& w) {
  const Cnf& cnf = std::get<Cnf>(value);
  return w.assignment && w.assignment->size() == static_cast<std::size_t>(cnf.num_vars()) &&
         satisfies(cnf, *w.assignment);
}

// --- ov: the bit-packed solver; the witness pair is checked by core/verify.
ProblemTruth solve_ov(const ProblemValue& value, const ChainOptions&) {
  const OvInstance& ov = std::get<OvInstance>(value);
  ProblemTruth t;
  t.solver = "ov-bitpacked";
  Stopwatch watch;
  const OvAnswer a = solve_ov_bitpacked(ov);
  t.seconds = watch.seconds();
  t.known = true;
  t.yes = a.found;
  if (a.found) t.witness = Witness{{a.i, a.j}, {}};
  t.record = {{"solver", {{"name", "ov-bitpacked"}, {"version", "1"}}},
              {"status", a.found ? "yes" : "no"},
              {"pairs_checked", a.pairs_checked}};
  if (a.found) t.record["pair"] = {a.i, a.j};
  return t;
}
bool check_ov(const ProblemValue& value, const Witness& w) {
  const OvInstance& ov = std::get<OvInstance>(value);
  return w.indices.size() == 2 && is_orthogonal_pair(ov, w.indices[0], w.indices[1]);
}

// --- 3-ov: brute force over triples; the witness triple is checked directly.
ProblemTruth solve_three_ov_truth(const ProblemValue& value, const ChainOptions&) {
  const ThreeOvInstance& three = std::get<ThreeOvInstance>(value);
  ProblemTruth t;
  t.solver = "3ov-bitpacked";
  Stopwatch watch;
  const ThreeOvAnswer a = solve_three_ov(three);
  t.seconds = watch.seconds();
  t.known = true;
  t.yes = a.triple.has_value();
  if (a.triple) t.witness = Witness{{a.triple->i, a.triple->j, a.triple->k}, {}};
  t.record = {{"solver", {{"name", "3ov-bitpacked"}, {"version", "1"}}},
              {"status", t.yes ? "yes" : "no"},
              {"triples_checked", a.triples_checked}};
  return t;
}
bool check_three_ov(const ProblemValue& value, const Witness& w) {
  const ThreeOvInstance& three = std::get<ThreeOvInstance>(value);
  return w.indices.size() == 3 && w.indices[0] < three.n_a() && w.indices[1] < three.n_b() &&
         w.indices[2] < three.n_c() &&
         is_orthogonal_triple(three, {w.indices[0], w.indices[1], w.indices[2]});
}

// --- the row-by-row promise problems: each row's label from its brute-force
// value (nearest distance, largest inner product); the witness is the first
// YES row with a partner reaching that value.
ProblemTruth row_labelled_truth(const char* solver, const OvInstance& points,
                                const std::vector<std::size_t>& best,
                                const std::function<GapLabel(std::size_t)>& label_of,
                                const std::function<std::size_t(std::size_t, std::size_t)>& value,
                                const Stopwatch& watch) {
  ProblemTruth t;
  t.solver = solver;
  std::size_t yes = 0, outside = 0;
  for (std::size_t i = 0; i < best.size(); ++i) {
    const GapLabel label = label_of(best[i]);
    t.rows.push_back(label == GapLabel::kYes  ? Verdict::kYes
                     : label == GapLabel::kNo ? Verdict::kNo
                                              : Verdict::kAmbiguous);
    yes += label == GapLabel::kYes;
    outside += label == GapLabel::kOutside;
    if (label == GapLabel::kYes && !t.witness)
      for (std::size_t j = 0; j < points.n_b(); ++j)
        if (value(i, j) == best[i]) {
          t.witness = Witness{{i, j}, {}};
          break;
        }
  }
  t.seconds = watch.seconds();
  t.yes = yes > 0;
  t.known = yes > 0 || outside == 0;
  if (!t.known)
    t.note = fmt::format("{} row(s) lie outside the promise and none inside it is YES", outside);
  t.record = {{"solver", {{"name", solver}, {"version", "1"}}},
              {"status", !t.known ? "outside-promise"
                         : t.yes  ? "yes"
                                  : "no"},
              {"yes_rows", yes},
              {"rows_outside_promise", outside}};
  return t;
}

// --- gap-hamming: brute-force nearest distances, one label per row; the
// witness (row, partner) is checked by recomputing their distance.
ProblemTruth solve_gap(const ProblemValue& value, const ChainOptions&) {
  const GapHamming& gap = std::get<GapHamming>(value);
  Stopwatch watch;
  const std::vector<std::size_t> nearest = nearest_distances(gap.points);
  return row_labelled_truth(
      "hamming-brute-force", gap.points, nearest,
      [&gap](std::size_t d) { return label_for_distance(gap, d); },
      [&gap](std::size_t i, std::size_t j) {
        return hamming_distance(gap.points.a(i), gap.points.b(j));
      },
      watch);
}
bool check_gap(const ProblemValue& value, const Witness& w) {
  const GapHamming& gap = std::get<GapHamming>(value);
  return w.indices.size() == 2 && w.indices[0] < gap.points.n_a() &&
         w.indices[1] < gap.points.n_b() &&
         hamming_distance(gap.points.a(w.indices[0]), gap.points.b(w.indices[1])) <= gap.t;
}

// --- gap-max-ip: brute-force largest inner products, one label per row; the
// witness (row, partner) is checked by recomputing their inner product.
ProblemTruth solve_max_ip(const ProblemValue& value, const ChainOptions&) {
  const GapMaxIp& g = std::get<GapMaxIp>(value);
  Stopwatch watch;
  const std::vector<std::size_t> largest = largest_inner_products(g.points);
  return row_labelled_truth(
      "max-ip-brute-force", g.points, largest,
      [&g](std::size_t ip) { return label_for_inner_product(g, ip); },
      [&g](std::size_t i, std::size_t j) { return inner_product(g.points.a(i), g.points.b(j)); },
      watch);
}
bool check_max_ip(const ProblemValue& value, const Witness& w) {
  const GapMaxIp& g = std::get<GapMaxIp>(value);
  return w.indices.size() == 2 && w.indices[0] < g.points.n_a() && w.indices[1] < g.points.n_b() &&
         inner_product(g.points.a(w.indices[0]), g.points.b(w.indices[1])) >= g.s_yes;
}

const ProblemOps kProblems[] = {
    {"cnf-sat", solve_cnf, check_cnf},
    {"ov", solve_ov, check_ov},
    {"3-ov", solve_three_ov_truth, check_three_ov},
    {"gap-hamming", solve_gap, check_gap},
    {"gap-max-ip", solve_max_ip, check_max_ip},
};
}  // namespace

const ProblemOps& problem_ops(const std::string& problem) {
  for (const ProblemOps& ops : kProblems)
    if (problem == ops.problem) return ops;
  throw ContractError(fmt::format(
      "problem '{}' is answered by an oracle; no chain carries its instances further", problem));
}

}  // namespace sethkit
