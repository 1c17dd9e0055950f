#include "experiments/measurement.hpp"

#include <algorithm>

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

}  // namespace sethkit
