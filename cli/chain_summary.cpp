#include "cli/chain_summary.hpp"

#include <fmt/format.h>

#include <cmath>

namespace sethkit::cli {

std::string chain_summary(const ChainReport& r, bool plain_words) {
  std::string s;
  const auto& c = r.certificate;
  if (r.split) {
    const auto& sp = *r.split;
    s += fmt::format("  CNF: {} variables, {} clauses\n", sp.vars, sp.clauses);
    s += fmt::format(
        "  split-and-list (C1): {} + {} variables -> OV with N_a = {}, N_b = {} vectors of "
        "dimension {}\n",
        sp.vars_a, sp.vars_b, sp.n_a, sp.n_b, sp.d);
    if (plain_words)
      s += "    each vector lists the clauses a half-assignment leaves unsatisfied; a pair is "
           "orthogonal\n"
           "    exactly when the two halves together satisfy every clause.\n";
    // Fine-grained accounting: what a fast oracle would imply for this formula.
    s += fmt::format(
        "    accounting: N = 2^{} vectors per side, d = {}. An oracle answering these attention "
        "inputs in N^(2 - e)\n"
        "    time would decide this formula in 2^((1 - e/2) {}) time plus the O(N d) reduction; "
        "SETH says no\n"
        "    2^((1 - e') v) algorithm exists for CNF-SAT, so no such oracle exists in general.\n",
        sp.vars_a, sp.d, sp.vars);
  } else if (r.source_kind == "gap-hamming") {
    s += fmt::format(
        "  Gap-Hamming: n_a = {}, n_b = {} points of dimension {}, YES <= t = {}, NO >= (1 + "
        "{:.4g}) t\n",
        r.built_n_a, r.built_n_b, r.hamming_dim, r.hamming->t, r.hamming->eps);
  } else {
    s += fmt::format("  OV: N_a = {}, N_b = {} vectors of dimension {}\n", r.built_n_a, r.built_n_b,
                     r.built_m);
  }
  if (r.hamming && r.source_kind != "gap-hamming")
    s += fmt::format(
        "  OV -> Hamming gadget (C3): dimension {}, orthogonal pairs at distance t = {}, others at "
        ">= {}"
        " (eps = 2/m)\n",
        r.hamming_dim, r.hamming->t, r.hamming->t + 2);
  const double n = static_cast<double>(std::max(c.n_q, c.n_k));
  s += fmt::format("  {} ({}): Q {} x {}, K {} x {}, V {} x {}, scale 1/{:.4g}\n",
                   r.hamming ? "Gap-Hamming -> attention" : "OV -> attention (C2)", c.reduction,
                   c.n_q, c.d, c.n_k, c.d, c.n_k, c.d_v, 1.0 / c.scale);
  s += fmt::format(
      "    entries B = {:.3f}; sqrt(ln n) = {:.3f}; B / sqrt(ln n) = {:.2f}; logit radius R = "
      "{:.3f}\n",
      r.measured_entry_bound, std::sqrt(std::log(n)), c.entry_bound_ratio, r.measured_logit_radius);
  if (plain_words)
    s += "    Alman-Song: attention is near-linear for B = o(sqrt(ln n)) and needs n^(2-o(1)) time "
         "under SETH\n"
         "    at B = Theta(sqrt(ln n)). This exact chain sits a factor Theta(sqrt(ln n)) above "
         "that threshold,\n"
         "    because an OV inner-product gap of 1 must become a logit gap of ln(8N).\n";
  s += fmt::format("  oracle: {} ({:.3f} s), measured error {}, assumed error {:.3g}\n", r.backend,
                   r.seconds_oracle,
                   r.oracle_linf ? fmt::format("{:.3g}", *r.oracle_linf) : "not measured",
                   r.decoded.assumed_error);
  // Bounds within 1e-4 of 1 are shown as 1 - x, or they would print as 1.
  const auto show = [](double v) {
    return v > 1 - 1e-4 ? fmt::format("1 - {:.4g}", 1 - v) : fmt::format("{:.4f}", v);
  };
  s += fmt::format(
      "  decode: row YES iff out < {} (YES rows <= {}, NO rows >= {}, tolerated error {:.4g}{})\n",
      show(c.threshold), show(c.yes_bound), show(c.no_bound), c.tolerated_error,
      c.tolerance_note == "constant" ? "" : "; tolerance " + c.tolerance_note);
  s += fmt::format("    {} YES row(s), {} ambiguous; verdict {}, margin {:.4f}\n",
                   r.decoded.yes_rows, r.decoded.ambiguous_rows, to_string(r.decoded.verdict),
                   r.decoded.margin);
  if (plain_words)
    s += "    the margin is how much more error the oracle could have made without changing the "
         "answer.\n";
  if (r.decoded.witness) {
    s += fmt::format("  witness: a[{}] . b[{}] = 0", r.decoded.witness->first,
                     r.decoded.witness->second);
    if (r.assignment) {
      std::string lits;
      for (int lit : to_literals(*r.assignment)) lits += fmt::format(" {}", lit);
      s += fmt::format(" -> assignment{}", lits);
    }
    s += fmt::format("; independent check: {}\n", r.witness_ok ? "ok" : "FAILED");
  }
  if (r.source_kind == "gap-hamming")
    s += fmt::format(
        "  ground truth: brute-force nearest distances; {} rows inside the promise, {} outside, {} "
        "decoded "
        "wrongly\n",
        r.gap_rows_checked, r.gap_rows_outside, r.gap_row_disagreements);
  else if (r.sat_truth)
    s += fmt::format("  ground truth: {} {} says {} ({:.3f} s); OV stage {}\n", r.sat_truth->solver,
                     r.sat_truth->solver_version, to_string(r.sat_truth->status),
                     r.sat_truth->seconds, r.ov_stage_consistent ? "consistent" : "INCONSISTENT");
  else
    s += fmt::format("  ground truth: bit-packed OV solver says {}\n",
                     r.ov_truth.found ? "yes" : "no");
  s += fmt::format("  result: {} ({})\n", to_string(r.agreement), r.explanation);
  return s;
}

}  // namespace sethkit::cli
