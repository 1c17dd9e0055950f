#include "chain/steps.hpp"

#include <fmt/format.h>

#include <memory>

#include "core/error.hpp"
#include "core/stopwatch.hpp"
#include "reductions/cnf_to_three_ov.hpp"
#include "reductions/gap_max_ip_to_attention.hpp"
#include "reductions/gap_max_ip_to_hamming.hpp"
#include "reductions/ov_to_attention_gradient.hpp"
#include "reductions/ov_to_diameter.hpp"
#include "reductions/ov_to_gap_max_ip.hpp"
#include "reductions/ov_to_hamming.hpp"
#include "reductions/three_ov_to_transformer.hpp"

namespace sethkit {

using nlohmann::json;

namespace {
// A Gap-Hamming target's sizes against its gadget's certificate (ov-to-hamming
// and gap-max-ip-to-hamming: n_a, n_b, dim and t).
template <typename GadgetCertificate>
void record_gap_hamming_sizes(StepRecord& r, const GadgetCertificate& c, const GapHamming& gap) {
  record_sizes(r, "gadget", {{"n_a", c.n_a}, {"n_b", c.n_b}, {"dim", c.dim}, {"t", c.t}},
               {{"n_a", gap.points.n_a()},
                {"n_b", gap.points.n_b()},
                {"dim", gap.points.d()},
                {"t", gap.t}});
}

// C1 split-and-list: CNF -> OV; an orthogonal pair (i, j) is the assignment
// "side A from i, side B from j".
EncodedValue encode_cnf_to_ov(const ProblemValue& value, const ChainOptions& options) {
  const Cnf& cnf = std::get<Cnf>(value);
  const CnfToOv rule(options.split);
  const CnfToOvCertificate c = rule.certificate(cnf);  // checks the size before building
  Stopwatch watch;
  auto split = std::make_shared<SplitOv>(rule.encode(cnf));
  EncodedValue out{std::move(split->ov), {}, {}};  // the split keeps only its variable order
  StepRecord& r = out.record;
  r = step_record(CnfToOv::kName, "cnf-sat", "ov", CnfToOv::kDeclaredOverhead);
  r.seconds = watch.seconds();
  const OvInstance& ov = std::get<OvInstance>(out.target);
  record_sizes(r, "certificate", {{"N_a", c.n_a}, {"N_b", c.n_b}, {"d", c.d}},
               {{"N_a", ov.n_a()}, {"N_b", ov.n_b()}, {"d", ov.d()}});
  r.certificate = to_json(c);
  out.witness_back = [split, options](const ProblemValue& source,
                                      const Witness& w) -> std::optional<Witness> {
    if (w.indices.size() != 2 || w.indices[0] >> split->vars_a.size() != 0 ||
        w.indices[1] >> split->vars_b.size() != 0)
      return std::nullopt;
    return Witness{
        {},
        CnfToOv(options.split).decode(std::get<Cnf>(source), *split, {w.indices[0], w.indices[1]})};
  };
  return out;
}

// C3 gadget: OV -> Gap-Hamming; a pair at distance <= t = m is an orthogonal pair.
EncodedValue encode_ov_to_hamming(const ProblemValue& value, const ChainOptions&) {
  const OvInstance& ov = std::get<OvInstance>(value);
  const OvToHamming rule;
  const HammingCertificate c = rule.certificate(ov);
  Stopwatch watch;
  GapHamming gap = rule.encode(ov);
  StepRecord r =
      step_record(OvToHamming::kName, "ov", "gap-hamming", OvToHamming::kDeclaredOverhead);
  r.seconds = watch.seconds();
  record_gap_hamming_sizes(r, c, gap);
  r.certificate = to_json(c);
  return {
      std::move(gap),
      [](const ProblemValue& source, const Witness& w) -> std::optional<Witness> {
        const OvInstance& ov = std::get<OvInstance>(source);
        if (w.indices.size() != 2 || w.indices[0] >= ov.n_a() || w.indices[1] >= ov.n_b())
          return std::nullopt;
        const auto [i, j] = OvToHamming().decode(ov, GapHamming{}, {w.indices[0], w.indices[1]});
        return Witness{{i, j}, {}};
      },
      std::move(r)};
}

// The distributed PCP: OV -> Gap Max-IP; Alice's row i H + h (a_i with hint
// h) and b_j are the OV pair (i, j).
EncodedValue encode_ov_to_gap_max_ip(const ProblemValue& value, const ChainOptions& options) {
  const OvInstance& ov = std::get<OvInstance>(value);
  const OvToGapMaxIp rule(options.pcp);
  const GapMaxIpCertificate c = rule.certificate(ov);
  Stopwatch watch;
  GapMaxIp g = rule.encode(ov);
  StepRecord r =
      step_record(OvToGapMaxIp::kName, "ov", "gap-max-ip", OvToGapMaxIp::kDeclaredOverhead);
  r.seconds = watch.seconds();
  record_sizes(r, "certificate",
               {{"n_a", c.rows_a},
                {"n_b", c.n_b},
                {"dim", c.dim},
                {"s_yes", c.s_yes},
                {"s_no", c.s_no},
                {"w_a", c.weight_a},
                {"w_b", c.weight_b},
                {"w_a_min", c.weight_a},
                {"w_b_min", c.weight_b}},
               {{"n_a", g.points.n_a()},
                {"n_b", g.points.n_b()},
                {"dim", g.points.d()},
                {"s_yes", g.s_yes},
                {"s_no", g.s_no},
                {"w_a", max_weight(g.points, true)},
                {"w_b", max_weight(g.points, false)},
                {"w_a_min", least_weight(g.points, true)},
                {"w_b_min", least_weight(g.points, false)}});
  r.certificate = to_json(c);
  return {std::move(g),
          [rows = c.rows_a, hints = c.hints](const ProblemValue& source,
                                             const Witness& w) -> std::optional<Witness> {
            const OvInstance& ov = std::get<OvInstance>(source);
            if (w.indices.size() != 2 || w.indices[0] >= rows || w.indices[1] >= ov.n_b())
              return std::nullopt;
            const auto [i, j] = OvToGapMaxIp::pair_of_row(hints, {w.indices[0], w.indices[1]});
            return Witness{{i, j}, {}};
          },
          std::move(r)};
}

// Weight balancing: Gap Max-IP -> Gap-Hamming; the gadget keeps every index.
EncodedValue encode_gap_max_ip_to_hamming(const ProblemValue& value, const ChainOptions& options) {
  const GapMaxIp& g = std::get<GapMaxIp>(value);
  const GapMaxIpToHamming rule({options.attention.limits});
  const BalancedHammingCertificate c = rule.certificate(g);
  Stopwatch watch;
  GapHamming gap = rule.encode(g);
  StepRecord r = step_record(GapMaxIpToHamming::kName, "gap-max-ip", "gap-hamming",
                             GapMaxIpToHamming::kDeclaredOverhead);
  r.seconds = watch.seconds();
  record_gap_hamming_sizes(r, c, gap);
  r.certificate = to_json(c);
  return {std::move(gap),
          [](const ProblemValue& source, const Witness& w) -> std::optional<Witness> {
            const GapMaxIp& g = std::get<GapMaxIp>(source);
            if (w.indices.size() != 2 || w.indices[0] >= g.points.n_a() ||
                w.indices[1] >= g.points.n_b())
              return std::nullopt;
            return Witness{{w.indices[0], w.indices[1]}, {}};
          },
          std::move(r)};
}

// CNF -> unbalanced 3-OV with |C| = K = L H; a real triple is an assignment,
// a triple holding a padding vector is none.
EncodedValue encode_cnf_to_three_ov(const ProblemValue& value, const ChainOptions& options) {
  const Cnf& cnf = std::get<Cnf>(value);
  const auto& tp = options.transformer;
  const CnfToThreeOv rule({tp.layers * tp.heads, tp.limits});
  const CnfToThreeOvCertificate c = rule.certificate(cnf);
  Stopwatch watch;
  auto split = std::make_shared<SplitThreeOv>(rule.encode(cnf));
  EncodedValue out{std::move(split->instance), {}, {}};  // the split keeps its variable order
  StepRecord& r = out.record;
  r = step_record(CnfToThreeOv::kName, "cnf-sat", "3-ov", CnfToThreeOv::kDeclaredOverhead);
  r.seconds = watch.seconds();
  const ThreeOvInstance& t = std::get<ThreeOvInstance>(out.target);
  // |A| = |B| = N: B is padded up to A's size.
  record_sizes(r, "certificate", {{"N", c.n}, {"N_b", c.n}, {"K", c.k}, {"D", c.d}},
               {{"N", t.n_a()}, {"N_b", t.n_b()}, {"K", t.n_c()}, {"D", t.d()}});
  r.certificate = to_json(c);
  r.certificate["reduction"] = CnfToThreeOv::kName;
  out.witness_back = [split, rule](const ProblemValue& source,
                                   const Witness& w) -> std::optional<Witness> {
    if (w.indices.size() != 3 || w.indices[0] >> split->vars_a.size() != 0 ||
        w.indices[1] >= split->real_b || w.indices[2] >= split->real_c)
      return std::nullopt;
    return Witness{
        {}, rule.decode(std::get<Cnf>(source), *split, {w.indices[0], w.indices[1], w.indices[2]})};
  };
  return out;
}

const std::pair<const char*, ChainStep> kSteps[] = {
    {CnfToOv::kName, {encode_cnf_to_ov, nullptr}},
    {OvToHamming::kName, {encode_ov_to_hamming, nullptr}},
    {CnfToThreeOv::kName, {encode_cnf_to_three_ov, nullptr}},
    {OvToAttention::kName, {nullptr, solve_ov_attention}},
    {OvToAttentionGradient::kName, {nullptr, solve_ov_attention_gradient}},
    {GapHammingToAttention::kName, {nullptr, solve_gap_hamming_attention}},
    {ThreeOvToTransformer::kName, {nullptr, solve_three_ov_transformer}},
    {OvToDiameter::kName, {nullptr, solve_ov_diameter}},
    {OvToGapMaxIp::kName, {encode_ov_to_gap_max_ip, nullptr}},
    {GapMaxIpToHamming::kName, {encode_gap_max_ip_to_hamming, nullptr}},
    {GapMaxIpToAttention::kName, {nullptr, solve_gap_max_ip_attention}},
};
}  // namespace

StepRecord step_record(std::string reduction, std::string from, std::string to,
                       std::string declared_overhead) {
  StepRecord r;
  r.reduction = std::move(reduction);
  r.from = std::move(from);
  r.to = std::move(to);
  r.declared_overhead = std::move(declared_overhead);
  return r;
}

void record_sizes(StepRecord& r, const char* claimant, json evaluated, json built) {
  r.evaluated = std::move(evaluated);
  r.built = std::move(built);
  r.overhead_ok = r.evaluated == r.built;
  r.overhead_problem = r.overhead_ok ? ""
                                     : fmt::format("the {} claims {}; built {}", claimant,
                                                   r.evaluated.dump(), r.built.dump());
}

const ChainStep& chain_step(const std::string& reduction) {
  for (const auto& [name, step] : kSteps)
    if (reduction == name) return step;
  throw ContractError(fmt::format("the reduction '{}' has no chain step", reduction));
}

}  // namespace sethkit
