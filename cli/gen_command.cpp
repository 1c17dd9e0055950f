// `sethkit gen`: its subcommands; here random OV with a planted pair or a
// guaranteed NO and planted Gap-Hamming, written with full provenance (seed,
// command line). `gen cnf` is cli/gen_cnf.cpp, `gen formula` cli/gen_formula.cpp,
// `gen formula-model` cli/gen_formula_model.cpp.
#include <fmt/format.h>

#include "cli/budget_options.hpp"
#include "cli/commands.hpp"
#include "cli/json_output.hpp"
#include "core/budget.hpp"
#include "core/dimacs.hpp"
#include "core/error.hpp"
#include "core/file_io.hpp"
#include "core/gap_hamming.hpp"
#include "core/limits.hpp"
#include "core/ov_format.hpp"
#include "instances/generation_budget.hpp"
#include "instances/planted_gap_hamming.hpp"
#include "instances/random_ov.hpp"

namespace sethkit::cli {

namespace {
// The options' ranges are what the formats can hold; the memory budget, known
// only once every option is parsed, bounds the counts after that.
constexpr std::uint64_t kMaxCount = 1ULL << 40;

struct GenOvArgs {
  std::size_t n_a = 16, n_b = 0, d = 16;
  double density = 0.5;
  std::string plant = "none";
  std::uint64_t seed = 1;
  std::string out = "-", json;
};
struct GenGapArgs {
  std::size_t n = 256, dim = 64, t = 8;
  double eps = 1.0, yes_fraction = 0.5;
  std::uint64_t seed = 1;
  std::string out = "-", json;
};
void add_gen_gap_hamming(CLI::App& gen, int& exit_code) {
  auto gap_args = std::make_shared<GenGapArgs>();
  auto* gap = gen.add_subcommand(
      "gap-hamming", "Planted bichromatic Gap-Hamming instance (labels checked by brute force)");
  gap->add_option("-n,--n", gap_args->n, "Points per side")->check(count_between(1, kMaxCount));
  gap->add_option("-d,--dim", gap_args->dim, "Dimension (before balancing)")
      ->check(count_between(1, kMaxCount));
  gap->add_option("-t,--t", gap_args->t, "YES threshold: a planted neighbour at distance t")
      ->check(CLI::PositiveNumber);
  gap->add_option("--eps", gap_args->eps,
                  "Gap: NO rows have every point at distance >= (1 + eps) t")
      ->check(CLI::PositiveNumber);
  gap->add_option("--yes-fraction", gap_args->yes_fraction,
                  "Fraction of rows with a planted neighbour")
      ->check(CLI::Range(0.0, 1.0));
  gap->add_option("--seed", gap_args->seed, "Random seed");
  gap->add_option("-o,--out", gap_args->out, "Output file ('-' for stdout)");
  add_json_option(*gap, gap_args->json, "What was written: sizes and provenance");
  gap->callback([gap_args, &exit_code] {
    require_stdout_free(gap_args->out, "-o");
    const PlantedGapParams params{gap_args->n,   gap_args->dim,          gap_args->t,
                                  gap_args->eps, gap_args->yes_fraction, 50,
                                  gap_args->seed};
    require_generated_within_budget("gen gap-hamming", generated_bytes(params));
    const GeneratedGap g = planted_gap_hamming(params);
    Provenance prov = g.provenance;
    prov.extra.push_back(fmt::format("rows outside the promise after redrawing: {}", g.outside));
    write_file_atomic(gap_args->out, format_gap_hamming(g.instance, prov));
    nlohmann::json doc = generated_json(gap_args->out, prov);
    doc["generator"] = "gap-hamming";
    doc["points_per_side"] = gap_args->n;
    doc["dim"] = gap_args->dim;
    doc["outside_promise"] = g.outside;
    emit_json(gap_args->json, "gen", 1, std::move(doc));
    if (g.outside > 0)
      fmt::print(
          stderr,
          "warning: {} row(s) remain outside the promise (t, (1 + eps) t); they are not labelled\n",
          g.outside);
    exit_code = kExitOk;
  });
}

void add_gen_ov(CLI::App& gen, int& exit_code) {
  auto ov_args = std::make_shared<GenOvArgs>();
  auto* ov = gen.add_subcommand("ov", "Random Orthogonal Vectors instance in the OV text format");
  ov->add_option("--na", ov_args->n_a, "Vectors in A")->check(count_between(1, kMaxCount));
  ov->add_option("--nb", ov_args->n_b, "Vectors in B (default: --na)")
      ->default_str("--na")
      ->check(count_between(1, kMaxCount));
  ov->add_option("-d,--dim", ov_args->d, "Dimension d")->check(count_between(1, kMaxCount));
  ov->add_option("--density", ov_args->density, "Probability that a coordinate is 1")
      ->check(CLI::Range(0.0, 1.0));
  ov->add_option("--plant", ov_args->plant,
                 "yes: plant an orthogonal pair; no: guarantee none; none")
      ->check(CLI::IsMember({"yes", "no", "none"}));
  ov->add_option("--seed", ov_args->seed, "Random seed");
  ov->add_option("-o,--out", ov_args->out, "Output file ('-' for stdout)");
  add_json_option(*ov, ov_args->json, "What was written: sizes, the answer when known, provenance");
  ov->callback([ov_args, &exit_code] {
    require_stdout_free(ov_args->out, "-o");
    RandomOvParams p;
    p.n_a = ov_args->n_a;
    p.n_b = ov_args->n_b == 0 ? ov_args->n_a : ov_args->n_b;
    p.d = ov_args->d;
    p.density = ov_args->density;
    p.plant = ov_args->plant == "yes"  ? OvPlant::kPlantYes
              : ov_args->plant == "no" ? OvPlant::kForceNo
                                       : OvPlant::kNone;
    p.seed = ov_args->seed;
    require_generated_within_budget("gen ov", generated_bytes(p));
    const GeneratedOv g = random_ov(p);
    write_ov(ov_args->out, g.ov, g.provenance);
    nlohmann::json doc = generated_json(ov_args->out, g.provenance);
    doc["generator"] = "ov";
    doc["n_a"] = p.n_a;
    doc["n_b"] = p.n_b;
    doc["d"] = p.d;
    emit_json(ov_args->json, "gen", 1, std::move(doc));
    exit_code = kExitOk;
  });
}

}  // namespace

void add_gen_command(CLI::App& app, int& exit_code) {
  auto* gen = app.add_subcommand(
      "gen", "Generate instances (random / planted k-CNF, random OV, Gap-Hamming, formulas)");
  gen->require_subcommand(1);
  add_gen_formula(*gen, exit_code);
  add_gen_formula_model(*gen, exit_code);

  add_gen_cnf(*gen, exit_code);
  add_gen_gap_hamming(*gen, exit_code);
  add_gen_ov(*gen, exit_code);
}

}  // namespace sethkit::cli
