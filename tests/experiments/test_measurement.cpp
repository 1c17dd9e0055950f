// Timing summaries (experiments/measurement.hpp): the upper median, minimum
// and maximum, one run per repeat, and the log-log slope on exact power laws.
#include <catch2/catch.hpp>
#include <cmath>

#include "core/error.hpp"
#include "experiments/measurement.hpp"

using namespace sethkit;

TEST_CASE("Timing summaries: upper median, min and max", "[measurement]") {
  const Timing odd = summarize({3, 1, 2});
  CHECK(odd.median == 2);
  CHECK(odd.min == 1);
  CHECK(odd.max == 3);
  CHECK(summarize({4, 1, 3, 2}).median == 3);
  CHECK(median({5}) == 5);
  CHECK_THROWS_AS(summarize({}), ContractError);
  int runs = 0;
  const Timing t = time_runs(4, [&] { ++runs; });
  CHECK(runs == 4);
  CHECK(t.min <= t.median);
  CHECK(t.median <= t.max);
  time_runs(0, [&] { ++runs; });
  CHECK(runs == 5);  // at least once
}

TEST_CASE("The log-log slope recovers exact power laws", "[measurement]") {
  CHECK(log_log_slope({1, 2, 4, 8}, {3, 12, 48, 192}) == Approx(2.0));
  CHECK(log_log_slope({2, 4, 8}, {5, 5, 5}) == Approx(0.0).margin(1e-12));
  CHECK(log_log_slope({1, 10}, {7, 0.7}) == Approx(-1.0));
  CHECK(std::isnan(log_log_slope({4, 4}, {1, 2})));
}
