// `sethkit gen formula-model`: the formula-evaluating RoPE transformer of
// docs/reductions/formula_transformer.md (derived for sethkit, around the
// bound of Chen, Li, Liang, Long, Shi, Song 2024) as a model directory that
// `sethkit forward` runs; with a formula, also its layout X.npy and a
// certificate.json that `forward --decode` reads the root's value with.
#include <fmt/format.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "attention/transformer_io.hpp"
#include "cli/commands.hpp"
#include "cli/json_output.hpp"
#include "core/error.hpp"
#include "core/file_io.hpp"
#include "core/json_report.hpp"
#include "core/npy.hpp"
#include "instances/formula_families.hpp"
#include "instances/formula_reader.hpp"
#include "reductions/formula_transformer.hpp"

namespace sethkit::cli {

namespace {
struct FormulaModelArgs {
  std::string kind = "boolean", attention = "hardmax", formula, formulas, out, json;
  std::uint64_t p = 11, record = 0;
  int layers = 0;
  long max_tokens = 0;
  double beta = 0;
  bool force = false;
};

// The formula to lay out: --formula, or record --record of --formulas.
struct ChosenFormula {
  std::string postfix, source;
  std::optional<std::uint64_t> label;
};

int run(const FormulaModelArgs& args) {
  if (args.out == "-")
    throw InputError(args.out, "gen formula-model writes a folder of files; name a folder");
  std::error_code ec;
  if (!args.force && std::filesystem::is_directory(args.out, ec))
    for (const auto& entry : std::filesystem::directory_iterator(args.out, ec))
      throw InputError(args.out, fmt::format("the output folder is not empty (it holds '{}'); "
                                             "choose a new folder or pass --force to replace "
                                             "its files",
                                             entry.path().filename().string()));
  FormulaKind kind = args.kind == "boolean" ? FormulaKind::kBoolean : FormulaKind::kArithmetic;
  std::uint64_t p = kind == FormulaKind::kBoolean ? 2 : args.p;
  std::optional<ChosenFormula> chosen;
  if (!args.formulas.empty()) {
    const FormulaFile file = read_formula_jsonl(args.formulas);
    kind = file.kind;
    p = file.p;
    for (const FormulaRecord& r : file.records)
      if (r.id == args.record)
        chosen = ChosenFormula{r.postfix, fmt::format("{}:{}", args.formulas, r.line), r.label};
    if (!chosen) throw InputError(args.formulas, fmt::format("no record with id {}", args.record));
  } else if (!args.formula.empty()) {
    chosen = ChosenFormula{args.formula, "--formula", std::nullopt};
  }
  const FormulaAlgebra algebra =
      kind == FormulaKind::kBoolean ? FormulaAlgebra::boolean_values() : FormulaAlgebra::modular(p);
  Eigen::Index max_tokens = args.max_tokens > 0 ? args.max_tokens : 64;
  if (chosen && args.max_tokens == 0) {  // the formula's own length
    const FormulaTransformer probe(algebra, 1, Eigen::Index{1} << 24);
    max_tokens = std::max<Eigen::Index>(probe.lay_out(chosen->postfix, chosen->source).x.rows(), 4);
  }
  const AttentionKind attention =
      args.attention == "softmax" ? AttentionKind::kSoftmax : AttentionKind::kHardmax;
  const FormulaTransformer model(algebra, args.layers, max_tokens, attention, args.beta);

  std::vector<std::pair<std::string, std::string>> files = transformer_files(model.model());
  nlohmann::json summary = {
      {"tool", tool_json()},
      {"generator", "formula-model"},
      {"family", fmt::format("{}-formula-transformer", to_string(kind))},
      {"params", fmt::format("layers={} max_tokens={} attention={} p={}", args.layers, max_tokens,
                             to_string(attention), p)},
      {"seed", nullptr},
      {"provenance", nlohmann::json::array()},
      {"out", args.out},
      {"kind", to_string(kind)},
      {"p", p},
      {"layers", args.layers},
      {"max_tokens", max_tokens},
      {"width", model.width()},
      {"attention", to_string(attention)},
      {"scale", model.model().scale},
      {"formula", nullptr}};
  std::string wrote_formula;
  if (chosen) {
    const FormulaTokens tokens = model.lay_out(chosen->postfix, chosen->source);
    if (tokens.depth > args.layers)
      throw InputError(chosen->source,
                       fmt::format("the formula has depth {}, beyond the model's {} layers "
                                   "(the root would stay unknown); use --layers {}",
                                   tokens.depth, args.layers, tokens.depth));
    const std::uint64_t value = evaluate_postfix(chosen->postfix, kind, p, chosen->source);
    if (chosen->label && *chosen->label != value)
      throw InputError(chosen->source,
                       fmt::format("the record's label {} disagrees with the stack evaluator's {}",
                                   *chosen->label, value));
    const nlohmann::json certificate = {{"formula_transformer",
                                         {{"kind", to_string(kind)},
                                          {"p", p},
                                          {"layers", args.layers},
                                          {"max_tokens", max_tokens},
                                          {"postfix", chosen->postfix},
                                          {"tokens", tokens.x.rows()},
                                          {"depth", tokens.depth},
                                          {"value", value}}},
                                        {"files", {{"model", "model.json"}, {"X", "X.npy"}}},
                                        {"tool", tool_json()}};
    files.emplace_back("X.npy", format_npy(tokens.x, NpyDtype::kFloat64));
    files.emplace_back("certificate.json", certificate.dump(2) + "\n");
    summary["formula"] = certificate["formula_transformer"];
    wrote_formula = fmt::format(", X.npy and certificate.json ({} tokens, depth {}, value {})",
                                tokens.x.rows(), tokens.depth, value);
  }
  write_files_atomic(args.out, files);
  fmt::print(stderr, "wrote {}: {} layers for {} formulas of up to {} tokens, width {}{}\n",
             args.out, args.layers, to_string(kind), max_tokens, model.width(), wrote_formula);
  emit_json(args.json, "gen", 1, std::move(summary));
  return kExitOk;
}
}  // namespace

void add_gen_formula_model(CLI::App& gen, int& exit_code) {
  auto args = std::make_shared<FormulaModelArgs>();
  auto* cmd = gen.add_subcommand(
      "formula-model",
      "A RoPE transformer with explicit weights that evaluates formulas one level per layer "
      "(docs/reductions/formula_transformer.md), as a model directory `forward` runs");
  cmd->add_option("--kind", args->kind, "boolean or arithmetic (mod p); a --formulas file's wins")
      ->check(CLI::IsMember({"boolean", "arithmetic"}));
  cmd->add_option("--p", args->p, "Arithmetic: prime modulus below 64 (default 11)");
  cmd->add_option("--layers", args->layers, "Layers L: formulas of depth <= L are evaluated")
      ->required()
      ->check(CLI::Range(1, 4096));
  cmd->add_option("--max-tokens", args->max_tokens,
                  "Longest formula the RoPE angle separates (default: the formula's length, or "
                  "64)")
      ->check(CLI::Range(1L, 1L << 24));
  cmd->add_option("--attention", args->attention, "hardmax (default) or softmax")
      ->check(CLI::IsMember({"hardmax", "softmax"}));
  cmd->add_option("--beta", args->beta,
                  "Softmax: inverse temperature (default: the one the docs page proves enough)")
      ->check(CLI::PositiveNumber);
  auto* formula = cmd->add_option("--formula", args->formula,
                                  "A formula in postfix ('0 1 | 1 ! &'): also write X.npy and "
                                  "certificate.json");
  auto* formulas =
      cmd->add_option("--formulas", args->formulas, "A sethkit-formula .jsonl (gen formula)");
  formula->excludes(formulas);
  cmd->add_option("--record", args->record, "The record id in --formulas (default 0)")
      ->needs(formulas);
  cmd->add_option("-o,--out", args->out, "Output directory")->required();
  cmd->add_flag("--force", args->force,
                "Write into a non-empty output folder, replacing the files of the same names");
  add_json_option(*cmd, args->json, "What was written: the model's parameters and the formula");
  cmd->callback([args, &exit_code] { exit_code = run(*args); });
}

}  // namespace sethkit::cli
