// `sethkit gen formula`: Boolean formula value (BFVP) and arithmetic-mod-p
// formula instances for the RoPE circuit bound (Chen, Li, Liang, Long, Shi,
// Song 2024), written atomically as JSON Lines (instances/formula_jsonl.hpp).
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/json_output.hpp"
#include "core/file_io.hpp"
#include "core/json_report.hpp"
#include "instances/formula_jsonl.hpp"

namespace sethkit::cli {

namespace {
struct FormulaArgs {
  std::string kind = "boolean", shape = "balanced", encoding = "both", out, json;
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
  cmd->add_option("--leaves", args->leaves, "Operand leaves per formula")->default_str("");
  cmd->add_option("--depth", args->depth, "Binary-operator depth (NOT nodes not counted)")
      ->default_str("");
  cmd->add_option("--count", args->count, "Number of formulas (default 1000)")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{10'000'000}));
  cmd->add_option("--p", args->p, "Arithmetic: prime modulus (default 11)");
  cmd->add_option("--ops", args->ops, "Arithmetic: operators to draw from (default +-*/)");
  cmd->add_option("--p-not", args->p_not, "Boolean: probability of a NOT above a node (0.2)");
  cmd->add_option("--encoding", args->encoding, "infix, postfix or both (default both)")
      ->check(CLI::IsMember({"infix", "postfix", "both"}));
  cmd->add_option("--seed", args->seed, "Random seed");
  cmd->add_option("-o,--out", args->out, "Output .jsonl ('-' for stdout)")->required();
  add_json_option(*cmd, args->json, "What was written: count, sizes and parameters");
  cmd->callback([args, &exit_code] {
    require_stdout_free(args->out, "-o");
    FormulaFileParams file;
    FormulaParams& params = file.formula;
    params.kind = args->kind == "boolean" ? FormulaKind::kBoolean : FormulaKind::kArithmetic;
    params.shape = args->shape == "balanced" ? FormulaShape::kBalanced
                   : args->shape == "random" ? FormulaShape::kRandom
                                             : FormulaShape::kCaterpillar;
    if (args->leaves > 0) params.leaves = args->leaves;
    if (args->depth >= 0) params.depth = args->depth;
    params.p = args->p;
    params.ops = args->ops;
    params.p_not = args->p_not;
    file.count = args->count;
    file.encoding = args->encoding;
    file.seed = args->seed;
    AtomicOutput out(args->out);
    const FormulaSize size = write_formula_jsonl(out.stream(), file);
    out.commit();
    emit_json(
        args->json, "gen", 1,
        {{"tool", tool_json()},
         {"generator", "formula"},
         {"out", args->out},
         {"family", fmt::format("{}-formula", to_string(params.kind))},
         {"params", fmt::format("shape={} leaves={} depth={} count={} encoding={}", args->shape,
                                size.leaves, size.depth, args->count, args->encoding)},
         {"seed", args->seed},
         {"provenance", nlohmann::json::array()}});
    if (args->out != "-")
      fmt::print(stderr, "wrote {}: {} {} formulas, {} leaves, depth {}\n", args->out, args->count,
                 to_string(params.kind), size.leaves,
                 size.depth >= 0 ? std::to_string(size.depth) : "random");
    exit_code = kExitOk;
  });
}

}  // namespace sethkit::cli
