// The chain executor runs every path of the reduction graph: each path from
// CNF-SAT, OV and Gap-Hamming to every problem it reaches, on YES and NO
// instances, agrees with ground truth at every stage, with the witness mapped
// back and checked at each; a chain that does not start from the input's
// problem or is not a path of the graph is refused.
#include <catch2/catch.hpp>

#include "instances/planted_gap_hamming.hpp"
#include "instances/random_cnf.hpp"
#include "instances/random_ov.hpp"
#include "reductions/chain_executor.hpp"
#include "reductions/reduction_graph.hpp"
#include "reductions/run_bundle.hpp"
#include "solvers/cadical_solver.hpp"
#include "test_seed.hpp"

using namespace sethkit;

namespace {
// The chain name of a path: its problems in verify's short words.
std::string chain_name(const ReductionPath& path) {
  const ReductionGraph& g = reduction_graph();
  const auto word = [](const std::string& problem) -> std::string {
    if (problem == "cnf-sat") return "sat";
    if (problem == "3-ov") return "3ov";
    if (problem == "graph-diameter") return "diameter";
    return problem;
  };
  std::string name = word(g[boost::source(path.front(), g)].name);
  for (const auto& e : path) name += "-" + word(g[boost::target(e, g)].name);
  return name;
}

// Runs every path from `from` to every other problem on `source`; returns how many ran.
int run_every_path(const std::string& from, const ProblemValue& source, bool yes) {
  const ReductionGraph& g = reduction_graph();
  int ran = 0;
  for (auto v : boost::make_iterator_range(boost::vertices(g))) {
    if (g[v].name == from) continue;
    for (const ReductionPath& path : reduction_paths(from, g[v].name)) {
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
    // cnf-sat reaches ov, 3-ov, gap-hamming, attention (2 ways), transformer, graph-diameter.
    CHECK(run_every_path("cnf-sat", g.cnf, yes) == 7);
    const auto ov = random_ov({12, 10, 8, 0.5, yes ? OvPlant::kPlantYes : OvPlant::kForceNo, s});
    CHECK(run_every_path("ov", ov.ov, yes) == 4);
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
