#include "instances/formula_jsonl.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <vector>

#include "core/error.hpp"
#include "core/json_report.hpp"
#include "core/provenance.hpp"
#include "core/rng.hpp"

namespace sethkit {

FormulaSize write_formula_jsonl(std::ostream& out, const FormulaFileParams& p) {
  const FormulaSize size = formula_size(p.formula);  // refuses impossible parameters first
  const std::uint64_t values = p.formula.kind == FormulaKind::kBoolean ? 2 : p.formula.p;
  // Every formula is about 4 bytes per leaf in each encoding.
  const double bytes = static_cast<double>(p.count) * static_cast<double>(size.leaves) * 16;
  require(bytes <= 8.0 * (1ULL << 30),
          fmt::format("formula: {} formulas of {} leaves would take about {:.3g} GiB; the limit "
                      "is 8 GiB",
                      p.count, size.leaves, bytes / (1ULL << 30)));
  const bool infix = p.encoding != "postfix", postfix = p.encoding != "infix";
  Rng rng(p.seed);
  std::vector<std::uint64_t> targets(p.count);
  for (std::uint64_t t = 0; t < p.count; ++t) targets[t] = t % values;
  for (std::uint64_t t = p.count; t > 1; --t)
    std::swap(targets[t - 1], targets[rng.uniform_int(t)]);

  const nlohmann::json header = {
      {"type", "header"},
      {"format", "sethkit-formula"},
      {"version", 1},
      {"problem", p.formula.kind == FormulaKind::kBoolean ? "boolean formula value (BFVP)"
                                                          : "arithmetic formula evaluation mod p"},
      {"kind", to_string(p.formula.kind)},
      {"shape", to_string(p.formula.shape)},
      {"leaves", size.leaves},
      {"depth", size.depth >= 0 ? nlohmann::json(size.depth) : nlohmann::json(nullptr)},
      {"p", p.formula.kind == FormulaKind::kArithmetic ? nlohmann::json(p.formula.p)
                                                       : nlohmann::json(nullptr)},
      {"ops", p.formula.kind == FormulaKind::kArithmetic ? p.formula.ops : std::string("&|!")},
      {"p_not", p.formula.kind == FormulaKind::kBoolean ? nlohmann::json(p.formula.p_not)
                                                        : nlohmann::json(nullptr)},
      {"count", p.count},
      {"encoding", p.encoding},
      {"seed", p.seed},
      {"labels", "exactly balanced over the values, shuffled"},
      {"tool", tool_json()},
      {"command", command_line()}};
  out << header.dump() << "\n";
  for (std::uint64_t t = 0; t < p.count; ++t) {
    const Formula f = generate_formula(p.formula, targets[t], rng);
    // The label is the evaluator's reading of the written string; it must match the target.
    const std::uint64_t by_postfix = evaluate_postfix(f.postfix, p.formula.kind, p.formula.p);
    const std::uint64_t by_infix = evaluate_infix(f.infix, p.formula.kind, p.formula.p);
    if (by_postfix != f.value || by_infix != f.value)
      throw Error(
          fmt::format("formula {}: the evaluators read {} and {}, the generator aimed "
                      "at {}; nothing written",
                      t, by_infix, by_postfix, f.value));
    nlohmann::json record = {{"type", "formula"},       {"id", t},
                             {"label", by_postfix},     {"leaves", f.leaves},
                             {"depth", f.depth},        {"binary_depth", f.binary_depth},
                             {"operators", f.operators}};
    if (infix) record["infix"] = f.infix;
    if (postfix) record["postfix"] = f.postfix;
    out << record.dump() << "\n";
  }
  return size;
}

}  // namespace sethkit
