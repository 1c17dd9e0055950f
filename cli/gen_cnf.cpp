// `sethkit gen cnf`: uniform random and planted k-CNF (instances/random_cnf.hpp)
// and the combinatorial families with known answers, as CNFgen names and
// parameterises them (instances/cnf_families.hpp): php, parity, ordering,
// clique-coloring, tseitin. Written in DIMACS with provenance; the family's
// answer and its reason are comment lines of the file and, for a file, the
// summary on stderr.
#include <fmt/format.h>

#include <map>

#include "cli/budget_options.hpp"
#include "cli/commands.hpp"
#include "cli/json_output.hpp"
#include "core/dimacs.hpp"
#include "core/error.hpp"
#include "core/limits.hpp"
#include "instances/cnf_families.hpp"
#include "instances/generation_budget.hpp"
#include "instances/random_cnf.hpp"

namespace sethkit::cli {

namespace {
constexpr std::uint64_t kMaxClauseCount = 1ULL << 40;

struct GenCnfArgs {
  std::string family = "random";
  int vars = 20;
  std::size_t clauses = 0;
  double ratio = 0;
  int k = 3;
  bool planted = false;
  CnfFamilyParams params;
  std::uint64_t seed = 1;
  std::string out = "-", json;
  std::map<std::string, CLI::Option*> options;  // by name, to say which family takes them
};

// The families each option belongs to.
const std::map<std::string, std::vector<std::string>>& option_families() {
  static const std::map<std::string, std::vector<std::string>> families{
      {"--vars", {"random", "planted"}},
      {"--clauses", {"random", "planted"}},
      {"--ratio", {"random", "planted"}},
      {"--k", {"random", "planted"}},
      {"--planted", {"random"}},
      {"--pigeons", {"php"}},
      {"--holes", {"php"}},
      {"--functional", {"php"}},
      {"--onto", {"php"}},
      {"--elements", {"parity", "ordering"}},
      {"--total", {"ordering"}},
      {"--vertices", {"clique-coloring", "tseitin"}},
      {"--clique", {"clique-coloring"}},
      {"--colours", {"clique-coloring"}},
      {"--degree", {"tseitin"}},
      {"--charge", {"tseitin"}},
  };
  return families;
}

// An option given for a family that does not take it is refused, naming the ones that do.
void require_options_of(const GenCnfArgs& args) {
  for (const auto& [name, option] : args.options) {
    if (option->count() == 0) continue;
    const auto& families = option_families().at(name);
    if (std::find(families.begin(), families.end(), args.family) == families.end())
      throw ContractError(fmt::format("gen cnf: {} applies to --family {}, not {}", name,
                                      fmt::join(families, "|"), args.family));
  }
}

void write_random(const GenCnfArgs& args) {
  RandomCnfParams p;
  p.vars = args.vars;
  p.k = args.k;
  p.planted = args.planted || args.family == "planted";
  p.seed = args.seed;
  if (args.options.at("--clauses")->count() > 0)
    p.clauses = args.clauses;
  else
    p.clauses =
        clauses_for_ratio(p.vars, args.options.at("--ratio")->count() > 0 ? args.ratio : 4.26);
  require_count_within("--vars", static_cast<std::uint64_t>(p.vars), Limits{}.max_vars,
                       "variables");
  require_count_within(args.options.at("--clauses")->count() > 0 ? "--clauses" : "--ratio",
                       p.clauses, Limits{}.max_clauses, "clauses");
  require_generated_within_budget("gen cnf", generated_bytes(p));
  const GeneratedCnf g = random_kcnf(p);
  write_dimacs(args.out, g.cnf, g.provenance);
  nlohmann::json doc = generated_json(args.out, g.provenance);
  doc["generator"] = "cnf";
  doc["variables"] = g.cnf.num_vars();
  doc["clauses"] = g.cnf.num_clauses();
  doc["answer"] = p.planted ? nlohmann::json("sat") : nlohmann::json(nullptr);
  emit_json(args.json, "gen", 1, std::move(doc));
  if (args.out != "-")
    fmt::print(stderr, "wrote {}: {} {}, {} variables, {} clauses{}\n", args.out,
               g.provenance.family, g.provenance.params, g.cnf.num_vars(), g.cnf.num_clauses(),
               p.planted ? "; answer: sat (planted)" : "");
}

void write_family(const GenCnfArgs& args) {
  CnfFamilyParams p = args.params;
  p.family = args.family;
  p.seed = args.seed;
  // Sizes from the family's formulas, against the limits and the budget, before building.
  require_family_within_budget("gen cnf --family " + p.family, p);
  const FamilyCnf f = generate_cnf_family(p);
  write_dimacs(args.out, f.generated.cnf, f.generated.provenance);
  nlohmann::json doc = generated_json(args.out, f.generated.provenance);
  doc["generator"] = "cnf";
  doc["variables"] = f.generated.cnf.num_vars();
  doc["clauses"] = f.generated.cnf.num_clauses();
  doc["answer"] = f.satisfiable ? "sat" : "unsat";
  doc["reason"] = f.reason;
  emit_json(args.json, "gen", 1, std::move(doc));
  if (args.out != "-")
    fmt::print(stderr, "wrote {}: {} {}, {} variables, {} clauses; answer: {} ({})\n", args.out,
               p.family, f.generated.provenance.params, f.generated.cnf.num_vars(),
               f.generated.cnf.num_clauses(), f.satisfiable ? "sat" : "unsat", f.reason);
}
}  // namespace

void add_gen_cnf(CLI::App& gen, int& exit_code) {
  auto args = std::make_shared<GenCnfArgs>();
  auto* cnf = gen.add_subcommand(
      "cnf",
      "CNF in DIMACS: random or planted k-CNF, or a family with a known answer (CNFgen's php, "
      "parity, ordering, clique-coloring, tseitin)");
  std::vector<std::string> families{"random", "planted"};
  for (const auto& name : cnf_family_names()) families.push_back(name);
  cnf->add_option("--family", args->family, "Which formula (docs/formats.md, \"CNF families\")")
      ->check(CLI::IsMember(families));
  auto& o = args->options;
  CnfFamilyParams& p = args->params;
  o["--vars"] = cnf->add_option("-n,--vars", args->vars, "random: number of variables")
                    ->check(count_between(1, kMaxDimacsVariables));
  o["--clauses"] = cnf->add_option("-m,--clauses", args->clauses, "random: number of clauses")
                       ->default_str("")  // from --ratio
                       ->check(count_between(0, kMaxClauseCount));
  o["--ratio"] =
      cnf->add_option("--ratio", args->ratio, "random: clauses per variable (instead of --clauses)")
          ->default_str("4.26")
          ->check(CLI::NonNegativeNumber);
  o["--clauses"]->excludes(o["--ratio"]);
  o["--k"] = cnf->add_option("-k,--k", args->k, "random: literals per clause")
                 ->check(count_between(1, 1024));
  o["--planted"] =
      cnf->add_flag("--planted", args->planted,
                    "random: plant a hidden satisfying assignment (= --family planted)");
  o["--pigeons"] =
      cnf->add_option("--pigeons", p.pigeons, "php: pigeons m")->check(count_between(0, 1 << 15));
  o["--holes"] =
      cnf->add_option("--holes", p.holes, "php: holes n")->check(count_between(0, 1 << 15));
  o["--functional"] =
      cnf->add_flag("--functional", p.functional, "php: each pigeon flies to one hole only");
  o["--onto"] = cnf->add_flag("--onto", p.onto, "php: every hole gets a pigeon");
  o["--elements"] = cnf->add_option("--elements", p.n, "parity, ordering: domain size")
                        ->check(count_between(1, 1 << 15));
  o["--total"] = cnf->add_flag("--total", p.total, "ordering: add the totality axioms");
  o["--vertices"] =
      cnf->add_option("--vertices", p.n, "clique-coloring, tseitin: vertices of the graph")
          ->check(count_between(0, 1 << 15));
  o["--clique"] = cnf->add_option("--clique", p.clique, "clique-coloring: clique size k")
                      ->check(count_between(0, 1 << 15));
  o["--colours"] = cnf->add_option("--colours,--colors", p.colours,
                                   "clique-coloring: colours c (UNSAT iff k > c, or k > n)")
                       ->check(count_between(0, 1 << 15));
  o["--degree"] =
      cnf->add_option("--degree", p.degree, "tseitin: degree d of the random regular graph")
          ->check(count_between(1, 16));
  o["--charge"] = cnf->add_option("--charge", p.charge,
                                  "tseitin: first (odd on vertex 1: UNSAT when connected), random, "
                                  "randomodd or randomeven")
                      ->check(CLI::IsMember({"first", "random", "randomodd", "randomeven"}));
  cnf->add_option("--seed", args->seed, "Random seed (random, planted, tseitin's graph)");
  cnf->add_option("-o,--out", args->out, "Output file ('-' for stdout)");
  add_json_option(*cnf, args->json, "What was written: sizes, the answer when known, provenance");
  cnf->callback([args, &exit_code] {
    require_stdout_free(args->out, "-o");
    require_options_of(*args);
    if (args->family == "random" || args->family == "planted")
      write_random(*args);
    else
      write_family(*args);
    exit_code = kExitOk;
  });
}

}  // namespace sethkit::cli
