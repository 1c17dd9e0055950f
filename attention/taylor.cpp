#include "attention/taylor.hpp"

#include <cmath>

namespace sethkit {

double taylor_relative_error(double radius, int degree) {
  if (radius <= 0) return 0;
  const double k = degree + 1.0;
  return std::exp(radius + k * std::log(radius) - std::lgamma(k + 1.0));
}

int taylor_degree(double radius, double eps, int max_degree) {
  for (int g = 0; g <= max_degree; ++g)
    if (taylor_relative_error(radius, g) <= eps) return g;
  return -1;
}

std::uint64_t binomial(std::uint64_t n, std::uint64_t k) {
  if (k > n) return 0;
  if (k > n - k) k = n - k;
  unsigned __int128 result = 1;
  for (std::uint64_t i = 1; i <= k; ++i) {
    result = result * (n - k + i) / i;  // exact: C(n-k+i, i) is an integer at every step
    if (result > UINT64_MAX) return UINT64_MAX;
  }
  return static_cast<std::uint64_t>(result);
}

}  // namespace sethkit
