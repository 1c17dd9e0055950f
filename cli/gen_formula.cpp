// `sethkit gen formula`: Boolean formula value (BFVP) and arithmetic-mod-p
// formula instances for the RoPE circuit bound (instances/formula.hpp; Chen,
// Li, Liang, Long, Shi, Song 2024), written as JSON Lines: a header record
// with the parameters, seed and command, then one record per formula with
// its infix and/or postfix encoding and the label computed by the stack
// evaluator of the written string. Labels are exactly balanced (a shuffled
// cycle through the values). The file is written atomically.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "core/error.hpp"
#include "core/file_io.hpp"
#include "core/json_report.hpp"
#include "core/provenance.hpp"
#include "core/rng.hpp"
#include "instances/formula.hpp"

namespace sethkit::cli {

namespace {
struct FormulaArgs {
  std::string kind = "boolean", shape = "balanced", encoding = "both", out;
  std::uint64_t leaves = 0;
  int depth = -1;
  std::uint64_t count = 1000;
  std::uint64_t p = 11;
  std::string ops = "+-*/";
  double p_not = 0.2;
  std::uint64_t seed = 1;
};
}  // namespace

void add_gen_formula(CLI::App& gen, int& exit_code) {
  auto args = std::make_shared<FormulaArgs>();
  auto* cmd = gen.add_subcommand(
      "formula",
      "Boolean or arithmetic (mod p) formula evaluation instances as JSON Lines, labelled by a "
      "stack evaluator (the NC1-complete problems of the RoPE circuit bound)");
  cmd->add_option("--kind", args->kind, "boolean (BFVP) or arithmetic (mod p)")
      ->check(CLI::IsMember({"boolean", "arithmetic"}));
  cmd->add_option("--shape", args->shape, "balanced, random or caterpillar")
      ->check(CLI::IsMember({"balanced", "random", "caterpillar"}));
  cmd->add_option("--leaves", args->leaves, "Operand leaves per formula");
  cmd->add_option("--depth", args->depth, "Binary-operator depth (NOT nodes not counted)");
  cmd->add_option("--count", args->count, "Number of formulas (default 1000)")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{10'000'000}));
  cmd->add_option("--p", args->p, "Arithmetic: prime modulus (default 11)");
  cmd->add_option("--ops", args->ops, "Arithmetic: operators to draw from (default +-*/)");
  cmd->add_option("--p-not", args->p_not, "Boolean: probability of a NOT above a node (0.2)");
  cmd->add_option("--encoding", args->encoding, "infix, postfix or both (default both)")
      ->check(CLI::IsMember({"infix", "postfix", "both"}));
  cmd->add_option("--seed", args->seed, "Random seed");
  cmd->add_option("-o,--out", args->out, "Output .jsonl ('-' for stdout)")->required();
  cmd->callback([args, &exit_code] {
    FormulaParams params;
    params.kind = args->kind == "boolean" ? FormulaKind::kBoolean : FormulaKind::kArithmetic;
    params.shape = args->shape == "balanced" ? FormulaShape::kBalanced
                   : args->shape == "random" ? FormulaShape::kRandom
                                             : FormulaShape::kCaterpillar;
    if (args->leaves > 0) params.leaves = args->leaves;
    if (args->depth >= 0) params.depth = args->depth;
    params.p = args->p;
    params.ops = args->ops;
    params.p_not = args->p_not;
    const FormulaSize size = formula_size(params);  // refuses impossible parameters first
    const std::uint64_t values = params.kind == FormulaKind::kBoolean ? 2 : params.p;
    // Every formula is about 4 bytes per leaf in each encoding.
    const double bytes = static_cast<double>(args->count) * static_cast<double>(size.leaves) * 16;
    require(bytes <= 8.0 * (1ULL << 30),
            fmt::format("formula: {} formulas of {} leaves would take about {:.3g} GiB; the limit "
                        "is 8 GiB",
                        args->count, size.leaves, bytes / (1ULL << 30)));
    const bool infix = args->encoding != "postfix", postfix = args->encoding != "infix";
    Rng rng(args->seed);
    std::vector<std::uint64_t> targets(args->count);
    for (std::uint64_t t = 0; t < args->count; ++t) targets[t] = t % values;
    for (std::uint64_t t = args->count; t > 1; --t)
      std::swap(targets[t - 1], targets[rng.uniform_int(t)]);

    AtomicOutput out(args->out);
    const nlohmann::json header = {
        {"type", "header"},
        {"format", "sethkit-formula"},
        {"version", 1},
        {"problem", params.kind == FormulaKind::kBoolean ? "boolean formula value (BFVP)"
                                                         : "arithmetic formula evaluation mod p"},
        {"kind", to_string(params.kind)},
        {"shape", to_string(params.shape)},
        {"leaves", size.leaves},
        {"depth", size.depth >= 0 ? nlohmann::json(size.depth) : nlohmann::json(nullptr)},
        {"p", params.kind == FormulaKind::kArithmetic ? nlohmann::json(params.p)
                                                      : nlohmann::json(nullptr)},
        {"ops", params.kind == FormulaKind::kArithmetic ? params.ops : std::string("&|!")},
        {"p_not", params.kind == FormulaKind::kBoolean ? nlohmann::json(params.p_not)
                                                       : nlohmann::json(nullptr)},
        {"count", args->count},
        {"encoding", args->encoding},
        {"seed", args->seed},
        {"labels", "exactly balanced over the values, shuffled"},
        {"tool", tool_json()},
        {"command", command_line()}};
    out.stream() << header.dump() << "\n";
    for (std::uint64_t t = 0; t < args->count; ++t) {
      const Formula f = generate_formula(params, targets[t], rng);
      // The label is the evaluator's reading of the written string; it must match the target.
      const std::uint64_t by_postfix = evaluate_postfix(f.postfix, params.kind, params.p);
      const std::uint64_t by_infix = evaluate_infix(f.infix, params.kind, params.p);
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
      out.stream() << record.dump() << "\n";
    }
    out.commit();
    if (args->out != "-")
      fmt::print(stderr, "wrote {}: {} {} formulas, {} leaves, depth {}\n", args->out, args->count,
                 to_string(params.kind), size.leaves,
                 size.depth >= 0 ? std::to_string(size.depth) : "random");
    exit_code = kExitOk;
  });
}

}  // namespace sethkit::cli
