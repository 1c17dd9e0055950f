#include "cli/transformer_summary.hpp"

#include <fmt/format.h>

namespace sethkit::cli {

std::string transformer_summary(const TransformerChainReport& r) {
  const auto& s = r.split;
  const auto& c = r.certificate;
  std::string out = fmt::format(
      "  3-OV:        v = {} split {}/{}/{} -> N = {}, K = {}, D = {} (B padded {}, C padded {})\n",
      s.vars, s.vars_a, s.vars_b, s.vars_c, s.n, s.k, s.d, s.real_b < s.n ? "yes" : "no",
      s.real_c < s.k ? "yes" : "no");
  out += fmt::format(
      "  transformer: L = {}, H = {}, {} tokens, width m = {}, head width {}, beta = ln(8KN) = "
      "{:.4g}, B = {:.4g}\n",
      c.layers, c.heads, c.tokens, c.width, c.head_width, c.beta, c.entry_bound);
  out += fmt::format(
      "  oracle:      {} ({:.3g} s), min ACC = {:.6g} at row {} (YES <= {:.4g}, NO >= {:.4g}, "
      "threshold {:.4g}, tolerated error {:.4g}, assumed {:.3g})\n",
      r.backend, r.seconds_oracle, r.decoded.min_acc, r.decoded.row, c.yes_bound, c.no_bound,
      c.threshold, c.tolerance, r.decoded.assumed_error);
  out += fmt::format("  decoded:     {} (margin {:.4g})\n", to_string(r.decoded.verdict),
                     r.decoded.margin);
  if (r.witness_checked) {
    if (r.witness.triple)
      out += fmt::format(
          "  witness:     triple (a {}, b {}, c {}) by {} in {} extra oracle calls: {}\n",
          r.witness.triple->i, r.witness.triple->j, r.witness.triple->k, r.witness.method,
          r.witness.oracle_calls,
          r.witness_ok ? "orthogonal, and the assignment satisfies the formula"
                       : "FAILS the check");
    else
      out += "  witness:     none recovered\n";
  }
  if (r.sat_truth)
    out += fmt::format("  CaDiCaL:     {} ({:.3g} s); brute-force 3-OV: {}\n",
                       to_string(r.sat_truth->status), r.sat_truth->seconds,
                       r.three_ov_truth.triple ? "orthogonal triple" : "none");
  out += fmt::format("  verdict:     {}: {}\n", to_string(r.agreement), r.explanation);
  return out;
}

}  // namespace sethkit::cli
