#include "cli/explain_pcp.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "core/gap_max_ip.hpp"
#include "reductions/ov_to_gap_max_ip.hpp"

namespace sethkit::cli {

namespace {
// c0 + c1 X + c2 X^2 ..., "0" for the zero polynomial.
std::string poly_text(const FieldPoly& p) {
  std::string out;
  for (std::size_t t = 0; t < p.size(); ++t) {
    if (p[t] == 0) continue;
    const std::string power = t == 0 ? "" : t == 1 ? "X" : fmt::format("X^{}", t);
    const std::string coefficient = t > 0 && p[t] == 1 ? "" : std::to_string(p[t]);
    out += (out.empty() ? "" : " + ") + coefficient + power;
  }
  return out.empty() ? "0" : out;
}

std::string values_text(const ReedSolomonProtocol& protocol, const FieldPoly& p) {
  std::vector<std::uint64_t> values;
  for (std::uint64_t r = 0; r < protocol.shape().q; ++r) values.push_back(protocol.evaluate(p, r));
  return fmt::format("({})", fmt::join(values, ", "));
}

std::string bits(std::span<const std::uint8_t> v) {
  std::string s;
  for (std::uint8_t b : v) s += b ? '1' : '0';
  return s;
}

// One pair through the protocol: the polynomials, P, every hint's accepting r.
void explain_pair(ExplainDoc& doc, const ReedSolomonProtocol& protocol, const OvInstance& ov,
                  std::size_t i, std::size_t j) {
  const ProtocolShape& s = protocol.shape();
  const auto a = ov.a(i), b = ov.b(j);
  const bool orthogonal = inner_product(a, b) == 0;
  doc.step(fmt::format("a{} = {} and b{} = {}: {}", i, bits(a), j, bits(b),
                       orthogonal ? "orthogonal" : "not orthogonal"));
  std::vector<std::pair<std::string, std::string>> rows;
  const auto ca = protocol.column_polynomials(a), cb = protocol.column_polynomials(b);
  for (std::size_t y = 0; y < s.l; ++y) {
    rows.emplace_back(fmt::format("A_{}", y),
                      fmt::format("{}, values at r = 0..{}: {}", poly_text(ca[y]), s.q - 1,
                                  values_text(protocol, ca[y])));
    rows.emplace_back(fmt::format("B_{}", y),
                      fmt::format("{}, values at r = 0..{}: {}", poly_text(cb[y]), s.q - 1,
                                  values_text(protocol, cb[y])));
  }
  const FieldPoly p = protocol.product(a, b);
  std::vector<std::uint64_t> on_grid;
  for (std::uint64_t x = 1; x <= s.k; ++x) on_grid.push_back(protocol.evaluate(p, x));
  rows.emplace_back("P = sum_y A_y B_y",
                    fmt::format("{}; at x = 1..{}: {} (the common ones of each grid row)",
                                poly_text(p), s.k, fmt::join(on_grid, ", ")));
  doc.items(rows);
  const std::optional<std::size_t> honest = protocol.honest_hint(a, b);
  doc.para(honest ? fmt::format("P vanishes on 1..{}, so P is a hint: the honest hint is h = {}.",
                                s.k, *honest)
                  : fmt::format("P does not vanish on 1..{}, so no hint equals P: every hint "
                                "differs from P and agrees with it on at most 2k - 2 = {} points.",
                                s.k, s.accept_at_most()));
  std::vector<std::pair<std::string, std::string>> hints;
  const std::size_t shown = std::min<std::size_t>(s.hints(), 9);
  for (std::size_t h = 0; h < shown; ++h) {
    const auto accepted = protocol.accepting(a, h, b);
    hints.emplace_back(fmt::format("hint {}{}", h, honest == h ? " (honest)" : ""),
                       fmt::format("psi = {}, accepts at r in {{{}}}: {} of {}",
                                   poly_text(protocol.hint_polynomial(h)),
                                   fmt::join(accepted, ", "), accepted.size(), s.q));
  }
  doc.items(hints);
  if (shown < s.hints())
    doc.para(fmt::format("({} more hints, each accepting at most {} r.)", s.hints() - shown,
                         s.accept_at_most()));
}
}  // namespace

void explain_ov_to_gap_max_ip(ExplainDoc& doc, const OvInstance& ov) {
  doc.title(
      "OV -> Gap Max-IP: the distributed PCP (Abboud-Rubinstein-Williams 2017, Reed-Solomon "
      "protocol, one round)");
  const OvToGapMaxIp rule;
  const GapMaxIpCertificate c = rule.certificate(ov);
  require(c.bytes <= 10'000'000,
          fmt::format("explain ov-to-gap-max-ip is for tiny instances: these need {} vectors of "
                      "dimension {}; use a smaller d",
                      c.rows_a + c.n_b, c.dim));
  const ProtocolShape& s = c.shape;
  doc.step("the instance and the protocol's shape");
  doc.vectors(ov);
  doc.para(fmt::format(
      "The m = {} coordinates sit on a k x l = {} x {} grid (coordinate t at row t mod k + 1, "
      "column t div k). Over F_{}, column y of a vector is the polynomial A_y of degree <= {} "
      "through its k values at x = 1..{}. P = sum_y A_y B_y counts the common ones of each grid "
      "row at x = 1..k, so a and b are orthogonal iff P vanishes there. Merlin's hints are the "
      "{} polynomials of degree <= {} vanishing on 1..{}; the verifier picks r in F_{} and "
      "accepts iff psi(r) = sum_y A_y(r) B_y(r).",
      s.m, s.k, s.l, s.q, s.k - 1, s.k, c.hints, 2 * s.k - 2, s.k, s.q));

  const ReedSolomonProtocol protocol(s);
  std::optional<std::pair<std::size_t, std::size_t>> yes, no;
  for (std::size_t i = 0; i < ov.n_a(); ++i)
    for (std::size_t j = 0; j < ov.n_b(); ++j) {
      const bool orthogonal = inner_product(ov.a(i), ov.b(j)) == 0;
      if (orthogonal && !yes) yes = {i, j};
      if (!orthogonal && !no) no = {i, j};
    }
  if (yes) explain_pair(doc, protocol, ov, yes->first, yes->second);
  if (no) explain_pair(doc, protocol, ov, no->first, no->second);

  doc.step("the vectors");
  const GapMaxIp g = rule.encode(ov);
  doc.para(fmt::format(
      "One block of q^(l+1) = {} coordinates per r, {} in all. Alice's row {} i + h (a_i with "
      "hint h) has one 1 per block, at ((A_y(r))_y, psi(r)): weight {}. Bob's b_j marks every "
      "(mu, v) with sum_y mu_y B_y(r) = v: weight {}. Their inner product counts the accepting "
      "r.",
      s.symbols(), c.dim, c.hints, c.weight_a, c.weight_b));
  const std::vector<std::size_t> largest = largest_inner_products(g.points);
  std::vector<std::pair<std::string, std::string>> rows;
  for (std::size_t i = 0; i < ov.n_a(); ++i) {
    std::size_t best = 0, best_h = 0;
    for (std::size_t h = 0; h < c.hints; ++h)
      if (largest[i * c.hints + h] > best) {
        best = largest[i * c.hints + h];
        best_h = h;
      }
    rows.emplace_back(fmt::format("a{} (rows {}..{})", i, i * c.hints, (i + 1) * c.hints - 1),
                      fmt::format("largest inner product {} (hint {}): {}", best, best_h,
                                  best >= c.s_yes  ? "YES, >= s_yes = q"
                                  : best <= c.s_no ? "NO, <= s_no = 2k - 2"
                                                   : "outside the promise"));
  }
  doc.items(rows);
  doc.step("the gap");
  doc.para(fmt::format(
      "An orthogonal pair with its honest hint reaches q = {}; every other row stays at most "
      "2k - 2 = {}: a gap ratio of {}. The gap came from the protocol's soundness, not from a "
      "gadget: two distinct polynomials of degree <= 2k - 2 agree on at most 2k - 2 points. "
      "Row i H + h and b_j map back to the OV pair (i, j). Next: sethkit verify --chain "
      "ov-pcp-attention, and docs/reductions/ov_to_gap_max_ip.md for the proofs and the "
      "trade-offs.",
      c.s_yes, c.s_no, c.s_no == 0 ? std::string("infinite") : fmt::format("{:.3g}", c.gap_ratio)));
}

}  // namespace sethkit::cli
