#include "core/three_ov.hpp"

#include "core/error.hpp"

namespace sethkit {

ThreeOvInstance::ThreeOvInstance(std::size_t n_a, std::size_t n_b, std::size_t n_c, std::size_t d)
    : n_a_(n_a), n_b_(n_b), n_c_(n_c), d_(d) {
  require(d > 0, "3-OV: dimension must be positive");
  a_.assign(n_a * d, 0);
  b_.assign(n_b * d, 0);
  c_.assign(n_c * d, 0);
}

std::size_t triple_product(std::span<const std::uint8_t> u, std::span<const std::uint8_t> v,
                           std::span<const std::uint8_t> w) {
  require(u.size() == v.size() && v.size() == w.size(), "triple_product: lengths differ");
  std::size_t sum = 0;
  for (std::size_t t = 0; t < u.size(); ++t) sum += u[t] & v[t] & w[t];
  return sum;
}

bool is_orthogonal_triple(const ThreeOvInstance& instance, const Triple& t) {
  if (t.i >= instance.n_a() || t.j >= instance.n_b() || t.k >= instance.n_c()) return false;
  return triple_product(instance.a(t.i), instance.b(t.j), instance.c(t.k)) == 0;
}

}  // namespace sethkit
