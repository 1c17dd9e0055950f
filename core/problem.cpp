#include "core/problem.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace sethkit {

using nlohmann::json;

const char* problem_name(const ProblemValue& value) {
  static const char* const names[] = {"cnf-sat", "ov", "3-ov", "gap-hamming", "gap-max-ip"};
  return names[value.index()];
}

namespace {
struct Describe {
  std::string operator()(const Cnf& cnf) const {
    return fmt::format("CNF: {} variables, {} clauses", cnf.num_vars(), cnf.num_clauses());
  }
  std::string operator()(const OvInstance& ov) const {
    return fmt::format("OV: N_a = {}, N_b = {} vectors of dimension {}", ov.n_a(), ov.n_b(),
                       ov.d());
  }
  std::string operator()(const ThreeOvInstance& three) const {
    return fmt::format("3-OV: |A| = {}, |B| = {}, |C| = {} vectors of dimension {}", three.n_a(),
                       three.n_b(), three.n_c(), three.d());
  }
  std::string operator()(const GapHamming& gap) const {
    return fmt::format(
        "Gap-Hamming: n_a = {}, n_b = {} points of dimension {}, YES <= t = {}, NO >= (1 + {:.4g}) "
        "t",
        gap.points.n_a(), gap.points.n_b(), gap.points.d(), gap.t, gap.eps);
  }
  std::string operator()(const GapMaxIp& g) const {
    return fmt::format(
        "Gap Max-IP: n_a = {}, n_b = {} vectors of dimension {}, YES >= s_yes = {}, NO <= s_no = "
        "{}",
        g.points.n_a(), g.points.n_b(), g.points.d(), g.s_yes, g.s_no);
  }
};

struct Params {
  json operator()(const Cnf& cnf) const {
    return {{"vars", cnf.num_vars()}, {"clauses", cnf.num_clauses()}};
  }
  json operator()(const OvInstance& ov) const {
    return {{"nA", ov.n_a()}, {"nB", ov.n_b()}, {"d", ov.d()}};
  }
  json operator()(const ThreeOvInstance& three) const {
    return {{"nA", three.n_a()}, {"nB", three.n_b()}, {"nC", three.n_c()}, {"d", three.d()}};
  }
  json operator()(const GapHamming& gap) const {
    return {{"nA", gap.points.n_a()},
            {"nB", gap.points.n_b()},
            {"d", gap.points.d()},
            {"t", gap.t},
            {"eps", gap.eps}};
  }
  json operator()(const GapMaxIp& g) const {
    return {{"nA", g.points.n_a()},
            {"nB", g.points.n_b()},
            {"d", g.points.d()},
            {"s_yes", g.s_yes},
            {"s_no", g.s_no}};
  }
};
}  // namespace

std::string describe_problem(const ProblemValue& value) {
  return std::visit(Describe{}, value);
}

json problem_params(const ProblemValue& value) {
  return std::visit(Params{}, value);
}

std::string describe(const Witness& w) {
  std::string out;
  static const char sides[] = {'a', 'b', 'c'};
  for (std::size_t s = 0; s < w.indices.size(); ++s)
    out += fmt::format("{}{}[{}]", s ? " " : "", s < 3 ? sides[s] : '?', w.indices[s]);
  if (w.assignment) {
    out += out.empty() ? "assignment" : " -> assignment";
    for (int lit : to_literals(*w.assignment)) out += fmt::format(" {}", lit);
  }
  return out;
}

const char* to_string(Agreement a) {
  switch (a) {
    case Agreement::kAgree:
      return "agree";
    case Agreement::kDisagree:
      return "disagree";
    case Agreement::kAmbiguous:
      return "ambiguous";
    case Agreement::kUnknown:
      return "unknown";
  }
  return "unknown";
}

}  // namespace sethkit
