#include "reductions/gap_max_ip_to_hamming.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "reductions/reduction.hpp"

namespace sethkit {

static_assert(Reduction<GapMaxIpToHamming>);

namespace {
std::size_t weight(std::span<const std::uint8_t> v) {
  return static_cast<std::size_t>(std::count(v.begin(), v.end(), std::uint8_t{1}));
}

}  // namespace

BalancedHammingCertificate GapMaxIpToHamming::certificate(const GapMaxIp& g) const {
  require(g.s_yes > g.s_no, fmt::format("{}: need s_yes > s_no, found s_yes = {}, s_no = {}", kName,
                                        g.s_yes, g.s_no));
  BalancedHammingCertificate c;
  c.n_a = g.points.n_a();
  c.n_b = g.points.n_b();
  const std::size_t least_a = least_weight(g.points, true), least_b = least_weight(g.points, false);
  c.weight_a = max_weight(g.points, true);
  c.weight_b = max_weight(g.points, false);
  if (c.weight_a + c.weight_b < 2 * g.s_yes + 1) c.weight_a = 2 * g.s_yes + 1 - c.weight_b;
  c.pad_a = c.weight_a - least_a;
  c.pad_b = c.weight_b - least_b;
  c.dim = g.points.d() + c.pad_a + c.pad_b;
  c.t = c.weight_a + c.weight_b - 2 * g.s_yes;
  c.eps = 2.0 * static_cast<double>(g.s_yes - g.s_no) / static_cast<double>(c.t);
  const std::uint64_t bytes = saturating_mul(c.n_a + c.n_b, c.dim);
  require(bytes <= params_.limits.max_bytes,
          fmt::format("{}: the points need {}, above the memory budget of {} (--max-memory)", kName,
                      format_bytes(bytes), format_bytes(params_.limits.max_bytes)));
  return c;
}

GapHamming GapMaxIpToHamming::encode(const GapMaxIp& g) const {
  const BalancedHammingCertificate c = certificate(g);
  const std::size_t dim = g.points.d();
  GapHamming out;
  out.points = OvInstance(c.n_a, c.n_b, c.dim);
  out.t = c.t;
  out.eps = c.eps;
  for (std::size_t i = 0; i < c.n_a; ++i) {
    const auto a = g.points.a(i);
    auto row = out.points.a(i);
    std::copy(a.begin(), a.end(), row.begin());
    std::fill_n(row.begin() + static_cast<std::ptrdiff_t>(dim), c.weight_a - weight(a), 1);
  }
  for (std::size_t j = 0; j < c.n_b; ++j) {
    const auto b = g.points.b(j);
    auto row = out.points.b(j);
    std::copy(b.begin(), b.end(), row.begin());
    std::fill_n(row.begin() + static_cast<std::ptrdiff_t>(dim + c.pad_a), c.weight_b - weight(b),
                1);
  }
  out.labels.assign(c.n_a, GapLabel::kUnknown);
  return out;
}

std::pair<std::size_t, std::size_t> GapMaxIpToHamming::decode(
    const GapMaxIp& source, const GapHamming&, std::pair<std::size_t, std::size_t> pair) const {
  require(pair.first < source.points.n_a() && pair.second < source.points.n_b(),
          "gap-max-ip-to-hamming decode: pair index beyond the instance");
  return pair;
}

nlohmann::json to_json(const BalancedHammingCertificate& c) {
  return {{"reduction", GapMaxIpToHamming::kName},
          {"weight_a", c.weight_a},
          {"weight_b", c.weight_b},
          {"pad_a", c.pad_a},
          {"pad_b", c.pad_b},
          {"t", c.t},
          {"eps", c.eps}};
}

EdgeRecord GapMaxIpToHamming::edge() {
  return {kName,
          "gap-max-ip",
          "gap-hamming",
          kDeclaredOverhead,
          {{"n_a", "n_a"},
           {"n_b", "n_b"},
           {"dim", "dim + max(w_a, 2 * s_yes + 1 - w_b) - w_a_min + w_b - w_b_min"},
           {"t", "max(1, w_a + w_b - 2 * s_yes)"},
           {"eps", "2 * (s_yes - s_no) / max(1, w_a + w_b - 2 * s_yes)"}},
          "exact (no oracle)",
          "weight balancing (derived here)",
          "docs/reductions/gap_max_ip_to_hamming.md",
          "reductions/gap_max_ip_to_hamming.hpp"};
}

}  // namespace sethkit
