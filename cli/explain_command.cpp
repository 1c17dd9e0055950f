// `sethkit explain REDUCTION [FILE]`: a step-by-step account of one reduction
// on a tiny instance for a classroom: the instance, the construction's
// numbers (Q, K, V, logits, row sums, thresholds, or the graph and its
// distances, or the transformer's accumulator), the decision and the witness,
// checked against brute force. Terminal text, or Markdown with --format md.
#include <fmt/format.h>

#include <cmath>

#include "attention/registry.hpp"
#include "attention/transformer.hpp"
#include "cli/backend_options.hpp"
#include "cli/commands.hpp"
#include "cli/explain_doc.hpp"
#include "cli/explain_formula.hpp"
#include "cli/explain_gradient.hpp"
#include "cli/explain_pcp.hpp"
#include "cli/json_output.hpp"
#include "core/error.hpp"
#include "core/instance_file.hpp"
#include "core/json_report.hpp"
#include "core/suggest.hpp"
#include "core/verify.hpp"
#include "instances/random_cnf.hpp"
#include "instances/random_ov.hpp"
#include "reductions/cnf_to_ov.hpp"
#include "reductions/cnf_to_three_ov.hpp"
#include "reductions/gap_hamming_to_attention.hpp"
#include "reductions/ov_to_attention.hpp"
#include "reductions/ov_to_attention_gradient.hpp"
#include "reductions/ov_to_diameter.hpp"
#include "reductions/ov_to_gap_max_ip.hpp"
#include "reductions/ov_to_hamming.hpp"
#include "reductions/three_ov_to_transformer.hpp"
#include "solvers/brute_force_sat.hpp"
#include "solvers/ov_solver.hpp"
#include "solvers/three_ov_solver.hpp"

namespace sethkit::cli {

namespace {
std::vector<std::string> labels(const char* prefix, Eigen::Index n) {
  std::vector<std::string> out;
  for (Eigen::Index i = 0; i < n; ++i) out.push_back(fmt::format("{}{}", prefix, i));
  return out;
}

std::string clause_text(const Cnf& cnf) {
  std::string s;
  for (std::size_t c = 0; c < cnf.num_clauses(); ++c) {
    s += c ? " AND (" : "(";
    bool first = true;
    for (int lit : cnf.clause(c)) {
      s += fmt::format("{}{}x{}", first ? "" : " OR ", lit < 0 ? "NOT " : "", std::abs(lit));
      first = false;
    }
    s += ")";
  }
  return s;
}

void truth_ov(ExplainDoc& doc, const OvInstance& ov) {
  const OvAnswer a = solve_ov_naive(ov);
  doc.para(a.found ? fmt::format("Brute force agrees: a{} and b{} are orthogonal.", a.i, a.j)
                   : "Brute force agrees: no pair is orthogonal.");
}

// The oracle the lesson also runs beside exact attention (--backend), set by run().
struct LessonOracle {
  std::string backend = "naive";
  BackendOptions options;
};
LessonOracle& lesson_oracle() {
  static LessonOracle oracle;
  return oracle;
}

// The same instance through the chosen backend: its outputs beside the exact
// ones, its measured error against the tolerance, and its row decisions.
void oracle_step(ExplainDoc& doc, const AttentionInstance& inst, const Matrix& exact,
                 std::size_t rows) {
  const auto& c = inst.certificate;
  const auto backend = make_backend(lesson_oracle().backend, lesson_oracle().options);
  const AttentionOutput out = backend->run({inst.q, inst.k, inst.v, inst.scale});
  doc.step(fmt::format("the same instance through `{}`", backend->name()));
  doc.para(fmt::format("{}{}.", backend->description(),
                       out.details.empty() ? "" : " (" + out.details + ")"));
  Matrix table(exact.rows(), 2);
  table.col(0) = exact.col(0);
  table.col(1) = out.out.col(0);
  doc.matrix(fmt::format("exact Y_i and {}'s Y_i:", backend->name()), table,
             labels("row", table.rows()), 4);
  const double err = (out.out - exact).cwiseAbs().maxCoeff();
  std::size_t changed = 0;
  for (std::size_t i = 0; i < rows; ++i) {
    const auto r = static_cast<Eigen::Index>(i);
    changed += (out.out(r, 0) < c.threshold) != (exact(r, 0) < c.threshold) ? 1 : 0;
  }
  doc.para(fmt::format(
      "Its error is {:.4g}, {} the tolerated {:.4g}{}; {} of the {} decided rows change their "
      "answer.",
      err, err < c.tolerated_error ? "below" : "above", c.tolerated_error,
      std::isfinite(out.error_bound) ? fmt::format(" (it claims {:.3g})", out.error_bound)
                                     : " (it guarantees no bound)",
      changed, rows));
}

// The attention part shared by ov-to-attention and gap-hamming-to-attention.
void attention_steps(ExplainDoc& doc, const AttentionInstance& inst, std::size_t rows) {
  const auto& c = inst.certificate;
  doc.step("the attention instance");
  doc.items({{"shapes",
              fmt::format("Q {} x {}, K {} x {}, V {} x {}", c.n_q, c.d, c.n_k, c.d, c.n_k, c.d_v)},
             {"scale", fmt::format("{:.4g} (logits are scale * <q_i, k_j>)", c.scale)},
             {"entry bound B",
              fmt::format("{:.4g} = {:.3g} sqrt(ln n)", c.entry_bound, c.entry_bound_ratio)},
             {"decision", fmt::format("row i is YES iff Y_i < {:.4f}; YES rows sit at <= {:.4f}, "
                                      "NO rows at >= {:.4f}",
                                      c.threshold, c.yes_bound, c.no_bound)},
             {"tolerated oracle error", fmt::format("{:.4g}", c.tolerated_error)}});
  doc.matrix("Q (rows are queries; the last rows may be sinks):", inst.q,
             labels("q", inst.q.rows()));
  doc.matrix("K:", inst.k, labels("k", inst.k.rows()));
  doc.matrix("V (the value column the decision reads):", inst.v, labels("v", inst.v.rows()));
  doc.step("the logits");
  doc.matrix("scale * Q K^T (row i: query i against every key):",
             inst.scale * inst.q * inst.k.transpose(), labels("q", inst.q.rows()));
  const AttentionOutput out = make_backend("naive")->run({inst.q, inst.k, inst.v, inst.scale});
  doc.step("softmax: row sums and outputs");
  doc.para(
      "Each row's weights are exp(logit - max) normalised by their sum; the output Y_i is "
      "the weighted average of V.");
  Matrix table(out.out.rows(), 2);
  table.col(0) = out.lse;
  table.col(1) = out.out.col(0);
  doc.matrix("ln(row sum of exp(logits)) and Y_i:", table, labels("row", table.rows()), 4);
  doc.step("the decision");
  std::vector<std::pair<std::string, std::string>> verdicts;
  for (std::size_t i = 0; i < rows; ++i) {
    const double y = out.out(static_cast<Eigen::Index>(i), 0);
    verdicts.emplace_back(fmt::format("row {}", i),
                          fmt::format("Y = {:.4f} {} {:.4f}: {}", y, y < c.threshold ? "<" : ">=",
                                      c.threshold, y < c.threshold ? "YES" : "NO"));
  }
  doc.items(verdicts);
  if (lesson_oracle().backend != "naive") oracle_step(doc, inst, out.out, rows);
}

void explain_ov_to_attention(ExplainDoc& doc, const OvInstance& ov) {
  doc.title("OV -> attention (Alman-Song, derived construction C2)");
  doc.step("the OV instance");
  doc.para("Is there a in A and b in B with <a, b> = 0?");
  doc.vectors(ov);
  const OvToAttention rule;
  const AttentionInstance inst = rule.encode(ov);
  doc.para(
      "Query a_i is the vector -s a_i, key b_j is s b_j, so the logit is -s^2 <a, b> / d: 0 "
      "for an orthogonal pair, very negative otherwise. A sink key scores exactly 0 and "
      "carries value 1; every real key carries value 0. A row with an orthogonal partner "
      "splits its weight between the partner and the sink (Y <= 1/2); a row without one "
      "puts almost all of it on the sink (Y >= 8/9).");
  attention_steps(doc, inst, ov.n_a());
  const AttentionOutput out = make_backend("naive")->run({inst.q, inst.k, inst.v, inst.scale});
  const OvDecoded d = rule.decode(ov, inst, out.out, inst.certificate.exact_oracle_error);
  doc.para(fmt::format(
      "Answer: {}{}, margin {:.4f}.", to_string(d.verdict),
      d.witness ? fmt::format(", witness a{} b{} (checked orthogonal: {})", d.witness->first,
                              d.witness->second,
                              is_orthogonal_pair(ov, d.witness->first, d.witness->second))
                : "",
      d.margin));
  truth_ov(doc, ov);
}

void explain_cnf_to_ov(ExplainDoc& doc, const Cnf& cnf) {
  doc.title("CNF-SAT -> OV (split and list)");
  doc.step("the formula");
  doc.para(clause_text(cnf));
  const CnfToOv rule;
  const SplitOv split = rule.encode(cnf);
  doc.step("split the variables");
  std::string va, vb;
  for (int v : split.vars_a) va += fmt::format(" x{}", v);
  for (int v : split.vars_b) vb += fmt::format(" x{}", v);
  doc.items({{"side A", va.empty() ? " (none)" : va}, {"side B", vb.empty() ? " (none)" : vb}});
  doc.step("one vector per partial assignment");
  doc.para(
      "Coordinate c of a partial assignment's vector is 1 iff it leaves clause c unsatisfied. "
      "Two halves together satisfy every clause iff no clause is left unsatisfied by both: "
      "iff their vectors are orthogonal. (Index i's bits are side A's variables, "
      "least significant first.)");
  doc.vectors(split.ov);
  const OvAnswer a = solve_ov_naive(split.ov);
  doc.step("the answer");
  if (a.found) {
    const Assignment asg = rule.decode(cnf, split, {a.i, a.j});
    std::string s;
    for (std::size_t v = 0; v < asg.size(); ++v) s += fmt::format(" x{}={}", v + 1, asg[v] ? 1 : 0);
    doc.para(
        fmt::format("a{} and b{} are orthogonal: the assignment{} satisfies the formula "
                    "(checked: {}).",
                    a.i, a.j, s, satisfies(cnf, asg)));
  } else {
    doc.para("No orthogonal pair: the formula is unsatisfiable.");
  }
  doc.para(fmt::format("Brute-force SAT says: {}.", to_string(solve_brute_force(cnf).status)));
}

void explain_ov_to_hamming(ExplainDoc& doc, const OvInstance& ov, bool through_attention) {
  doc.title(through_attention ? "Gap-Hamming -> attention (Alman-Song), on the Hamming gadget's "
                                "instance"
                              : "OV -> Gap-Hamming (the exact Hamming gadget)");
  doc.step("the OV instance");
  doc.vectors(ov);
  const GapHamming gap = OvToHamming().encode(ov);
  doc.step("the Hamming gadget");
  doc.para(
      fmt::format("Each coordinate becomes three, so that the Hamming distance is m + 2 <a, "
                  "b> with m = {}: orthogonal pairs sit at distance t = {}, the others at "
                  ">= (1 + eps) t with eps = {:.3g}.",
                  ov.d(), gap.t, gap.eps));
  doc.vectors(gap.points);
  Matrix dist(static_cast<Eigen::Index>(ov.n_a()), static_cast<Eigen::Index>(ov.n_b()));
  for (std::size_t i = 0; i < ov.n_a(); ++i)
    for (std::size_t j = 0; j < ov.n_b(); ++j)
      dist(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) =
          static_cast<double>(hamming_distance(gap.points.a(i), gap.points.b(j)));
  doc.matrix("Hamming distances (row a_i, column b_j):", dist, labels("a", dist.rows()));
  if (through_attention) {
    const GapHammingToAttention rule;
    const AttentionInstance inst = rule.encode(gap);
    doc.para(
        "The Gap-Hamming instance becomes one attention call: distance t or less gives a "
        "large logit against the sink, distance (1 + eps) t or more a small one.");
    attention_steps(doc, inst, ov.n_a());
  } else {
    doc.para(fmt::format("A row is YES iff some distance is at most t = {}.", gap.t));
  }
  truth_ov(doc, ov);
}

void explain_ov_to_diameter(ExplainDoc& doc, const OvInstance& ov) {
  doc.title("OV -> graph diameter 2 vs 3 (Roditty-Vassilevska Williams)");
  doc.step("the OV instance");
  doc.vectors(ov);
  const OvToDiameter rule;
  const DiameterInstance g = rule.encode(ov);
  doc.step("the graph");
  doc.para(
      "Vertices a_i, b_j, one per coordinate c_t, and hubs x and y. Edges: a - c_t iff "
      "a[t] = 1, b - c_t iff b[t] = 1, x to every a and every c, y to every b and every c, "
      "and x - y. Every pair is within distance 2 except a and b with no common "
      "coordinate, which are at distance 3 (a - x - y - b).");
  std::string edges;
  for (const auto& [u, v] : g.graph.edges)
    edges += fmt::format("{}-{} ", g.graph.names[u], g.graph.names[v]);
  doc.items({{"vertices", std::to_string(g.certificate.vertices)},
             {"edges", fmt::format("{}: {}", g.certificate.edges, edges)}});
  const DiameterDecoded d = rule.decode(ov, g);
  doc.step("breadth-first search from every a");
  doc.para(fmt::format("The largest a-b distance is {}; the diameter of the whole graph is {}.",
                       d.diameter, graph_diameter(g.graph)));
  doc.para(fmt::format(
      "Answer: {}{}.", to_string(d.verdict),
      d.witness ? fmt::format(" (a{} and b{} at distance 3)", d.witness->first, d.witness->second)
                : ""));
  truth_ov(doc, ov);
}

void explain_transformer(ExplainDoc& doc, const Cnf& cnf, bool split_only) {
  doc.title(split_only ? "CNF-SAT -> unbalanced 3-OV (three groups, with padding)"
                       : "3-OV -> an L-layer, H-head transformer (Saha-Xu-Ye-Yu, derived)");
  doc.step("the formula");
  doc.para(clause_text(cnf));
  CnfToThreeOv::Params sp;
  sp.k = 2;  // L = 1 layer of H = 2 heads
  const CnfToThreeOv split_rule(sp);
  const SplitThreeOv split = split_rule.encode(cnf);
  doc.step("split into three groups");
  doc.para(
      fmt::format("Groups A, B, C ({} + {} + {} variables); a vector per partial "
                  "assignment, coordinate c = 1 iff clause c is left unsatisfied. A triple "
                  "is orthogonal (sum_t a[t] b[t] c[t] = 0) iff the three halves satisfy "
                  "every clause. Sizes N = {}, K = {}, D = {} (padding adds a coordinate "
                  "where needed).",
                  split.vars_a.size(), split.vars_b.size(), split.vars_c.size(),
                  split.instance.n_a(), split.instance.n_c(), split.instance.d()));
  const ThreeOvAnswer truth = solve_three_ov(split.instance);
  if (split_only) {
    doc.para(truth.triple ? fmt::format("Brute-force 3-OV finds the triple ({}, {}, {}).",
                                        truth.triple->i, truth.triple->j, truth.triple->k)
                          : "Brute-force 3-OV finds no orthogonal triple.");
    doc.para(fmt::format("Brute-force SAT says: {}.", to_string(solve_brute_force(cnf).status)));
    return;
  }
  ThreeOvToTransformer::Params tp;
  tp.layers = 1;
  tp.heads = 2;
  const ThreeOvToTransformer rule(tp);
  const TransformerInstance t = rule.encode(split.instance);
  const auto& c = t.certificate;
  doc.step("the transformer");
  doc.para(
      "Token i carries a_i and b_i; a dummy token scores 0. Head k holds c_k: its query "
      "weights are -beta c_k, so the logit of key j is -beta sum_t a_i[t] b_j[t] c_k[t], "
      "zero exactly for a witness. Each head writes its weight on the dummy into the ACC "
      "column: about 1 without a witness, at most 1/2 with one.");
  doc.items({{"tokens x width", fmt::format("{} x {}", c.tokens, c.width)},
             {"layers x heads", fmt::format("{} x {}", c.layers, c.heads)},
             {"beta", fmt::format("ln(8 K N) = {:.4f}", c.beta)},
             {"decision", fmt::format("YES iff min over tokens of ACC < K - 1/4 = {:.2f}; "
                                      "tolerated error {:.3f}",
                                      c.threshold, c.tolerance)}});
  const Matrix out = transformer_forward(t.model, t.x, *make_backend("naive"));
  Matrix acc = out.col(c.col_acc).head(static_cast<Eigen::Index>(c.n));
  doc.matrix("ACC per real token (the sum over heads of the dummy's weight):", acc,
             labels("token", acc.rows()), 4);
  const TransformerDecoded d = rule.decode(split.instance, t, out, 1e-9);
  doc.step("the decision");
  doc.para(
      fmt::format("min ACC = {:.4f} at token {}: {}.", d.min_acc, d.row, to_string(d.verdict)));
  doc.para(truth.triple ? fmt::format("Brute-force 3-OV: the triple ({}, {}, {}) is orthogonal.",
                                      truth.triple->i, truth.triple->j, truth.triple->k)
                        : "Brute-force 3-OV: no orthogonal triple.");
}

struct ExplainArgs {
  std::string reduction, file, format = "text", json;
  std::uint64_t seed = 1;
  std::string backend = "naive";
  BackendOptions backend_options;
};

// The OV instance of the lesson: the file, or a 3 x 3 instance of dimension 3 from the seed.
OvInstance tiny_ov(const ExplainArgs& args) {
  OvInstance ov;
  if (!args.file.empty()) {
    const SourceFile s = load_source(args.file, false);
    if (!s.ov)
      throw InputError(args.file, fmt::format("explain {} needs an OV file", args.reduction));
    ov = *s.ov;
  } else {
    RandomOvParams p;
    p.n_a = p.n_b = 3;
    p.d = 3;
    p.plant = args.seed % 2 ? OvPlant::kPlantYes : OvPlant::kForceNo;
    p.seed = args.seed;
    ov = random_ov(p).ov;
  }
  if (ov.n_a() * ov.n_b() * ov.d() > 4096)
    throw InputError(args.file, "explain is for tiny instances: at most 4096 = nA nB d");
  return ov;
}

// The CNF of the lesson: the file, or a 2-CNF with 4 variables and 6 clauses from the seed.
Cnf tiny_cnf(const ExplainArgs& args) {
  Cnf cnf;
  if (!args.file.empty()) {
    const SourceFile s = load_source(args.file, false);
    if (!s.cnf)
      throw InputError(args.file, fmt::format("explain {} needs a CNF file", args.reduction));
    cnf = *s.cnf;
  } else {
    RandomCnfParams p;
    p.vars = 4;
    p.clauses = 6;
    p.k = 2;
    p.planted = args.seed % 2 == 1;
    p.seed = args.seed;
    cnf = random_kcnf(p).cnf;
  }
  if (cnf.num_vars() > 10)
    throw InputError(args.file, "explain is for tiny formulas: at most 10 variables");
  return cnf;
}

// One lesson per reduction, from an OV or from a CNF source.
struct Lesson {
  const char* reduction;
  void (*from_ov)(ExplainDoc&, const OvInstance&);
  void (*from_cnf)(ExplainDoc&, const Cnf&);
  void (*from_seed)(ExplainDoc&, std::uint64_t) = nullptr;
};
const Lesson kLessons[] = {
    {CnfToOv::kName, nullptr, explain_cnf_to_ov},
    {OvToAttention::kName, explain_ov_to_attention, nullptr},
    {OvToHamming::kName,
     [](ExplainDoc& doc, const OvInstance& ov) { explain_ov_to_hamming(doc, ov, false); }, nullptr},
    {GapHammingToAttention::kName,
     [](ExplainDoc& doc, const OvInstance& ov) { explain_ov_to_hamming(doc, ov, true); }, nullptr},
    {CnfToThreeOv::kName, nullptr,
     [](ExplainDoc& doc, const Cnf& cnf) { explain_transformer(doc, cnf, true); }},
    {ThreeOvToTransformer::kName, nullptr,
     [](ExplainDoc& doc, const Cnf& cnf) { explain_transformer(doc, cnf, false); }},
    {OvToDiameter::kName, explain_ov_to_diameter, nullptr},
    {OvToAttentionGradient::kName, explain_ov_to_attention_gradient, nullptr},
    {OvToGapMaxIp::kName, explain_ov_to_gap_max_ip, nullptr},
    {"formula-transformer", nullptr, nullptr, explain_formula_transformer},
};

int run(const ExplainArgs& args) {
  std::string known;
  std::vector<std::string> names;
  for (const Lesson& lesson : kLessons) {
    known += (known.empty() ? "" : ", ") + std::string(lesson.reduction);
    names.emplace_back(lesson.reduction);
    if (args.reduction != lesson.reduction) continue;
    lesson_oracle() = {args.backend, args.backend_options};
    make_backend(args.backend, args.backend_options);  // an unknown backend fails before any text
    ExplainDoc doc(args.format == "md");
    if (lesson.from_ov)
      lesson.from_ov(doc, tiny_ov(args));
    else if (lesson.from_cnf)
      lesson.from_cnf(doc, tiny_cnf(args));
    else
      lesson.from_seed(doc, args.seed);
    fmt::print("{}", doc.str());
    nlohmann::json record = doc.json();
    record["tool"] = tool_json();
    record["reduction"] = args.reduction;
    emit_json(args.json, "explain", 1, std::move(record));
    return kExitOk;
  }
  throw ContractError(fmt::format("explain: unknown reduction '{}'{}; known: {}", args.reduction,
                                  did_you_mean(args.reduction, names), known));
}
}  // namespace

void add_explain_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<ExplainArgs>();
  auto* cmd = app.add_subcommand(
      "explain", "Step-by-step account of one reduction on a tiny instance (text or Markdown)");
  cmd->add_option("reduction", args->reduction, "A reduction (see sethkit list)")->required();
  cmd->add_option("file", args->file, "A tiny OV or CNF file (default: generated from --seed)");
  cmd->add_option("--seed", args->seed, "Seed of the generated instance");
  cmd->add_option("--format", args->format, "text or md")->check(CLI::IsMember({"text", "md"}));
  add_json_option(*cmd, args->json, "The lesson's steps, paragraphs, lists and matrices");
  add_backend_options(*cmd, args->backend, args->backend_options,
                      "Attention lessons also run this backend beside exact attention");
  cmd->callback([args, &exit_code] { exit_code = run(*args); });
}

}  // namespace sethkit::cli
