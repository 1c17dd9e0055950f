#include "reductions/ov_to_hamming.hpp"

#include "core/error.hpp"

namespace sethkit {

GapHamming OvToHamming::encode(const OvInstance& ov) const {
  const std::size_t m = ov.d();
  require(m >= 1, "ov-to-hamming: dimension must be at least 1");
  GapHamming g;
  g.points = OvInstance(ov.n_a(), ov.n_b(), 3 * m);
  g.t = m;
  g.eps = 2.0 / static_cast<double>(m);
  for (std::size_t i = 0; i < ov.n_a(); ++i) {
    const auto a = ov.a(i);
    auto f = g.points.a(i);
    for (std::size_t k = 0; k < m; ++k) {
      f[3 * k] = 1 - a[k];
      f[3 * k + 1] = a[k];
      f[3 * k + 2] = 0;
    }
  }
  for (std::size_t j = 0; j < ov.n_b(); ++j) {
    const auto b = ov.b(j);
    auto h = g.points.b(j);
    for (std::size_t k = 0; k < m; ++k) {
      h[3 * k] = 1;
      h[3 * k + 1] = 1 - b[k];
      h[3 * k + 2] = b[k];
    }
  }
  g.labels.assign(ov.n_a(), GapLabel::kUnknown);
  return g;
}

}  // namespace sethkit
