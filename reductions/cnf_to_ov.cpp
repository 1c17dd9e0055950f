#include "reductions/cnf_to_ov.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "reductions/reduction.hpp"

namespace sethkit {

static_assert(Reduction<CnfToOv>);

CnfToOvCertificate CnfToOv::certificate(const Cnf& cnf) const {
  CnfToOvCertificate c;
  c.vars = cnf.num_vars();
  c.clauses = cnf.num_clauses();
  c.vars_a = (c.vars + 1) / 2;
  c.vars_b = c.vars / 2;
  // A formula without clauses gets one all-zero padding coordinate: every pair
  // is orthogonal, as every assignment satisfies it.
  c.d = std::max<std::size_t>(c.clauses, 1);
  require(c.vars_a <= kMaxSplitSideVars,
          fmt::format("cnf-to-ov: {} variables need 2^{} vectors in A and 2^{} in B; "
                      "split-and-list enumerates at most 2^{} a side",
                      c.vars, c.vars_a, c.vars_b, kMaxSplitSideVars));
  c.n_a = 1ULL << c.vars_a;
  c.n_b = 1ULL << c.vars_b;
  c.bytes = saturating_mul(c.n_a + c.n_b, c.d);
  const auto& lim = params_.limits;
  require(c.n_a <= lim.max_ov_vectors,
          fmt::format("cnf-to-ov: {} variables need 2^{} vectors in A and 2^{} in B, above the "
                      "limit of {} vectors a side {}",
                      c.vars, c.vars_a, c.vars_b, lim.max_ov_vectors, budget_reason(lim)));
  require(c.bytes <= lim.max_bytes,
          fmt::format("cnf-to-ov: {} variables and {} clauses need 2^{} + 2^{} vectors of "
                      "dimension {}: {} + {}, above the memory budget of {} (--max-memory)",
                      c.vars, c.clauses, c.vars_a, c.vars_b, c.d,
                      format_bytes(saturating_mul(c.n_a, c.d)),
                      format_bytes(saturating_mul(c.n_b, c.d)), format_bytes(lim.max_bytes)));
  return c;
}

SplitOv CnfToOv::encode(const Cnf& cnf) const {
  const CnfToOvCertificate cert = certificate(cnf);
  SplitOv out;
  for (int v = 1; v <= cert.vars_a; ++v) out.vars_a.push_back(v);
  for (int v = cert.vars_a + 1; v <= cert.vars; ++v) out.vars_b.push_back(v);
  out.ov = OvInstance(cert.n_a, cert.n_b, cert.d);

  // Per clause and side: the side's variables that occur positively / negatively.
  struct Masks {
    std::uint64_t pos = 0, neg = 0;
  };
  std::vector<Masks> side_a(cert.d), side_b(cert.d);
  for (std::size_t c = 0; c < cert.clauses; ++c)
    for (int lit : cnf.clause(c)) {
      const int var = std::abs(lit);
      const bool on_a = var <= cert.vars_a;
      const int bit = on_a ? var - 1 : var - 1 - cert.vars_a;
      Masks& m = on_a ? side_a[c] : side_b[c];
      (lit > 0 ? m.pos : m.neg) |= 1ULL << bit;
    }
  const auto fill = [&](std::uint64_t count, const std::vector<Masks>& masks, bool a_side) {
    for (std::uint64_t x = 0; x < count; ++x) {
      auto row = a_side ? out.ov.a(x) : out.ov.b(x);
      for (std::size_t c = 0; c < cert.clauses; ++c)
        row[c] = ((x & masks[c].pos) | (~x & masks[c].neg)) == 0 ? 1 : 0;
    }
  };
  fill(cert.n_a, side_a, true);
  fill(cert.n_b, side_b, false);
  return out;
}

Assignment CnfToOv::decode(const Cnf& cnf, const SplitOv& target,
                           std::pair<std::size_t, std::size_t> pair) const {
  const auto [i, j] = pair;
  // N_a = 2^|vars_a| and N_b = 2^|vars_b| (the OV instance itself may have moved on).
  require(i >> target.vars_a.size() == 0 && j >> target.vars_b.size() == 0,
          "cnf-to-ov decode: pair index out of range");
  Assignment assignment(static_cast<std::size_t>(cnf.num_vars()), false);
  for (std::size_t p = 0; p < target.vars_a.size(); ++p)
    assignment[target.vars_a[p] - 1] = (i >> p) & 1;
  for (std::size_t p = 0; p < target.vars_b.size(); ++p)
    assignment[target.vars_b[p] - 1] = (j >> p) & 1;
  return assignment;
}

using nlohmann::json;

json to_json(const CnfToOvCertificate& c) {
  return {
      {"reduction", CnfToOv::kName}, {"vars", c.vars}, {"clauses", c.clauses}, {"vars_a", c.vars_a},
      {"vars_b", c.vars_b},          {"N_a", c.n_a},   {"N_b", c.n_b},         {"d", c.d},
      {"index_order", "lsb-first"}};
}

EdgeRecord CnfToOv::edge() {
  return {kName,
          "cnf-sat",
          "ov",
          kDeclaredOverhead,
          {{"N_a", "2^ceil(v/2)"}, {"N_b", "2^floor(v/2)"}, {"d", "max(m, 1)"}},
          "exact (no oracle)",
          "Williams 2005 (split-and-list)",
          "docs/reductions/cnf_to_ov.md",
          "reductions/cnf_to_ov.hpp"};
}

}  // namespace sethkit
