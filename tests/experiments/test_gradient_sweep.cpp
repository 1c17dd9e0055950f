// The gradient sweep (experiments/gradient_sweep.hpp) on a tiny grid: poly's
// gradient within its bound and flash's close to float64 on every timed
// point; the reduction's labels mixing YES and NO rows, every row decoded
// right above the proof's magnitude and the bounds overlapping well below it;
// the slopes, the CSV's columns and the JSON's nulls.
#include <catch2/catch.hpp>
#include <cmath>

#include "core/error.hpp"
#include "experiments/gradient_sweep.hpp"

#include <nlohmann/json.hpp>
#include "test_seed.hpp"

using namespace sethkit;

TEST_CASE("Gradient sweep: poly's gradient over n, and the decoding on both sides of kappa",
          "[gradient-sweep]") {
  GradientSweepParams p;
  p.time_log_n = {7, 8};
  p.decode_log_n = {4, 6};
  p.kappas = {0.5, 12};
  p.sample_rows = 16;
  p.seed = test::test_seed("gradient sweep", 2);
  std::size_t calls = 0;
  const GradientSweepResult r =
      run_gradient_sweep(p, [&](const std::string&, std::size_t done, std::size_t total) {
        CHECK(done == ++calls);
        CHECK(total == 6);
      });
  REQUIRE(r.time.size() == 2);
  for (const auto& pt : r.time) {
    INFO("n " << pt.n);
    REQUIRE(pt.poly_backward_seconds >= 0);
    CHECK(pt.poly_error <= pt.poly_bound);
    CHECK(pt.poly_bound < 1e-2);
    CHECK(pt.flash_error < 1e-5);  // float32 against float64
    CHECK(pt.poly_degree >= 1);
  }
  REQUIRE(r.decode.size() == 4);
  for (const auto& c : r.decode) {
    INFO("N " << c.vectors << " kappa " << c.kappa);
    CHECK(c.yes_rows + c.no_rows == c.vectors);
    CHECK(c.yes_rows >= c.vectors / 2);  // every even row has a planted partner
    CHECK(c.no_rows > 0);
    CHECK(c.n_keys == c.vectors + 1);
    CHECK(c.s == Approx(c.kappa * std::sqrt(std::log(static_cast<double>(c.n_keys)))));
    if (c.kappa > c.kappa_required) {
      CHECK(c.tolerated_error > 0);
      CHECK(c.exact_accuracy == 1.0);
      CHECK(c.max_yes_value < c.threshold);
      CHECK(c.min_no_value > c.threshold);
    } else {
      CHECK(c.tolerated_error <= 0);  // the bounds overlap
      CHECK(c.exact_accuracy < 1.0);
    }
  }
  const GradientSlopes slopes = gradient_slopes(r.time);
  CHECK(std::isfinite(slopes.flash_backward));
  CHECK(std::isfinite(slopes.poly_backward));
  CHECK(std::isnan(gradient_slopes({r.time[0]}).poly_backward));  // one point fits nothing
  const std::string csv = gradient_sweep_csv(r);
  CHECK_THAT(csv, Catch::StartsWith("series,n,d,flash_forward_s,flash_backward_s,"));
  CHECK_THAT(csv, Catch::Contains("\ndecode,17,9,"));
  const nlohmann::json doc = gradient_sweep_json(p, r);
  CHECK(doc["experiment"] == "gradient");
  CHECK(doc["slopes"]["poly_backward"].is_number());
  CHECK(doc["time"].size() == 2);
  CHECK(doc["decode"].size() == 4);
}

TEST_CASE("Gradient sweep: a refused poly is a null, and bad grids are refused",
          "[gradient-sweep]") {
  GradientSweepParams p;
  p.time_log_n = {6};
  p.decode_log_n = {};
  p.target_error = 1e-300;  // no Taylor degree reaches it
  const GradientSweepResult r = run_gradient_sweep(p);
  REQUIRE(r.time.size() == 1);
  CHECK(r.time[0].poly_backward_seconds == -1);
  CHECK_THAT(r.time[0].note, Catch::StartsWith("poly refused: "));
  CHECK(gradient_sweep_json(p, r)["time"][0]["poly_backward_s"].is_null());
  CHECK_THAT(gradient_sweep_csv(r), !Catch::Contains(",-1,"));
  GradientSweepParams bad;
  bad.kappas = {0};
  CHECK_THROWS_AS(run_gradient_sweep(bad), ContractError);
  bad = {};
  bad.decode_log_n = {20};
  CHECK_THROWS_AS(run_gradient_sweep(bad), ContractError);
}
