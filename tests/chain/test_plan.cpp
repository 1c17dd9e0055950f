// A chain's plan (chain/plan.hpp): the sizes it predicts are those the chain
// builds, and a plan above the budget is refused naming the stage, before any
// work.
#include <catch2/catch.hpp>

#include <algorithm>

#include "chain/executor.hpp"
#include "chain/plan.hpp"
#include "core/cnf.hpp"
#include "core/error.hpp"
#include "core/gap_hamming.hpp"
#include "instances/random_cnf.hpp"
#include "test_seed.hpp"

using namespace sethkit;

TEST_CASE("The plan of sat-ov-attention predicts the sizes the chain builds", "[plan]") {
  const std::uint64_t seed = test::test_seed("chain plan");
  const Cnf cnf = random_kcnf({10, 40, 3, false, seed}).cnf;
  ChainOptions options;
  const ChainPlan plan = plan_chain("sat-ov-attention", cnf, options);
  // Two encodings, the oracle, decoding, two ground truths.
  REQUIRE(plan.stages.size() == 6);
  CHECK(plan.stages[0].sizes == "N_a = 32, N_b = 32, d = 40");
  CHECK(plan.stages[1].sizes == "n_q = 33, n_k = 33, d = 40");
  CHECK(plan.stages[2].stage == "oracle (auto)");
  CHECK(plan.stages[3].stage.rfind("decode (", 0) == 0);
  CHECK(plan.stages[3].seconds >= 0);
  CHECK(plan.stages[4].seconds < 0);  // CaDiCaL is not estimated
  CHECK(plan.unestimated);
  CHECK(plan.bytes == plan.stages[0].bytes + plan.stages[1].bytes);
  // Q (33 x 40), K (33 x 40), V (33), the output and row sums, in double.
  CHECK(plan.stages[1].bytes == (33 * 40 * 2 + 33 + 2 * 33) * 8);
  std::vector<std::string> lines;
  options.on_stage = [&lines](const std::string& line) { lines.push_back(line); };
  const ChainRun run = run_chain("sat-ov-attention", cnf, "f.cnf", options);
  REQUIRE(!lines.empty());
  CHECK(lines.front().rfind("plan: ", 0) == 0);
  CHECK(run.agreement == Agreement::kAgree);
}

TEST_CASE("A chain above the budget is refused before any work", "[plan]") {
  const Cnf cnf = random_kcnf({50, 90, 3, false, 1}).cnf;
  ChainOptions options;
  options.budget.max_bytes = 4ull << 30;
  bool started = false;
  options.on_stage = [&started](const std::string&) { started = true; };
  CHECK_THROWS_WITH(run_chain("sat-ov-attention", cnf, "f50.cnf", options),
                    Catch::StartsWith("f50.cnf: refused before starting: the chain needs about") &&
                        Catch::Contains("above the memory budget of 4 GiB (--max-memory); the "
                                        "largest stage is encode ov-to-attention"));
  CHECK_FALSE(started);
  const Cnf small = random_kcnf({34, 140, 3, false, 1}).cnf;
  options.budget.max_bytes = 8ull << 30;
  options.budget.max_seconds = 1;
  CHECK_THROWS_WITH(run_chain("sat-ov", small, "f34.cnf", options),
                    Catch::Contains("above the time budget of 1 s (--max-seconds); the longest "
                                    "stage is ground truth (ov, ov-bitpacked)"));
}

TEST_CASE("A transformer chain's decoding is estimated as one more oracle run", "[plan]") {
  const Cnf cnf = random_kcnf({9, 30, 3, false, 2}).cnf;
  ChainOptions options;
  options.transformer.layers = 2;
  options.transformer.heads = 2;
  const ChainPlan plan = plan_chain("sat-3ov-transformer", cnf, options);
  const auto oracle = std::find_if(plan.stages.begin(), plan.stages.end(), [](const StagePlan& s) {
    return s.stage.rfind("oracle (transformer", 0) == 0;
  });
  REQUIRE(oracle != plan.stages.end());
  REQUIRE(oracle + 1 != plan.stages.end());
  CHECK((oracle + 1)->stage.rfind("decode (the witness", 0) == 0);
  CHECK((oracle + 1)->seconds == oracle->seconds);
}

TEST_CASE("The n-sink variant's plan doubles both sides of the attention instance", "[plan]") {
  GapHamming g;
  g.points = OvInstance(6, 5, 8);
  g.t = 1;
  g.eps = 1;
  ChainOptions options;
  const ChainPlan one = plan_chain("gap-hamming-attention", g, options);
  const ChainPlan n = plan_chain("gap-hamming-attention-n-sinks", g, options);
  CHECK(one.stages[0].sizes == "n_q = 7, n_k = 6, d = 32");
  CHECK(n.stages[0].sizes == "n_q = 12, n_k = 10, d = 32");
  CHECK(n.stages[0].bytes == (12 * 32 + 10 * 32 + 10 + 2 * 12) * 8);
}
