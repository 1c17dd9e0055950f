// What every attention and OV benchmark section shares: CSV rows
//   section,subject,n,d,metric,value
// on stdout (read by bench/report.py), the median of repeated runs, and
// uniform random inputs.
#pragma once

#include <fmt/format.h>

#include <cstdio>
#include <string>

#include "core/rng.hpp"
#include "experiments/measurement.hpp"

namespace sethkit::bench {

inline void row(const char* section, const std::string& subject, long n, long d, const char* metric,
                double value) {
  fmt::print("{},{},{},{},{},{:.6g}\n", section, subject, n, d, metric, value);
  std::fflush(stdout);
}

template <typename F>
double median_seconds(int repeats, F&& f) {
  return time_runs(repeats, f).median;
}

template <typename M>
M uniform(Rng& rng, long rows, long cols, double b) {
  M m(rows, cols);
  for (long i = 0; i < rows; ++i)
    for (long j = 0; j < cols; ++j) m(i, j) = static_cast<typename M::Scalar>(rng.uniform(-b, b));
  return m;
}

}  // namespace sethkit::bench
