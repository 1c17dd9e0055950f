// Timing for the experiments and benchmarks: repeated runs summarised by their
// median (the upper median for an even count), with the minimum and maximum
// beside it. One helper for every sweep, the Baur-Strassen demonstration and
// bench/; speed is never asserted in a test (docs/performance.md).
#pragma once

#include <algorithm>
#include <utility>
#include <vector>

#include "core/stopwatch.hpp"

namespace sethkit {

struct Timing {
  double median = 0, min = 0, max = 0;  // seconds
};

// The summary of the given times (at least one).
Timing summarize(std::vector<double> seconds);

// The upper median of the given values (at least one).
double median(std::vector<double> values);

// Least-squares slope of log y against log x; NaN with fewer than two
// distinct x.
double log_log_slope(const std::vector<double>& x, const std::vector<double>& y);

// Runs `work` `repeats` times (at least once) and summarises its wall-clock times.
template <typename Work>
Timing time_runs(int repeats, Work&& work) {
  std::vector<double> seconds;
  for (int r = 0; r < std::max(repeats, 1); ++r) {
    Stopwatch watch;
    work();
    seconds.push_back(watch.seconds());
  }
  return summarize(std::move(seconds));
}

}  // namespace sethkit
