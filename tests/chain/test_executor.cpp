// The chain executor runs every path of the reduction graph: each path from
// CNF-SAT, OV and Gap-Hamming to every problem it reaches, on YES and NO
// instances, agrees with ground truth at every stage, with the witness mapped
// back and checked at each, and builds the sizes its composed size formulas
// give; a chain that does not start from the input's
// problem or is not a path of the graph is refused. (The formulas' own
// algebra: test_size_formula.cpp.)
#include <catch2/catch.hpp>

#include "chain/executor.hpp"
#include "chain/reduction_graph.hpp"
#include "chain/run_bundle.hpp"
#include "chain/size_formula.hpp"
#include "instances/planted_gap_hamming.hpp"
#include "instances/random_cnf.hpp"
#include "instances/random_ov.hpp"
#include "solvers/cadical_solver.hpp"
#include "test_seed.hpp"

using namespace sethkit;

namespace {
// The source's parameters in the graph's formula vocabulary, K = L H = 4
// heads, the distributed PCP's default k and q.
std::map<std::string, double> formula_inputs(const ProblemValue& source) {
  if (const Cnf* cnf = std::get_if<Cnf>(&source))
    return {{"v", cnf->num_vars()},
            {"m", static_cast<double>(cnf->num_clauses())},
            {"K", 4},
            {"pcp_k", 0},
            {"pcp_q", 0}};
  const OvInstance& ov = std::get<OvInstance>(source);
  return {{"N_a", static_cast<double>(ov.n_a())},
          {"N_b", static_cast<double>(ov.n_b())},
          {"d", static_cast<double>(ov.d())},
          {"pcp_k", 0},
          {"pcp_q", 0}};
}

bool through_pcp(const ReductionPath& path) {
  for (const EdgeRecord* e : path)
    if (e->to == "gap-max-ip") return true;
  return false;
}

// The path's composed size formulas, evaluated on the source, against the sizes built.
void check_composed_sizes(const ReductionPath& path, const ProblemValue& source,
                          const ChainRun& r) {
  const nlohmann::json& built =
      r.oracle.step.reduction == "solver" ? r.steps.back().built : r.oracle.step.built;
  const auto values = evaluate(composed_sizes(path), formula_inputs(source));
  int compared = 0;
  for (const SizeFormula& f : composed_sizes(path)) {
    if (!built.contains(f.param)) continue;
    INFO(f.param << (f.upper_bound ? " <= " : " = ") << f.expr);
    const double size = built[f.param].get<double>(), formula = values.at(f.param);
    if (f.upper_bound)
      CHECK(size <= formula * (1 + 1e-12));
    else
      CHECK(size == Approx(formula).epsilon(1e-12));
    ++compared;
  }
  CHECK(compared >= 2);
}

// Runs every path from `from` to every other problem on `source`, those
// through the distributed PCP (dimension q^(l+2)) when `pcp` is set and the
// others when not; returns how many ran.
int run_every_path(const std::string& from, const ProblemValue& source, bool yes,
                   bool pcp = false) {
  int ran = 0;
  for (const ProblemNode& to : graph_problems()) {
    if (to.name == from) continue;
    for (const ReductionPath& path : reduction_paths(from, to.name)) {
      if (through_pcp(path) != pcp) continue;
      const std::string chain = chain_name(path);
      INFO("chain " << chain);
      ChainOptions o;
      o.transformer.layers = 2;
      o.transformer.heads = 2;
      const ChainRun r = run_chain(chain, source, "test", o);
      INFO(r.explanation);
      CHECK(r.agreement == Agreement::kAgree);
      CHECK(r.overhead_ok());
      CHECK(r.stages.front().truth.yes == yes);
      CHECK(r.steps.size() + 1 == path.size() + (r.oracle.step.reduction == "solver" ? 1 : 0));
      for (const ChainStage& stage : r.stages) {
        CHECK(stage.truth.yes == yes);  // every exact step keeps the answer
        if (yes) CHECK(stage.witness_ok);
      }
      check_composed_sizes(path, source, r);
      const auto bundle = to_run_bundle(r, "sha");
      CHECK(bundle["chain"]["name"] == chain);
      CHECK(bundle["stages"].size() == r.stages.size());
      ++ran;
    }
  }
  return ran;
}
}  // namespace

TEST_CASE("Every path of the graph runs as a chain, YES and NO", "[chain_executor]") {
  const auto seed = test::test_seed("chain executor");
  for (std::uint64_t s = seed; s < seed + 4; ++s) {
    const bool yes = s % 2 == 0;
    INFO("seed " << s);
    // CNF: a planted formula, or the first unsatisfiable dense one.
    GeneratedCnf g = random_kcnf({9, clauses_for_ratio(9, 4.0), 3, true, s});
    for (std::uint64_t t = s; !yes; ++t) {
      g = random_kcnf({9, clauses_for_ratio(9, 7.0), 3, false, t});
      if (solve_cadical(g.cnf).status == SatStatus::kUnsat) break;
    }
    // cnf-sat reaches ov, 3-ov, gap-hamming, attention (2 ways), transformer, graph-diameter,
    // attention-gradient.
    CHECK(run_every_path("cnf-sat", g.cnf, yes) == 8);
    const auto ov = random_ov({12, 10, 8, 0.5, yes ? OvPlant::kPlantYes : OvPlant::kForceNo, s});
    CHECK(run_every_path("ov", ov.ov, yes) == 5);
  }
}

TEST_CASE("Every path through the distributed PCP runs as a chain, YES and NO",
          "[chain_executor][pcp]") {
  const auto seed = test::test_seed("chain executor pcp");
  for (std::uint64_t s = seed; s < seed + 4; ++s) {
    const bool yes = s % 2 == 0;
    INFO("seed " << s);
    // 5 clauses: OV of dimension 5, k = 3, l = 2, q = 5, dimension 625.
    GeneratedCnf g = random_kcnf({4, 5, 3, true, s});
    for (std::uint64_t t = s; !yes; ++t) {
      g = random_kcnf({3, 5, 2, false, t});
      if (solve_cadical(g.cnf).status == SatStatus::kUnsat) break;
    }
    // cnf-sat -> ov -> gap-max-ip, then gap-hamming, attention (2 ways).
    CHECK(run_every_path("cnf-sat", g.cnf, yes, true) == 4);
    const auto ov = random_ov({4, 5, 6, 0.5, yes ? OvPlant::kPlantYes : OvPlant::kForceNo, s});
    CHECK(run_every_path("ov", ov.ov, yes, true) == 4);
  }
}

TEST_CASE("A Gap-Hamming source is judged row by row", "[chain_executor]") {
  const auto gap = planted_gap_hamming({12, 32, 4, 1.0, 0.5, 1, 3}).instance;
  const ChainRun r = run_chain("gap-hamming-attention", gap, "test", ChainOptions{});
  CHECK(r.judged_by_rows);
  CHECK(r.rows_checked + r.rows_outside == 12);
  CHECK(r.row_disagreements == 0);
  CHECK(r.agreement == Agreement::kAgree);
  if (r.oracle.verdict == Verdict::kYes) CHECK(r.stages[0].witness_ok);
}

TEST_CASE("The executor refuses chains the graph or the input does not allow", "[chain_executor]") {
  const auto ov = random_ov({4, 4, 3, 0.5, OvPlant::kNone, 1}).ov;
  CHECK_THROWS_WITH(run_chain("sat-ov-attention", ov, "test", ChainOptions{}),
                    Catch::Contains("starts from cnf-sat") && Catch::Contains("an instance of ov"));
  CHECK_THROWS_WITH(run_chain("ov-transformer", ov, "test", ChainOptions{}),
                    Catch::Contains("no edge ov -> transformer"));
  CHECK_THROWS_WITH(run_chain("ov-attention-ov", ov, "test", ChainOptions{}),
                    Catch::Contains("no edge attention -> ov"));
}
