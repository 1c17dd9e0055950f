// Timing summaries (experiments/measurement.hpp): the upper median, minimum
// and maximum, and one run per repeat.
#include <catch2/catch.hpp>

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
