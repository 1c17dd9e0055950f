#include "reductions/ov_to_gap_max_ip.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "reductions/reduction.hpp"

namespace sethkit {

static_assert(Reduction<OvToGapMaxIp>);

GapMaxIpCertificate OvToGapMaxIp::certificate(const OvInstance& ov) const {
  GapMaxIpCertificate c;
  c.shape = protocol_shape(ov.d(), params_.k, params_.q, kName);
  c.n_a = ov.n_a();
  c.n_b = ov.n_b();
  c.hints = c.shape.hints();
  c.rows_a = static_cast<std::size_t>(saturating_mul(c.n_a, c.hints));
  c.dim = c.shape.dim();
  c.s_yes = c.shape.accept_all();
  c.s_no = c.shape.accept_at_most();
  c.weight_a = c.shape.q;
  c.weight_b = c.shape.symbols();
  c.gap_ratio = c.s_no == 0 ? std::numeric_limits<double>::infinity()
                            : static_cast<double>(c.s_yes) / static_cast<double>(c.s_no);
  c.bytes = saturating_mul(saturating_mul(c.n_a, c.hints) + c.n_b, c.dim);
  require(c.bytes <= params_.limits.max_bytes,
          fmt::format("{}: the points need {} ({} x {} hints + {} vectors of dimension {}), above "
                      "the memory budget of {} (--max-memory)",
                      kName, format_bytes(c.bytes), c.n_a, c.hints, c.n_b, c.dim,
                      format_bytes(params_.limits.max_bytes)));
  return c;
}

namespace {
// The coordinate of symbol (mu, v) in block r: blocks of q^(l+1), mu read as
// a base-q number (mu_0 most significant), then v.
std::size_t symbol_index(const ProtocolShape& s, std::size_t r, const std::uint32_t* mu,
                         std::uint32_t v) {
  std::size_t index = 0;
  for (std::size_t y = 0; y < s.l; ++y) index = index * s.q + mu[y];
  return r * s.symbols() + index * s.q + v;
}
}  // namespace

GapMaxIp OvToGapMaxIp::encode(const OvInstance& ov) const {
  const GapMaxIpCertificate c = certificate(ov);
  const ProtocolShape& s = c.shape;
  const ReedSolomonProtocol protocol(s);
  GapMaxIp g;
  g.points = OvInstance(c.rows_a, c.n_b, c.dim);
  g.s_yes = c.s_yes;
  g.s_no = c.s_no;
  std::vector<std::vector<std::uint32_t>> hint_values(c.hints);
  for (std::size_t h = 0; h < c.hints; ++h) hint_values[h] = protocol.hint_values(h);
  for (std::size_t i = 0; i < c.n_a; ++i) {
    const std::vector<std::uint32_t> values = protocol.column_values(ov.a(i));
    for (std::size_t h = 0; h < c.hints; ++h) {
      auto row = g.points.a(i * c.hints + h);
      for (std::size_t r = 0; r < s.q; ++r)
        row[symbol_index(s, r, &values[r * s.l], hint_values[h][r])] = 1;
    }
  }
  std::vector<std::uint32_t> mu(s.l);
  for (std::size_t j = 0; j < c.n_b; ++j) {
    const std::vector<std::uint32_t> values = protocol.column_values(ov.b(j));
    auto row = g.points.b(j);
    for (std::size_t r = 0; r < s.q; ++r) {
      const std::uint32_t* b = &values[r * s.l];
      std::fill(mu.begin(), mu.end(), 0);
      for (std::size_t count = 0; count < s.symbols() / s.q; ++count) {
        std::uint64_t v = 0;
        for (std::size_t y = 0; y < s.l; ++y) v += std::uint64_t{mu[y]} * b[y];
        row[symbol_index(s, r, mu.data(), static_cast<std::uint32_t>(v % s.q))] = 1;
        for (std::size_t y = s.l; y-- > 0;) {  // the next mu in base q
          if (++mu[y] < s.q) break;
          mu[y] = 0;
        }
      }
    }
  }
  return g;
}

std::pair<std::size_t, std::size_t> OvToGapMaxIp::decode(
    const OvInstance& source, const GapMaxIp& target,
    std::pair<std::size_t, std::size_t> pair) const {
  require(source.n_a() >= 1 && target.points.n_a() % source.n_a() == 0,
          "ov-to-gap-max-ip decode: the target's rows are not hints of the source's vectors");
  const std::size_t hints = target.points.n_a() / source.n_a();
  require(pair.first < target.points.n_a() && pair.second < source.n_b(),
          "ov-to-gap-max-ip decode: pair index beyond the instance");
  return pair_of_row(hints, pair);
}

nlohmann::json to_json(const GapMaxIpCertificate& c) {
  return {{"reduction", OvToGapMaxIp::kName},
          {"m", c.shape.m},
          {"k", c.shape.k},
          {"l", c.shape.l},
          {"q", c.shape.q},
          {"hints", c.hints},
          {"dim", c.dim},
          {"s_yes", c.s_yes},
          {"s_no", c.s_no},
          {"weight_a", c.weight_a},
          {"weight_b", c.weight_b},
          {"gap_ratio", std::isfinite(c.gap_ratio) ? nlohmann::json(c.gap_ratio) : nullptr}};
}

EdgeRecord OvToGapMaxIp::edge() {
  return {kName,
          "ov",
          "gap-max-ip",
          kDeclaredOverhead,
          {{"k", "pcp_k > 0 ? pcp_k : pcp_rows(d)", false, true},
           {"l", "ceil(d / k)", false, true},
           {"q", "pcp_q > 0 ? pcp_q : next_prime(max(l, 2 * k - 2))", false, true},
           {"n_a", "N_a * q^(k - 1)"},
           {"n_b", "N_b"},
           {"dim", "q^(l + 2)"},
           {"s_yes", "q"},
           {"s_no", "2 * k - 2"},
           {"w_a", "q"},
           {"w_b", "q^(l + 1)"},
           {"w_a_min", "q"},
           {"w_b_min", "q^(l + 1)"}},
          "exact (no oracle)",
          "Abboud, Rubinstein, Williams (FOCS 2017), Reed-Solomon distributed PCP",
          "docs/reductions/ov_to_gap_max_ip.md",
          "reductions/ov_to_gap_max_ip.hpp"};
}

}  // namespace sethkit
