#include "cli/step_account.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>

#include "reductions/cnf_to_ov.hpp"
#include "reductions/cnf_to_three_ov.hpp"
#include "reductions/gap_hamming_to_attention.hpp"
#include "reductions/gap_max_ip_to_attention.hpp"
#include "reductions/gap_max_ip_to_hamming.hpp"
#include "reductions/ov_to_attention.hpp"
#include "reductions/ov_to_attention_gradient.hpp"
#include "reductions/ov_to_diameter.hpp"
#include "reductions/ov_to_gap_max_ip.hpp"
#include "reductions/ov_to_hamming.hpp"
#include "reductions/three_ov_to_transformer.hpp"

namespace sethkit::cli {

namespace {
using nlohmann::json;

std::uint64_t u(const json& j, const char* key) {
  return j.at(key).get<std::uint64_t>();
}
double x(const json& j, const char* key) {
  return j.at(key).get<double>();
}

std::string split_and_list(const StepRecord& s, bool plain) {
  const json& c = s.certificate;
  std::string out = fmt::format(
      "  split-and-list (C1): {} + {} variables -> OV with N_a = {}, N_b = {} vectors of "
      "dimension {}\n"
      "    accounting: N = 2^{} vectors per side, d = {}. An oracle answering the target in N^(2 - "
      "e)\n"
      "    time would decide this formula in 2^((1 - e/2) {}) time plus the O(N d) reduction; SETH "
      "says no\n"
      "    2^((1 - e') v) algorithm exists for CNF-SAT, so no such oracle exists in general.\n",
      u(c, "vars_a"), u(c, "vars_b"), u(c, "N_a"), u(c, "N_b"), u(c, "d"), u(c, "vars_a"),
      u(c, "d"), u(c, "vars"));
  if (plain)
    out +=
        "    each vector lists the clauses a half-assignment leaves unsatisfied; a pair is "
        "orthogonal\n"
        "    exactly when the two halves together satisfy every clause.\n";
  return out;
}

std::string hamming_gadget(const StepRecord& s, bool plain) {
  const std::uint64_t t = u(s.built, "t");
  std::string out = fmt::format(
      "  OV -> Hamming gadget (C3): dimension {}, orthogonal pairs at distance t = {}, others at "
      ">= {} (eps = 2/m)\n",
      u(s.built, "dim"), t, t + 2);
  if (plain)
    out +=
        "    H(f(a), g(b)) = m + 2 <a, b>: the orthogonal pairs are exactly the pairs at distance "
        "m.\n";
  return out;
}

std::string distributed_pcp(const StepRecord& s, bool plain) {
  const json& c = s.certificate;
  std::string out = fmt::format(
      "  distributed PCP (Reed-Solomon, one round): k x l = {} x {} grid over F_{}, {} hints -> "
      "Gap Max-IP with {} x {} vectors of dimension {}, YES >= q = {}, NO <= 2k - 2 = {}\n",
      u(c, "k"), u(c, "l"), u(c, "q"), u(c, "hints"), u(s.built, "n_a"), u(s.built, "n_b"),
      u(c, "dim"), u(c, "s_yes"), u(c, "s_no"));
  if (plain)
    out +=
        "    each vector a with each hint becomes one vector; its inner product with b counts the\n"
        "    r at which the verifier accepts: all q for an orthogonal pair and its honest hint, "
        "at\n"
        "    most 2k - 2 for every hint of a non-orthogonal pair.\n";
  return out;
}

std::string balanced_hamming(const StepRecord& s) {
  const json& c = s.certificate;
  return fmt::format(
      "  Gap Max-IP -> Hamming (weights balanced, padding {} + {}): dimension {}, YES at distance "
      "<= t = {}, NO at >= (1 + {:.4g}) t\n",
      u(c, "pad_a"), u(c, "pad_b"), u(s.built, "dim"), u(c, "t"), x(c, "eps"));
}

std::string three_ov_split(const StepRecord& s) {
  const json& c = s.certificate;
  return fmt::format(
      "  3-OV split: v = {} as {}/{}/{} -> N = {}, K = {}, D = {} (B padded {}, C padded {})\n",
      u(c, "vars"), u(c, "vars_a"), u(c, "vars_b"), u(c, "vars_c"), u(c, "N"), u(c, "K"), u(c, "d"),
      u(c, "real_b") < u(c, "N") ? "yes" : "no", u(c, "real_c") < u(c, "K") ? "yes" : "no");
}

std::string attention(const OracleRecord& r, bool plain) {
  const json &c = r.step.certificate, &rec = r.record;
  const double n = static_cast<double>(u(rec, "n"));
  const double radius = rec.at("R").is_null() ? -1.0 : x(rec, "R");
  std::string out =
      fmt::format("  {} ({}): Q {} x {}, K {} x {}, V {} x {}, scale 1/{:.4g}\n",
                  r.step.reduction == OvToAttention::kName         ? "OV -> attention (C2)"
                  : r.step.reduction == GapMaxIpToAttention::kName ? "Gap Max-IP -> attention"
                                                                   : "Gap-Hamming -> attention",
                  c.at("reduction").get<std::string>(), u(c, "n_q"), u(c, "d"), u(c, "n_k"),
                  u(c, "d"), u(c, "n_k"), u(c, "d_v"), 1.0 / x(c, "scale"));
  out += fmt::format(
      "    entries B = {:.3f}; sqrt(ln n) = {:.3f}; B / sqrt(ln n) = {:.2f}; logit radius R = "
      "{:.3f}\n",
      x(rec, "B"), std::sqrt(std::log(n)), x(c, "c"), radius);
  const auto show = [](double v) {  // bounds within 1e-4 of 1 print as 1 - x
    return v > 1 - 1e-4 ? fmt::format("1 - {:.4g}", 1 - v) : fmt::format("{:.4f}", v);
  };
  const std::string tolerance = c.at("tolerance").get<std::string>();
  out += fmt::format("  oracle: {} ({:.3f} s), measured error {}, assumed error {:.3g}\n", r.oracle,
                     r.seconds_oracle,
                     r.measured_error ? fmt::format("{:.3g}", *r.measured_error) : "not measured",
                     r.assumed_error);
  out += fmt::format(
      "  decode: row YES iff out < {} (YES rows <= {}, NO rows >= {}, tolerated error {:.4g}{})\n"
      "    {} YES row(s), {} ambiguous; verdict {}, margin {:.4f}\n",
      show(x(c, "threshold")), show(x(c, "yes_bound")), show(x(c, "no_bound")),
      x(c, "tolerated_error"), tolerance == "constant" ? "" : "; tolerance " + tolerance,
      u(rec, "yes_rows"), u(rec, "ambiguous_rows"), to_string(r.verdict), r.margin);
  if (plain && r.step.reduction == GapMaxIpToAttention::kName)
    out +=
        "    Alman-Song: attention is near-linear for B = o(sqrt(ln n)) and needs n^(2-o(1)) time "
        "under SETH\n"
        "    at B = Theta(sqrt(ln n)). The PCP's gap is a constant factor, but only q of q^(l+2)\n"
        "    coordinates: B^2 grows like q^(l+1) ln n, far above that threshold.\n";
  else if (plain)
    out +=
        "    Alman-Song: attention is near-linear for B = o(sqrt(ln n)) and needs n^(2-o(1)) time "
        "under SETH\n"
        "    at B = Theta(sqrt(ln n)). This exact chain sits a factor Theta(sqrt(ln n)) above that "
        "threshold,\n"
        "    because an OV inner-product gap of 1 must become a logit gap of ln(8N).\n";
  return out;
}

std::string attention_gradient(const OracleRecord& r, bool plain) {
  const json &c = r.step.certificate, &rec = r.record;
  std::string out = fmt::format(
      "  OV -> attention gradient ({}): Q {} x {}, K {} x {}, V {} x 1, dO = 1, scale 1/{:.4g}, "
      "B = {:.3f}\n",
      c.at("reduction").get<std::string>(), u(c, "n_q"), u(c, "d"), u(c, "n_k"), u(c, "d"),
      u(c, "n_k"), 1.0 / x(c, "scale"), x(rec, "B"));
  out += fmt::format(
      "  oracle: {} forward and backward ({:.3f} s), dQ's measured error {}, assumed {:.3g}, "
      "tolerated {:.3g}\n",
      r.oracle, r.seconds_oracle,
      r.measured_error ? fmt::format("{:.3g}", *r.measured_error) : "not measured", r.assumed_error,
      x(c, "gradient_tolerance"));
  out += fmt::format(
      "  decode: y_i = 1 + 4 dQ_i[{}] / scale; row YES iff y_i < 1 - {:.4g} (YES rows <= 1 - "
      "{:.4g}, NO rows >= 1 - {:.4g})\n    {} YES row(s), {} ambiguous; verdict {}, margin "
      "{:.3g}\n",
      u(rec.at("gradient"), "read_column"), 1 - x(c, "threshold"), 1 - x(c, "yes_bound"),
      1 - x(c, "no_bound"), u(rec, "yes_rows"), u(rec, "ambiguous_rows"), to_string(r.verdict),
      r.margin);
  if (plain)
    out +=
        "    dQ_i's last entry is -scale Y_i (1 - Y_i), Y_i the sink's weight in row i: about\n"
        "    1/N when a_i has an orthogonal partner, 8 times smaller when not. So dQ decides OV\n"
        "    when it is right to 1/poly(n), the precision of Alman-Song's hardness.\n";
  return out;
}

std::string transformer(const OracleRecord& r) {
  const json &c = r.step.certificate, &rec = r.record;
  std::string out = fmt::format(
      "  transformer: L = {}, H = {}, {} tokens, width m = {}, head width {}, beta = ln(8KN) = "
      "{:.4g}, B = {:.4g}\n"
      "  oracle: {} ({:.3g} s), min ACC = {:.6g} at row {} (YES <= {:.4g}, NO >= {:.4g}, "
      "threshold {:.4g}, tolerated error {:.4g}, assumed {:.3g})\n"
      "  decoded: {} (margin {:.4g})\n",
      u(c, "layers"), u(c, "heads"), u(c, "tokens"), u(c, "width"), u(c, "head_width"),
      x(c, "beta"), x(c, "B"), r.oracle, r.seconds_oracle, x(rec, "min_acc"), u(rec, "row"),
      x(c, "yes_bound"), x(c, "no_bound"), x(c, "threshold"), x(c, "tolerated_error"),
      r.assumed_error, to_string(r.verdict), r.margin);
  if (rec.contains("witness_method"))
    out += fmt::format("  witness recovery: {} in {} extra oracle calls\n",
                       rec.at("witness_method").get<std::string>(), u(rec, "witness_oracle_calls"));
  return out;
}

std::string diameter(const OracleRecord& r) {
  return fmt::format(
      "  graph (Roditty-Vassilevska Williams): {} vertices, {} edges (bound {})\n"
      "  oracle: BFS from {} a-vertices: largest a-b distance {} -> {}\n",
      u(r.step.built, "V"), u(r.step.built, "E"), u(r.step.certificate, "edge_bound"),
      u(r.record, "bfs_runs"), r.record.at("diameter").get<int>(), to_string(r.verdict));
}
}  // namespace

std::string exact_step_account(const StepRecord& step, bool plain_words) {
  if (step.reduction == CnfToOv::kName) return split_and_list(step, plain_words);
  if (step.reduction == OvToHamming::kName) return hamming_gadget(step, plain_words);
  if (step.reduction == CnfToThreeOv::kName) return three_ov_split(step);
  if (step.reduction == OvToGapMaxIp::kName) return distributed_pcp(step, plain_words);
  if (step.reduction == GapMaxIpToHamming::kName) return balanced_hamming(step);
  return fmt::format("  {}: {} -> {}\n", step.reduction, step.from, step.to);
}

std::string oracle_step_account(const OracleRecord& r, bool plain_words) {
  const std::string& name = r.step.reduction;
  if (name == OvToAttention::kName || name == GapHammingToAttention::kName ||
      name == GapMaxIpToAttention::kName)
    return attention(r, plain_words);
  if (name == OvToAttentionGradient::kName) return attention_gradient(r, plain_words);
  if (name == ThreeOvToTransformer::kName) return transformer(r);
  if (name == OvToDiameter::kName) return diameter(r);
  return fmt::format("  oracle: the {} instance's own solver, {}\n", r.step.from, r.oracle);
}

}  // namespace sethkit::cli
