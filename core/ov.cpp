#include "core/ov.hpp"

#include <algorithm>
#include <numeric>

#include "core/error.hpp"

namespace sethkit {

OvInstance::OvInstance(std::size_t n_a, std::size_t n_b, std::size_t d)
    : n_a_(n_a), n_b_(n_b), d_(d), a_(n_a * d, 0), b_(n_b * d, 0) {
  require(d >= 1, "OvInstance: dimension d must be at least 1");
}

std::size_t inner_product(std::span<const std::uint8_t> u, std::span<const std::uint8_t> v) {
  require(u.size() == v.size(), "inner_product: vectors of different lengths");
  std::size_t sum = 0;
  for (std::size_t k = 0; k < u.size(); ++k) sum += static_cast<std::size_t>(u[k] & v[k]);
  return sum;
}

std::size_t max_weight(const OvInstance& ov, bool side_a) {
  std::size_t best = 0;
  const std::size_t n = side_a ? ov.n_a() : ov.n_b();
  for (std::size_t i = 0; i < n; ++i) {
    const auto v = side_a ? ov.a(i) : ov.b(i);
    best = std::max<std::size_t>(best, std::accumulate(v.begin(), v.end(), std::size_t{0}));
  }
  return best;
}

std::size_t least_weight(const OvInstance& ov, bool side_a) {
  const std::size_t n = side_a ? ov.n_a() : ov.n_b();
  std::size_t least = n ? ov.d() : 0;
  for (std::size_t i = 0; i < n; ++i) {
    const auto v = side_a ? ov.a(i) : ov.b(i);
    least = std::min<std::size_t>(least, std::accumulate(v.begin(), v.end(), std::size_t{0}));
  }
  return least;
}

}  // namespace sethkit
