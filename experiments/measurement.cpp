#include "experiments/measurement.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.hpp"

namespace sethkit {

Timing summarize(std::vector<double> seconds) {
  require(!seconds.empty(), "summarize: no times");
  std::sort(seconds.begin(), seconds.end());
  return {seconds[seconds.size() / 2], seconds.front(), seconds.back()};
}

double median(std::vector<double> values) {
  return summarize(std::move(values)).median;
}

double log_log_slope(const std::vector<double>& x, const std::vector<double>& y) {
  require(x.size() == y.size(), "log_log_slope: x and y differ in length");
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  const auto m = static_cast<double>(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double lx = std::log(x[i]), ly = std::log(y[i]);
    sx += lx;
    sy += ly;
    sxx += lx * lx;
    sxy += lx * ly;
  }
  const double var = sxx - sx * sx / m;
  if (x.size() < 2 || !(var > 1e-12)) return std::numeric_limits<double>::quiet_NaN();
  return (sxy - sx * sy / m) / var;
}

}  // namespace sethkit
