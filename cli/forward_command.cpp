// `sethkit forward DIR`: runs the reference transformer of a model directory
// (attention/transformer_io.hpp; Saha, Xu, Ye, Yu 2026) on DIR/X.npy or
// --input, writes X_L as .npy, and with a certificate in DIR decodes the
// answer: 3-OV by the rule of docs/reductions/three_ov_to_transformer.md, a
// formula's root by docs/reductions/formula_transformer.md.
#include <fmt/format.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "attention/cost_model.hpp"
#include "attention/registry.hpp"
#include "attention/transformer_io.hpp"
#include "cli/commands.hpp"
#include "cli/forward_formula.hpp"
#include "cli/json_output.hpp"
#include "core/budget.hpp"
#include "core/error.hpp"
#include "core/file_io.hpp"
#include "core/json_report.hpp"
#include "core/npy.hpp"
#include "core/progress.hpp"
#include "core/stopwatch.hpp"
#include "reductions/cnf_to_three_ov.hpp"
#include "reductions/three_ov_to_transformer.hpp"

namespace sethkit::cli {

namespace {
struct ForwardArgs {
  std::string dir, input, out, json;
  std::string backend = "naive";
  bool decode = false;
  double assume_error = -1;
};
Matrix read_input(const std::string& input, const TransformerModel& model) {
  const Matrix x = npy_to_matrix(read_npy(input), input);
  require_finite(x, input);
  if (x.cols() != model.width || x.rows() == 0)
    throw InputError(input, fmt::format("expected a non-empty input with {} columns (the "
                                        "model's width), found shape ({}, {})",
                                        model.width, x.rows(), x.cols()));
  return x;
}

nlohmann::json read_certificate_json(const std::string& path) {
  try {
    return nlohmann::json::parse(read_text_file(path, 64ULL << 20));
  } catch (const nlohmann::json::exception& e) {  // parse_error, or out_of_range (1e999)
    throw InputError(path, fmt::format("not valid JSON ({})", json_error_text(e)));
  }
}

// The 3-OV -> transformer certificate of DIR/certificate.json, checked against the input.
TransformerCertificate read_certificate(const nlohmann::json& doc, const std::string& path,
                                        const Matrix& x, const TransformerModel& model) {
  if (!doc.is_object() || !doc.contains("3ov_to_transformer"))
    throw InputError(path,
                     "expected a \"3ov_to_transformer\" or \"formula_transformer\" certificate "
                     "to decode with");
  const TransformerCertificate c =
      transformer_certificate_from_json(doc["3ov_to_transformer"], path);
  if (c.tokens != x.rows() || c.width != model.width)
    throw InputError(path, fmt::format("the certificate is for {} tokens of width {}, "
                                       "the input is {} x {}",
                                       c.tokens, c.width, x.rows(), x.cols()));
  return c;
}

int run(const ForwardArgs& args) {
  require_stdout_free(args.out, "-o");
  const std::filesystem::path dir(args.dir);
  const TransformerModel model = read_transformer(args.dir);
  const Matrix x = read_input(args.input.empty() ? (dir / "X.npy").string() : args.input, model);
  std::optional<TransformerCertificate> certificate;
  std::optional<FormulaCertificate> formula;
  if (args.decode) {
    const std::string path = (dir / "certificate.json").string();
    const nlohmann::json c = read_certificate_json(path);
    if (c.is_object() && c.contains("formula_transformer"))
      formula = formula_certificate(c["formula_transformer"], path, x, model);
    else
      certificate = read_certificate(c, path, x, model);
  }
  // Decide before working: every head's projections and attention at the
  // measured rate of its backend (attention/cost_model.hpp).
  const auto t = static_cast<double>(x.rows()), m = static_cast<double>(model.width);
  double estimate = 0;
  for (const TransformerLayer& layer : model.layers)
    for (const TransformerHead& head : layer.heads) {
      const auto d = static_cast<double>(head.wq.cols()), d_v = static_cast<double>(head.wv.cols());
      estimate += estimated_attention_seconds(t, t, d, d_v, args.backend) +
                  t * m * (2 * d + d_v) / kNaiveMacsPerSecond;
    }
  if (process_budget().max_seconds > 0 && estimate > process_budget().max_seconds)
    throw InputError(args.dir, fmt::format("refused before starting: the forward pass takes about "
                                           "{}, above the time budget of {} (--max-seconds)",
                                           format_seconds(estimate),
                                           format_seconds(process_budget().max_seconds)));
  if (progress_enabled() && estimate >= 1)
    fmt::print(stderr, "forward: plan: {} layers x {} heads on {} tokens, about {}\n",
               model.num_layers(), model.num_heads(), x.rows(), format_seconds(estimate));
  const auto backend = make_backend(args.backend);
  double bound = 0;
  Stopwatch watch;
  const Matrix out = transformer_forward(model, x, *backend, &bound);
  const double seconds = watch.seconds();
  if (!out.allFinite())
    throw Error("the transformer produced a non-finite output; nothing written");
  if (!args.out.empty()) write_npy(args.out, out);
  fmt::print(
      "forward {}: {} layers x {} heads, {} tokens x width {}, {} attention on '{}', "
      "{:.3f} s, heads' error bound {:.3g}{}\n",
      args.dir, model.num_layers(), model.num_heads(), x.rows(), model.width,
      to_string(model.attention), args.backend, seconds, bound,
      args.out.empty() ? "" : fmt::format(", wrote {}", args.out));
  nlohmann::json doc = {
      {"tool", tool_json()},
      {"model", args.dir},
      {"layers", model.num_layers()},
      {"heads", model.num_heads()},
      {"tokens", x.rows()},
      {"width", model.width},
      {"attention", to_string(model.attention)},
      {"backend", args.backend},
      {"seconds", seconds},
      {"error_bound", bound},
      {"out", args.out.empty() ? nlohmann::json(nullptr) : nlohmann::json(args.out)},
      {"decoded", nullptr}};
  if (formula) {
    const int code = decode_formula(*formula, out, doc);
    emit_json(args.json, "forward", 1, std::move(doc));
    return code;
  }
  if (!certificate) {
    emit_json(args.json, "forward", 1, std::move(doc));
    return kExitOk;
  }
  const double assumed = args.assume_error >= 0 ? args.assume_error : std::max(bound, 1e-9);
  const TransformerDecoded d = decode_transformer_output(*certificate, out, assumed);
  fmt::print("decoded: {} (min ACC {:.6f} at token {}, threshold {:.4f}, margin {:.4f}){}\n",
             to_string(d.verdict), d.min_acc, d.row, certificate->threshold, d.margin,
             d.note.empty() ? "" : "; " + d.note);
  doc["decoded"] = {{"verdict", to_string(d.verdict)},
                    {"min_acc", d.min_acc},
                    {"token", d.row},
                    {"threshold", certificate->threshold},
                    {"margin", d.margin},
                    {"assumed_error", assumed},
                    {"note", d.note}};
  emit_json(args.json, "forward", 1, std::move(doc));
  return d.verdict == Verdict::kAmbiguous ? kExitDisagree : kExitOk;
}
}  // namespace

void add_forward_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<ForwardArgs>();
  auto* cmd = app.add_subcommand(
      "forward", "Run the transformer of a model directory (model.json + .npy weights)");
  cmd->add_option("dir", args->dir, "Model directory (as written by reduce --to transformer)")
      ->required();
  cmd->add_option("--input", args->input, "Input X_0 .npy (default: DIR/X.npy)");
  cmd->add_option("-o,--out", args->out, "Write X_L (tokens x width, float64) to this .npy");
  cmd->add_option("--backend", args->backend, "Backend of the softmax heads: naive, flash, ...");
  cmd->add_flag("--decode", args->decode,
                "Decode with DIR/certificate.json: the 3-OV answer (exit 3 when ambiguous) or a "
                "formula's root (exit 3 when unknown or not the evaluator's)");
  cmd->add_option("--assume-error", args->assume_error,
                  "Oracle error the decoder assumes (default: the heads' bound, at least 1e-9)")
      ->check(CLI::NonNegativeNumber);
  add_json_option(*cmd, args->json, "The run and, with --decode, the decoded answer");
  cmd->callback([args, &exit_code] { exit_code = run(*args); });
}

}  // namespace sethkit::cli
