// The oracle arena (experiments/oracle_arena.hpp) on a tiny grid: the exact
// oracle decides every labelled row right on the threshold family above the
// required magnitude and on the hard family (one SAT and one UNSAT formula);
// a narrow window does not; refusals are recorded with a reason; the grid is
// checked before any work.
#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "experiments/oracle_arena.hpp"

using namespace sethkit;

TEST_CASE("Oracle arena on a tiny grid", "[experiments]") {
  OracleArenaParams p;
  p.backends = {"flash", "window", "conv"};
  p.budgets = {1.0 / 64};  // window w = 8
  p.log_n = {7};
  p.easy_kappas = {0.5};
  p.threshold_kappas = {16};
  p.vars = {10};
  std::size_t reported = 0;
  const auto cells =
      run_oracle_arena(p, [&](const OracleArenaCell&, std::size_t done, std::size_t total) {
        reported = done;
        CHECK(done <= total);
      });
  REQUIRE(cells.size() == 3 * 4);  // easy, threshold, hard SAT, hard UNSAT
  CHECK(reported == cells.size());
  int hard_truths = 0;
  for (const auto& c : cells) {
    INFO(c.family << " " << c.backend << " " << c.note);
    if (c.backend == "conv") {  // conv is causal only: refused, with the reason
      CHECK_THAT(c.note, Catch::Contains("refused: conv"));
      CHECK(std::isnan(c.max_error));
      continue;
    }
    CHECK(std::isfinite(c.max_error));
    if (c.family == "easy") CHECK(c.rows_right < 0);
    CHECK(std::isfinite(c.kappa_required) == (c.family == "threshold"));
    if (c.backend == "flash") {
      CHECK(c.max_error < 1e-5);
      if (c.family != "easy") {
        CHECK(c.rows_right == 1.0);
        CHECK(c.verdict_right == 1);
      }
      if (c.family == "hard") hard_truths |= 1 << c.truth;
    }
    if (c.backend == "window" && c.family != "easy") {
      CHECK(c.max_error > 0.1);  // 8 of about 128 keys: far from exact
      CHECK(c.rows_right < 1.0);
    }
  }
  CHECK(hard_truths == 3);  // a SAT and an UNSAT formula

  const std::string csv = oracle_arena_csv(cells);
  CHECK(csv.rfind("family,n,d,kappa,kappa_required,vars,truth,backend,budget,", 0) == 0);
  const nlohmann::json j = oracle_arena_json(p, cells);
  CHECK(j["cells"].size() == cells.size());
  CHECK(j["cells"][0]["rows_right"].is_null());  // easy: no labels
  CHECK(j["cells"][0]["truth"].is_null());       // easy: no answer to know
  // Absent values are empty CSV fields, never -1 (the easy rows: no truth, no labels).
  CHECK(csv.find(",-1,") == std::string::npos);
  CHECK(csv.find("easy,") != std::string::npos);
}

TEST_CASE("Oracle arena refuses a bad grid before any work", "[experiments]") {
  OracleArenaParams p;
  p.backends = {"frobnicate"};
  CHECK_THROWS_WITH(run_oracle_arena(p), Catch::Contains("unknown attention backend"));
  p.backends = {"external"};
  CHECK_THROWS_WITH(run_oracle_arena(p), Catch::Contains("external"));
  p.backends = {"flash"};
  p.budgets = {0};
  CHECK_THROWS_AS(run_oracle_arena(p), ContractError);
  p.budgets = {1};
  p.easy_kappas = {1.0};
  CHECK_THROWS_WITH(run_oracle_arena(p), Catch::Contains("easy kappas"));
}
