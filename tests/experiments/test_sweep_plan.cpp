// Sweep plans (experiments/sweep_plan.hpp): the cells a plan counts are the
// cells the sweep runs, its largest cell is the one with the largest n, and a
// plan above the budget is refused naming the sweep and its figure.
#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "experiments/conv_sweep.hpp"
#include "experiments/direct_sum_sweep.hpp"
#include "experiments/oracle_arena.hpp"
#include "experiments/sweep_plan.hpp"
#include "experiments/transition_sweep.hpp"

using namespace sethkit;

TEST_CASE("A sweep's plan counts the cells the sweep runs", "[sweep_plan]") {
  ConvSweepParams conv;
  conv.structured_n = {128, 256};
  conv.hard_n = {32};
  CHECK(conv_sweep_plan(conv).cells == run_conv_sweep(conv).size());

  DirectSumParams ds;
  ds.fixed_n = 16;
  ds.lh = {1, 2};
  ds.n = {8, 16};
  ds.repeats = 1;
  CHECK(direct_sum_plan(ds).cells == run_direct_sum(ds).size());

  TransitionParams tr;
  tr.log_n = {6, 7};
  tr.kappas = {0.5, 16};
  const SweepPlan tp = transition_plan(tr);
  CHECK(tp.cells == run_transition(tr, {}).size());
  CHECK(tp.largest == "n = 128, d = 56");

  OracleArenaParams arena;
  arena.backends = {"flash", "window"};
  arena.budgets = {1};
  arena.log_n = {6};
  arena.easy_kappas = {0.5};
  arena.threshold_kappas = {4};
  arena.vars = {8};
  CHECK(oracle_arena_plan(arena).cells == run_oracle_arena(arena).size());
}

TEST_CASE("A sweep's plan above the budget is refused before any work", "[sweep_plan]") {
  const SweepPlan plan = transition_plan(TransitionParams{});
  CHECK(plan.cells == 63);
  CHECK(plan.largest == "n = 2^16, d = 128");
  CHECK(plan.seconds > 60);  // the default grid: minutes, not seconds
  Budget small;
  small.max_bytes = 10 << 20;
  CHECK_THROWS_WITH(require_sweep_within_budget(plan, small),
                    Catch::StartsWith("sweep transition: refused before starting: its largest "
                                      "cell (n = 2^16, d = 128) needs about") &&
                        Catch::Contains("above the memory budget of 10 MiB (--max-memory)"));
  Budget short_time;
  short_time.max_bytes = 1ull << 40;
  short_time.max_seconds = 5;
  CHECK_THROWS_WITH(require_sweep_within_budget(plan, short_time),
                    Catch::Contains("its 63 cells take about") &&
                        Catch::Contains("above the time budget of 5 s (--max-seconds)"));
  short_time.max_seconds = 1e6;
  CHECK_NOTHROW(require_sweep_within_budget(plan, short_time));
}
