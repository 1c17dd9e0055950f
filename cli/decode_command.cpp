// `sethkit decode Y.npy --certificate DIR/certificate.json [--source FILE]`:
// reads an oracle's output computed anywhere and applies the certificate's
// rule (chain/decode_output.hpp): the verdict, the YES rows and the margin,
// and with the source a witness mapped back and checked. Exit 10 YES, 20 NO
// (as solve), 3 ambiguous, 1 bad input.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <nlohmann/json.hpp>
#include <optional>

#include "chain/decode_output.hpp"
#include "cli/commands.hpp"
#include "cli/json_output.hpp"
#include "core/error.hpp"
#include "core/json_report.hpp"
#include "core/npy.hpp"

namespace sethkit::cli {

namespace {
struct DecodeArgs {
  std::string output, certificate, source, json;
  double assume_error = -1;
  bool strict = false;
};

// The first rows of a list, and how many more.
std::string first_rows(const std::vector<std::size_t>& rows) {
  const std::size_t shown = std::min<std::size_t>(rows.size(), 10);
  return fmt::format("{}{}", fmt::join(rows.begin(), rows.begin() + static_cast<long>(shown), " "),
                     rows.size() > shown ? fmt::format(" (and {} more)", rows.size() - shown) : "");
}

void print(const DecodedOutput& d) {
  fmt::print("{}: {} (threshold {:.6g}, margin {:.4g})\n", d.reduction, to_string(d.verdict),
             d.threshold, d.margin);
  fmt::print(
      "  holds if the oracle's entrywise error is at most {:.6g} (the certificate tolerates "
      "errors below {:.6g})\n",
      d.assumed_error, d.tolerated_error);
  if (!d.yes_rows.empty())
    fmt::print("  YES rows ({}): {}\n", d.yes_rows.size(), first_rows(d.yes_rows));
  if (!d.ambiguous_rows.empty())
    fmt::print("  ambiguous rows ({}): {}\n", d.ambiguous_rows.size(),
               first_rows(d.ambiguous_rows));
  if (d.witness)
    fmt::print("  witness on the {} source: {}; independent check: {}\n", d.source_problem,
               describe(*d.witness), d.witness_checked ? "ok" : "FAILED");
  if (!d.note.empty()) fmt::print("  {}\n", d.note);
}

int run(const DecodeArgs& args) {
  const nlohmann::json certificate = read_certificate(args.certificate);
  std::optional<SourceFile> source;
  if (!args.source.empty()) source = load_source(args.source, args.strict);
  const Matrix y = npy_to_matrix(read_npy(args.output), args.output);
  require_finite(y, args.output);
  DecodeOptions options;
  if (args.assume_error >= 0) options.assumed_error = args.assume_error;
  const DecodedOutput d =
      decode_output(y, certificate, args.certificate, source ? &*source : nullptr, options);
  print(d);
  emit_json(args.json, "decode", 1, to_json(d));
  if (d.witness && !d.witness_checked) return kExitDisagree;
  return d.verdict == Verdict::kYes  ? kExitSat
         : d.verdict == Verdict::kNo ? kExitUnsat
                                     : kExitDisagree;
}
}  // namespace

void add_decode_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<DecodeArgs>();
  auto* cmd = app.add_subcommand(
      "decode",
      "Decode an oracle's output (computed anywhere) with the certificate reduce wrote; exit 10 "
      "YES, 20 NO, 3 ambiguous");
  cmd->add_option("output", args->output, "The oracle's output .npy (n_q x d_v, or X_L)")
      ->required();
  cmd->add_option("--certificate", args->certificate, "certificate.json written by reduce")
      ->required();
  cmd->add_option("--source", args->source,
                  "The CNF, OV or Gap-Hamming file reduce read: map the witness back and check it");
  cmd->add_option("--assume-error", args->assume_error,
                  "The oracle error the rule assumes (default: just below the certificate's "
                  "tolerance)")
      ->check(CLI::NonNegativeNumber);
  add_json_option(*cmd, args->json, "The decoded answer");
  cmd->add_flag("--strict", args->strict, "Read the source in strict mode");
  cmd->callback([args, &exit_code] { exit_code = run(*args); });
}

}  // namespace sethkit::cli
