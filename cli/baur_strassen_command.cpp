// `sethkit baur-strassen`: L H integer matrix products read off one gradient of
// one transformer (experiments/baur_strassen.hpp), printed as a table with the
// backward/forward cost ratio. Exit 3 when a product is not reproduced exactly.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/json_output.hpp"
#include "cli/option_parsing.hpp"
#include "core/json_report.hpp"
#include "experiments/baur_strassen.hpp"

namespace sethkit::cli {

namespace {
struct BaurStrassenArgs {
  BaurStrassenParams params;
  std::string mlp = "resid";
  std::string json;
};

void print_row(const BaurStrassenRow& r) {
  fmt::print("{:>5} {:>9} {:>12} {:>12.3g} {:>14} {:>14} {:>9.3f} {:>10.4f} {:>10.4f} {:>9.2f}\n",
             r.n, fmt::format("{}/{}", r.exact_products, r.products), r.products * r.n * r.n,
             r.max_deviation, r.forward_ops, r.backward_ops, r.ops_ratio, r.forward_seconds,
             r.backward_seconds, r.seconds_ratio);
}

int run(BaurStrassenArgs& args) {
  BaurStrassenParams& p = args.params;
  p.mlp_mode = parse_mlp_mode(args.mlp);
  fmt::print("{} layers x {} heads: {} independent products per N, entries in [{}, {}]\n", p.layers,
             p.heads, p.layers * p.heads, p.signed_entries ? -p.max_entry : 0, p.max_entry);
  fmt::print("{:>5} {:>9} {:>12} {:>12} {:>14} {:>14} {:>9} {:>10} {:>10} {:>9}\n", "N", "exact",
             "entries", "max |dev|", "forward ops", "backward ops", "ops ratio", "fwd s", "bwd s",
             "s ratio");
  fmt::print("(ops: multiply-adds and exponentials counted; seconds: medians of {} runs)\n",
             p.repeats);
  const auto rows = run_baur_strassen(p, print_row);
  const nlohmann::json doc = baur_strassen_json(p, rows);
  const bool all_exact = doc["all_exact"].get<bool>();
  fmt::print("{}\n", all_exact ? "every product reproduced exactly from one backward pass"
                               : "SOME PRODUCTS WERE NOT REPRODUCED EXACTLY");
  emit_json(args.json, "baur-strassen", 1, doc);
  return all_exact ? kExitOk : kExitDisagree;
}
}  // namespace

void add_baur_strassen_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<BaurStrassenArgs>();
  BaurStrassenParams& p = args->params;
  auto* cmd = app.add_subcommand(
      "baur-strassen",
      "L H integer matrix products read off one gradient of one transformer (the mechanism of "
      "the large-embedding bound; no lower bound is computed)");
  cmd->add_option("--n", p.n,
                  "Matrix sizes N (tokens N + 1, width 2N + 3); default 8,16,32,64,128,256")
      ->delimiter(',')
      ->check(CLI::Range(std::size_t{1}, std::size_t{512}));
  cmd->add_option("--layers", p.layers, "Layers L")
      ->check(CLI::Range(std::size_t{1}, std::size_t{64}));
  cmd->add_option("--heads", p.heads, "Heads per layer H")
      ->check(CLI::Range(std::size_t{1}, std::size_t{64}));
  cmd->add_option("--max-entry", p.max_entry,
                  "Entries are integers in [0, E] (default 1: 0/1 matrices)")
      ->check(CLI::Range(1, 1000));
  cmd->add_flag("--signed", p.signed_entries, "Entries in [-E, E] instead of [0, E]");
  add_mlp_option(*cmd, args->mlp, "MLP mode: resid (X + 0) or plain (ReLU, exact here)");
  cmd->add_option("--seed", p.seed, "Seed of the random matrices");
  cmd->add_option("--repeats", p.repeats, "Gradient runs per N; the median times are reported")
      ->check(CLI::Range(1, 100));
  add_json_option(*cmd, args->json, "The measurements");
  cmd->callback([args, &exit_code] { exit_code = run(*args); });
}

}  // namespace sethkit::cli
