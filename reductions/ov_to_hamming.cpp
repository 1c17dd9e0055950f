#include "reductions/ov_to_hamming.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "reductions/reduction.hpp"

namespace sethkit {

static_assert(Reduction<OvToHamming>);

HammingCertificate OvToHamming::certificate(const OvInstance& ov) const {
  const std::size_t m = ov.d();
  require(m >= 1, "ov-to-hamming: dimension must be at least 1");
  HammingCertificate c{ov.n_a(), ov.n_b(), 3 * m, m, 2.0 / static_cast<double>(m)};
  const std::uint64_t bytes = saturating_mul(c.n_a + c.n_b, c.dim);
  require(bytes <= params_.limits.max_bytes,
          fmt::format("ov-to-hamming: the points need {}, above the memory budget of {} "
                      "(--max-memory)",
                      format_bytes(bytes), format_bytes(params_.limits.max_bytes)));
  return c;
}

GapHamming OvToHamming::encode(const OvInstance& ov) const {
  const std::size_t m = certificate(ov).t;
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

std::pair<std::size_t, std::size_t> OvToHamming::decode(
    const OvInstance& source, const GapHamming&, std::pair<std::size_t, std::size_t> pair) const {
  require(pair.first < source.n_a() && pair.second < source.n_b(),
          "ov-to-hamming decode: pair index beyond the instance");
  return pair;
}

nlohmann::json to_json(const HammingCertificate& c) {
  return {{"reduction", OvToHamming::kName}, {"t", c.t}, {"eps", c.eps}};
}

EdgeRecord OvToHamming::edge() {
  return {kName,
          "ov",
          "gap-hamming",
          kDeclaredOverhead,
          {{"n_a", "N_a"}, {"n_b", "N_b"}, {"dim", "3 * d"}, {"t", "d"}, {"eps", "2 / d"}},
          "exact (no oracle)",
          "standard Hamming gadget (C3)",
          "docs/reductions/ov_to_hamming.md",
          "reductions/ov_to_hamming.hpp"};
}

}  // namespace sethkit
