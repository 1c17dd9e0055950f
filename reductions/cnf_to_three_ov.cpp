#include "reductions/cnf_to_three_ov.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "reductions/reduction.hpp"

namespace sethkit {

static_assert(Reduction<CnfToThreeOv>);

CnfToThreeOvCertificate CnfToThreeOv::certificate(const Cnf& cnf) const {
  require(params_.k >= 1, "cnf-to-3ov: K = L H must be at least 1");
  CnfToThreeOvCertificate c;
  c.vars = cnf.num_vars();
  c.clauses = cnf.num_clauses();
  c.k = params_.k;
  c.vars_c = std::min(c.vars, static_cast<int>(std::bit_width(params_.k)) - 1);
  const int rest = c.vars - c.vars_c;
  c.vars_a = (rest + 1) / 2;
  c.vars_b = rest / 2;
  require(c.vars_a <= kMaxSplitSideVars,
          fmt::format("cnf-to-3ov: {} variables need 2^{} vectors in A; at most 2^{}", c.vars,
                      c.vars_a, kMaxSplitSideVars));
  c.n = 1ULL << c.vars_a;
  c.real_b = 1ULL << c.vars_b;
  c.real_c = 1ULL << c.vars_c;
  c.d = std::max<std::size_t>(c.clauses, 1) + (c.real_b < c.n ? 1 : 0) + (c.real_c < c.k ? 1 : 0);
  c.bytes = saturating_mul(saturating_mul(c.n, 2) + c.k, c.d);
  const auto& lim = params_.limits;
  require(c.n <= lim.max_ov_vectors && c.k <= lim.max_ov_vectors,
          fmt::format("cnf-to-3ov: {} variables and K = {} need N = 2^{} vectors in A and B and "
                      "K in C, above the limit of {} vectors a side {}",
                      c.vars, c.k, c.vars_a, lim.max_ov_vectors, budget_reason(lim)));
  require(c.bytes <= lim.max_bytes,
          fmt::format("cnf-to-3ov: {} variables, {} clauses and K = {} need 2^{} + 2^{} + {} "
                      "vectors of dimension {}: {}, above the memory budget of {} (--max-memory)",
                      c.vars, c.clauses, c.k, c.vars_a, c.vars_a, c.k, c.d, format_bytes(c.bytes),
                      format_bytes(lim.max_bytes)));
  return c;
}

SplitThreeOv CnfToThreeOv::encode(const Cnf& cnf) const {
  const CnfToThreeOvCertificate cert = certificate(cnf);
  SplitThreeOv out;
  int next = 1;
  for (int p = 0; p < cert.vars_a; ++p) out.vars_a.push_back(next++);
  for (int p = 0; p < cert.vars_b; ++p) out.vars_b.push_back(next++);
  for (int p = 0; p < cert.vars_c; ++p) out.vars_c.push_back(next++);
  out.real_b = cert.real_b;
  out.real_c = cert.real_c;
  out.instance = ThreeOvInstance(cert.n, cert.n, cert.k, cert.d);
  const std::size_t clause_coords = std::max<std::size_t>(cert.clauses, 1);

  // Per clause and group: the group's variables occurring positively / negatively.
  struct Masks {
    std::uint64_t pos = 0, neg = 0;
  };
  std::vector<Masks> masks[3];
  for (auto& m : masks) m.assign(clause_coords, {});
  for (std::size_t c = 0; c < cert.clauses; ++c)
    for (int lit : cnf.clause(c)) {
      const int var = std::abs(lit);
      const int group = var <= cert.vars_a ? 0 : var <= cert.vars_a + cert.vars_b ? 1 : 2;
      const int bit = var - 1 - (group >= 1 ? cert.vars_a : 0) - (group == 2 ? cert.vars_b : 0);
      (lit > 0 ? masks[group][c].pos : masks[group][c].neg) |= 1ULL << bit;
    }
  const auto fill = [&](std::span<std::uint8_t> row, std::uint64_t x, int group) {
    for (std::size_t c = 0; c < cert.clauses; ++c)
      row[c] = ((x & masks[group][c].pos) | (~x & masks[group][c].neg)) == 0 ? 1 : 0;
  };
  for (std::uint64_t x = 0; x < cert.n; ++x) fill(out.instance.a(x), x, 0);
  for (std::uint64_t x = 0; x < cert.real_b; ++x) fill(out.instance.b(x), x, 1);
  for (std::uint64_t x = 0; x < cert.real_c; ++x) fill(out.instance.c(x), x, 2);

  // Padding (docs/reductions/cnf_to_three_ov.md): e_s is 1 on real vectors of the other sets;
  // padding vectors are all-ones.
  std::size_t coord = clause_coords;
  const auto pad = [&](bool b_side, std::uint64_t real, std::uint64_t total) {
    if (real >= total) return;
    out.padding_coordinates.push_back(coord);
    for (std::uint64_t i = 0; i < cert.n; ++i) out.instance.a(i)[coord] = 1;
    if (b_side)
      for (std::uint64_t k = 0; k < cert.real_c; ++k) out.instance.c(k)[coord] = 1;
    else
      for (std::uint64_t j = 0; j < cert.real_b; ++j) out.instance.b(j)[coord] = 1;
    for (std::uint64_t x = real; x < total; ++x) {
      auto row = b_side ? out.instance.b(x) : out.instance.c(x);
      std::fill(row.begin(), row.end(), std::uint8_t{1});
    }
    ++coord;
  };
  pad(true, cert.real_b, cert.n);
  pad(false, cert.real_c, cert.k);
  return out;
}

Assignment CnfToThreeOv::decode(const Cnf& cnf, const SplitThreeOv& target, const Triple& t) const {
  require(t.i >> target.vars_a.size() == 0 && t.j < target.real_b && t.k < target.real_c,
          "cnf-to-3ov decode: the triple holds a padding vector");
  Assignment assignment(static_cast<std::size_t>(cnf.num_vars()), false);
  const auto set = [&](const std::vector<int>& vars, std::uint64_t x) {
    for (std::size_t p = 0; p < vars.size(); ++p) assignment[vars[p] - 1] = (x >> p) & 1;
  };
  set(target.vars_a, t.i);
  set(target.vars_b, t.j);
  set(target.vars_c, t.k);
  return assignment;
}

using nlohmann::json;

json to_json(const CnfToThreeOvCertificate& c) {
  return {{"vars", c.vars},     {"clauses", c.clauses},
          {"vars_a", c.vars_a}, {"vars_b", c.vars_b},
          {"vars_c", c.vars_c}, {"N", c.n},
          {"K", c.k},           {"real_b", c.real_b},
          {"real_c", c.real_c}, {"d", c.d}};
}

EdgeRecord CnfToThreeOv::edge() {
  return {kName,
          "cnf-sat",
          "3-ov",
          kDeclaredOverhead,
          {{"v_c", "min(v, floor(log2(K)))", false, true},  // K = L H, the heads
           {"N", "2^ceil((v - v_c) / 2)"},
           {"K", "K"},
           {"D", "max(m, 1) + (2^floor((v - v_c) / 2) < N ? 1 : 0) + (2^v_c < K ? 1 : 0)"}},
          "exact (no oracle)",
          "split into three groups (standard) with padding",
          "docs/reductions/cnf_to_three_ov.md",
          "reductions/cnf_to_three_ov.hpp"};
}

}  // namespace sethkit
