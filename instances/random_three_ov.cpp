#include "instances/random_three_ov.hpp"

#include <cmath>

#include "core/error.hpp"
#include "core/rng.hpp"

namespace sethkit {

double balanced_three_ov_density(std::size_t n, std::size_t k, std::size_t d) {
  const double triples = static_cast<double>(n) * static_cast<double>(n) * static_cast<double>(k);
  // (1 - p^3)^d = 1 / triples  <=>  p^3 = 1 - triples^(-1/d)
  const double p3 = 1 - std::exp(-std::log(std::max(triples, 1.0)) / static_cast<double>(d));
  return std::cbrt(p3);
}

ThreeOvInstance random_three_ov(const RandomThreeOvParams& p) {
  require(p.n >= 1 && p.k >= 1 && p.d >= 1, "random 3-OV: N, K and d must be at least 1");
  const double density = p.density < 0 ? balanced_three_ov_density(p.n, p.k, p.d) : p.density;
  require(density <= 1, "random 3-OV: density must be at most 1");
  ThreeOvInstance in(p.n, p.n, p.k, p.d);
  Rng rng(p.seed);
  const auto fill = [&](std::span<std::uint8_t> v) {
    for (auto& x : v) x = rng.uniform01() < density ? 1 : 0;
  };
  for (std::size_t i = 0; i < p.n; ++i) fill(in.a(i));
  for (std::size_t j = 0; j < p.n; ++j) fill(in.b(j));
  for (std::size_t c = 0; c < p.k; ++c) fill(in.c(c));
  return in;
}

}  // namespace sethkit
