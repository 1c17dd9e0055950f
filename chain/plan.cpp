#include "chain/plan.hpp"

#include <fmt/format.h>

#include <cmath>

#include "attention/cost_model.hpp"
#include "chain/reduction_graph.hpp"
#include "chain/size_formula.hpp"
#include "chain/steps.hpp"
#include "core/error.hpp"
#include "core/gap_hamming.hpp"
#include "core/ov.hpp"
#include "reductions/gap_hamming_to_attention.hpp"
#include "reductions/ov_to_gap_max_ip.hpp"

namespace sethkit {

namespace {
// Measured rates on two cores (docs/performance.md): bit-packed solvers' word
// pairs per second (the OV solver's block scan, and the 3-OV and Hamming
// scans) and the bytes an encoding step writes per second (the attention
// rates are attention/cost_model.hpp's).
constexpr double kOvWordPairsPerSecond = 2e10;
constexpr double kWordPairsPerSecond = 3e9;
constexpr double kEncodeBytesPerSecond = 2e8;
constexpr double kBfsEdgesPerSecond = 2e8;

using Sizes = std::map<std::string, double>;

double at(const Sizes& s, const char* name) {
  const auto it = s.find(name);
  return it == s.end() ? 0.0 : it->second;
}

double words(double bits) {
  return std::ceil(bits / 64.0);
}

// The construction parameters a chain's options choose, seen by every step's
// formulas: the distributed PCP's k and q (0: its default rule).
Sizes chosen_parameters(const ChainOptions& options) {
  return {{"pcp_k", static_cast<double>(options.pcp.k)},
          {"pcp_q", static_cast<double>(options.pcp.q)}};
}

// The source's parameters in the size formulas' vocabulary.
Sizes source_sizes(const ProblemValue& source, const ChainOptions& options) {
  Sizes s;
  if (const Cnf* cnf = std::get_if<Cnf>(&source)) {
    s.insert({{"v", cnf->num_vars()},
              {"m", static_cast<double>(cnf->num_clauses())},
              {"K", static_cast<double>(options.transformer.layers * options.transformer.heads)}});
  } else if (const OvInstance* ov = std::get_if<OvInstance>(&source)) {
    s.insert({{"N_a", static_cast<double>(ov->n_a())},
              {"N_b", static_cast<double>(ov->n_b())},
              {"d", static_cast<double>(ov->d())}});
  } else if (const GapMaxIp* g = std::get_if<GapMaxIp>(&source)) {
    s.insert({{"n_a", static_cast<double>(g->points.n_a())},
              {"n_b", static_cast<double>(g->points.n_b())},
              {"dim", static_cast<double>(g->points.d())},
              {"s_yes", static_cast<double>(g->s_yes)},
              {"s_no", static_cast<double>(g->s_no)},
              {"w_a", static_cast<double>(max_weight(g->points, true))},
              {"w_b", static_cast<double>(max_weight(g->points, false))},
              {"w_a_min", static_cast<double>(least_weight(g->points, true))},
              {"w_b_min", static_cast<double>(least_weight(g->points, false))}});
  } else {
    const GapHamming& gap = std::get<GapHamming>(source);
    s.insert({{"n_a", static_cast<double>(gap.points.n_a())},
              {"n_b", static_cast<double>(gap.points.n_b())},
              {"dim", static_cast<double>(gap.points.d())},
              {"t", static_cast<double>(gap.t)},
              {"eps", gap.eps}});
  }
  return s;
}

struct ProblemCost {
  std::string sizes;
  double bytes = 0;
  double truth_seconds = -1;  // its own solver; negative: not estimated
  std::string truth;          // the solver's name
};

// Two sides of 0/1 vectors (OV, Gap-Hamming): one byte a coordinate plus the
// bit-packed copy; the solver compares every pair, word by word.
ProblemCost two_sides(const Sizes& s, const char* side_a, const char* side_b, const char* dim,
                      const char* solver) {
  const double na = at(s, side_a), nb = at(s, side_b), d = at(s, dim);
  ProblemCost c;
  c.sizes = fmt::format("{} = {}, {} = {}, {} = {}", side_a, format_count(na), side_b,
                        format_count(nb), dim, format_count(d));
  c.bytes = (na + nb) * (d + 8 * words(d));
  const double rate =
      std::string(solver) == "ov-bitpacked" ? kOvWordPairsPerSecond : kWordPairsPerSecond;
  c.truth_seconds = na * nb * words(d) / rate;
  c.truth = solver;
  return c;
}

ProblemCost problem_cost(const std::string& problem, const Sizes& s) {
  ProblemCost c;
  if (problem == "cnf-sat") {
    c.sizes = fmt::format("v = {}, m = {}", format_count(at(s, "v")), format_count(at(s, "m")));
    c.bytes = at(s, "m") * 16;
    c.truth = "CaDiCaL";
  } else if (problem == "ov") {
    c = two_sides(s, "N_a", "N_b", "d", "ov-bitpacked");
  } else if (problem == "gap-hamming") {
    c = two_sides(s, "n_a", "n_b", "dim", "hamming-brute-force");
  } else if (problem == "gap-max-ip") {
    c = two_sides(s, "n_a", "n_b", "dim", "max-ip-brute-force");
  } else if (problem == "3-ov") {
    const double n = at(s, "N"), k = at(s, "K"), d = at(s, "D");
    c.sizes =
        fmt::format("N = {}, K = {}, D = {}", format_count(n), format_count(k), format_count(d));
    c.bytes = (2 * n + k) * (d + 8 * words(d));
    c.truth_seconds = n * n * k * words(d) / kWordPairsPerSecond;
    c.truth = "3ov-bitpacked";
  } else if (problem == "attention" || problem == "attention-gradient") {
    const double nq = at(s, "n_q"), nk = at(s, "n_k"), d = at(s, "d");
    c.sizes = fmt::format("n_q = {}, n_k = {}, d = {}", format_count(nq), format_count(nk),
                          format_count(d));
    c.bytes = attention_bytes(nq, nk, d, 1);
  } else if (problem == "transformer") {
    const double tokens = at(s, "tokens"), width = at(s, "width"), heads = at(s, "heads");
    c.sizes = fmt::format("tokens = {}, width = {}, heads = {}", format_count(tokens),
                          format_count(width), format_count(heads));
    c.bytes = (4 * heads * width * width + 4 * tokens * width) * 8;
  } else if (problem == "graph-diameter") {
    const double v = at(s, "V"), e = at(s, "E");
    c.sizes = fmt::format("V = {}, E <= {}", format_count(v), format_count(e));
    c.bytes = 16 * e + 8 * v;
  }
  return c;
}

// The oracle's estimated time on its problem's sizes.
StagePlan oracle_stage(const std::string& problem, const Sizes& s, const ChainOptions& options) {
  StagePlan p;
  if (problem == "attention") {
    p.stage = fmt::format("oracle ({})", options.backend);
    p.seconds =
        estimated_attention_seconds(at(s, "n_q"), at(s, "n_k"), at(s, "d"), 1, options.backend);
  } else if (problem == "attention-gradient") {
    // The forward pass and the backward pass, about 2.5 forward passes more
    // (docs/performance.md, "The attention backward pass").
    p.stage = fmt::format("oracle (backward pass, {})", options.backend);
    p.seconds = 3.5 * estimated_attention_seconds(at(s, "n_q"), at(s, "n_k"), at(s, "d"), 1,
                                                  options.backend);
  } else if (problem == "transformer") {
    const double t = at(s, "tokens");
    p.stage = fmt::format("oracle (transformer, {})", options.backend);
    p.seconds = at(s, "heads") * t * t * at(s, "width") * 2 / kNaiveMacsPerSecond;
  } else {
    const double v = at(s, "V"), e = at(s, "E");
    p.stage = "oracle (BFS)";
    p.seconds = v * (v + e) / kBfsEdgesPerSecond;
  }
  return p;
}
// Decoding the oracle's answer: the output's rows read against the
// threshold, and the witness mapped back through every step (linear in the
// sizes). A transformer's witness needs further oracle calls: a binary search
// over the heads (K/2 + K/4 + ... + 1 heads) and one head for the partner's
// bits, about one more oracle run, made only on a YES answer.
StagePlan decode_stage(const std::string& problem, const Sizes& s, const StagePlan& oracle) {
  constexpr double kValuesPerSecond = 1e9;
  StagePlan p;
  if (problem == "transformer") {
    p.stage = "decode (the witness: further oracle calls on a YES answer)";
    p.seconds = oracle.seconds;
  } else if (problem == "attention" || problem == "attention-gradient") {
    p.stage = "decode (rows against the threshold, witness mapped back)";
    p.seconds = (at(s, "n_q") + at(s, "n_k") + at(s, "d")) / kValuesPerSecond;
  } else {
    p.stage = "decode (the diameter against its threshold)";
    p.seconds = at(s, "V") / kValuesPerSecond;
  }
  return p;
}
}  // namespace

std::string ChainPlan::summary() const {
  const auto about = [](double t) {
    return t < 0.01 ? format_seconds(t) : "about " + format_seconds(t);
  };
  std::string out = fmt::format("plan: {} in memory, {}{}", format_bytes(bytes), about(seconds),
                                unestimated ? " plus CaDiCaL's time (not estimated)" : "");
  for (const StagePlan& s : stages) {
    out += "\n  " + s.stage;
    if (!s.sizes.empty()) out += fmt::format(": {}", s.sizes);
    if (s.bytes > 0) out += ", " + format_bytes(s.bytes);
    out += s.seconds < 0 ? ", time not estimated" : ", " + about(s.seconds);
  }
  return out;
}

namespace {
ChainPlan make_plan(const std::string& chain, const ProblemValue& source,
                    const ChainOptions& options, bool encode_only) {
  const ReductionPath path = chain_path(chain);
  ChainPlan plan;
  Sizes sizes = source_sizes(source, options);
  std::vector<std::pair<std::string, Sizes>> problems{{problem_name(source), sizes}};
  const bool oracle_last = static_cast<bool>(chain_step(path.back()->name).solve);
  for (std::size_t e = 0; e < path.size(); ++e) {
    // The graph's edge carries the one-sink sizes; the n-sink variant doubles
    // both sides.
    const SizeFormulas formulas =
        path[e]->name == GapHammingToAttention::kName && chain.ends_with("-n-sinks")
            ? GapHammingToAttention::size_formulas(SinkVariant::kNSinks)
            : path[e]->sizes;
    sizes.merge(chosen_parameters(options));
    // A shape the distributed PCP refuses (a q that is no prime above
    // max(l, 2k - 2), say) is refused here, before its sizes mean anything.
    if (path[e]->name == std::string(OvToGapMaxIp::kName) && sizes.count("d"))
      protocol_shape(static_cast<std::size_t>(sizes.at("d")), options.pcp.k, options.pcp.q,
                     OvToGapMaxIp::kName);
    const Sizes all = evaluate(formulas, sizes);
    Sizes next;
    for (const SizeFormula& f : formulas)
      if (!f.helper) next[f.param] = all.at(f.param);
    sizes = std::move(next);
    problems.emplace_back(path[e]->to, sizes);
  }
  double bytes = 0;
  // Every problem the chain builds is kept until the end.
  for (std::size_t p = 1; p < problems.size(); ++p) {
    const ProblemCost c = problem_cost(problems[p].first, problems[p].second);
    StagePlan s;
    s.stage = "encode " + path[p - 1]->name;
    s.sizes = c.sizes;
    s.bytes = estimated_bytes(c.bytes);
    s.seconds = c.bytes / kEncodeBytesPerSecond;
    bytes += c.bytes;
    plan.stages.push_back(s);
  }
  if (oracle_last && !encode_only) {
    const StagePlan o = oracle_stage(problems.back().first, problems.back().second, options);
    plan.stages.push_back(o);
    plan.stages.push_back(decode_stage(problems.back().first, problems.back().second, o));
  }
  // Ground truth at every problem the chain solves (all but an oracle's target).
  const std::size_t solved = encode_only ? 0 : oracle_last ? problems.size() - 1 : problems.size();
  for (std::size_t p = 0; p < solved; ++p) {
    const ProblemCost c = problem_cost(problems[p].first, problems[p].second);
    StagePlan s;
    s.stage = fmt::format("ground truth ({}, {})", problems[p].first, c.truth);
    s.seconds = c.truth_seconds;
    plan.stages.push_back(s);
  }
  plan.bytes = estimated_bytes(bytes);
  for (const StagePlan& s : plan.stages) {
    if (s.seconds < 0)
      plan.unestimated = true;
    else
      plan.seconds += s.seconds;
  }
  return plan;
}
}  // namespace

ChainPlan plan_chain(const std::string& chain, const ProblemValue& source,
                     const ChainOptions& options) {
  return make_plan(chain, source, options, false);
}

ChainPlan plan_encoding(const std::string& chain, const ProblemValue& source,
                        const ChainOptions& options) {
  return make_plan(chain, source, options, true);
}

void require_within_budget(const ChainPlan& plan, const Budget& budget,
                           const std::string& source_name) {
  if (plan.bytes > budget.max_bytes) {
    const StagePlan* largest = &plan.stages.front();
    for (const StagePlan& s : plan.stages)
      if (s.bytes > largest->bytes) largest = &s;
    throw InputError(source_name,
                     fmt::format("refused before starting: the chain needs about {} in memory, "
                                 "above the memory budget of {} (--max-memory); the largest "
                                 "stage is {} [{}] with {}",
                                 format_bytes(plan.bytes), format_bytes(budget.max_bytes),
                                 largest->stage, largest->sizes, format_bytes(largest->bytes)));
  }
  if (budget.max_seconds > 0 && plan.seconds > budget.max_seconds) {
    const StagePlan* longest = &plan.stages.front();
    for (const StagePlan& s : plan.stages)
      if (s.seconds > longest->seconds) longest = &s;
    throw InputError(source_name,
                     fmt::format("refused before starting: the chain's estimated time is {}, "
                                 "above the time budget of {} (--max-seconds); the longest "
                                 "stage is {} at about {}",
                                 format_seconds(plan.seconds), format_seconds(budget.max_seconds),
                                 longest->stage, format_seconds(longest->seconds)));
  }
}

}  // namespace sethkit
