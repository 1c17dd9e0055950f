// `sethkit attend`: runs an attention backend on .npy inputs and writes the
// output .npy (and optionally the per-row log-sum-exp); reports the time, the
// entry bound B, the logit radius R and the backend's error bound.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <optional>
#include <tuple>
#include <vector>

#include "attention/cost_model.hpp"
#include "attention/reference_check.hpp"
#include "attention/registry.hpp"
#include "attention/run_report.hpp"
#include "attention/scale_word.hpp"
#include "attention/stats.hpp"
#include "cli/backend_options.hpp"
#include "cli/commands.hpp"
#include "cli/option_parsing.hpp"
#include "core/budget.hpp"
#include "core/error.hpp"
#include "core/file_io.hpp"
#include "core/json_report.hpp"
#include "core/npy.hpp"
#include "core/progress.hpp"
#include "core/rng.hpp"

namespace sethkit::cli {

namespace {
struct AttendArgs {
  std::string q, k, v, out, lse, json;
  std::string backend = "naive";
  std::string scale = "1/d";
  std::vector<double> random;  // n, d, B
  std::uint64_t seed = 1;
  bool check = false;
  std::size_t check_rows = 256;
  BackendOptions backend_options;
  std::string causal;    // "bottom-right" or "top-left" when --causal is given
  double rope_base = 0;  // 0: no RoPE
  std::string rope_layout = "interleaved";
  const CLI::Option* causal_option = nullptr;  // given: a causal mask
  const CLI::Option* scale_option = nullptr;   // given: --scale
  const CLI::Option* random_option = nullptr;  // given: --random instead of files
};

Matrix load_matrix(const std::string& path) {
  Matrix m = npy_to_matrix(read_npy(path), path);
  if (m.rows() == 0 || m.cols() == 0)
    throw InputError(
        path, fmt::format("expected a non-empty matrix, found shape ({}, {})", m.rows(), m.cols()));
  require_finite(m, path);
  return m;
}

// Q, K and V from --random n,d,B or from the three .npy files.
std::tuple<Matrix, Matrix, Matrix> load_inputs(const AttendArgs& args) {
  if (args.random_option->count() > 0) {
    const auto& r = args.random;
    if (r[0] < 1 || r[1] < 1 || r[0] != std::floor(r[0]) || r[1] != std::floor(r[1]) ||
        !(r[2] >= 0) || r[0] * r[1] > 1e10)
      throw ContractError(
          "--random expects n,d,B with integers n, d >= 1 (n d <= 1e10) and B >= 0");
    // Q, K, V and the output, in double, against the memory budget before allocating.
    const double bytes = 4 * r[0] * r[1] * 8;
    if (bytes > static_cast<double>(process_budget().max_bytes))
      throw ContractError(fmt::format(
          "--random {} x {}: Q, K, V and the output take {}, above the memory budget of {} "
          "(--max-memory)",
          r[0], r[1], format_bytes(static_cast<std::uint64_t>(bytes)),
          format_bytes(process_budget().max_bytes)));
    Rng rng(args.seed);
    const auto n = static_cast<Eigen::Index>(r[0]), d = static_cast<Eigen::Index>(r[1]);
    Matrix q = uniform_matrix(rng, n, d, r[2]);
    Matrix k = uniform_matrix(rng, n, d, r[2]);
    Matrix v = uniform_matrix(rng, n, d, r[2]);
    return {std::move(q), std::move(k), std::move(v)};
  }
  if (args.q.empty() || args.k.empty() || args.v.empty())
    throw ContractError("attend needs --q, --k and --v, or --random n,d,B");
  Matrix q = load_matrix(args.q), k = load_matrix(args.k), v = load_matrix(args.v);
  if (q.cols() != k.cols())
    throw InputError(
        args.k, fmt::format("K has {} columns, Q has {}; expected the same d", k.cols(), q.cols()));
  if (k.rows() != v.rows())
    throw InputError(args.v, fmt::format("V has {} rows, K has {}; expected one value row per key",
                                         v.rows(), k.rows()));
  return {std::move(q), std::move(k), std::move(v)};
}

// A file staged for writing; committed by the caller once every output is staged.
std::unique_ptr<AtomicOutput> stage(const std::string& path, const std::string& bytes) {
  if (path.empty()) return nullptr;
  auto out = std::make_unique<AtomicOutput>(path);
  out->stream().write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return out;
}

std::string summary_line(const AttendArgs& args, const std::string& backend,
                         const ResolvedScale& scale, const AttentionInput& input,
                         const AttentionOutput& result, std::optional<double> measured) {
  std::string checked;
  if (measured)
    checked = fmt::format(
        "; measured error {:.3g} on {} row(s)", *measured,
        std::min<std::size_t>(static_cast<std::size_t>(input.q.rows()), args.check_rows));
  const std::string r_text = result.max_abs_logit >= 0
                                 ? fmt::format("{:.4g}", result.max_abs_logit)
                                 : fmt::format("<= {:.4g} (bound)", logit_radius_bound(input));
  return fmt::format(
      "{}: {} x {} queries, {} keys, d_v = {}, scale {}{}{}: {:.4f} s; B = {:.4g}, R = {}, "
      "error bound {}{}{}",
      backend, input.q.rows(), input.q.cols(), input.k.rows(), input.v.cols(), scale.spelled,
      args.scale_option->count() > 0 ? "" : " (the default; PyTorch SDPA's is 1/sqrt(d))",
      input.causal ? fmt::format(", {} causal", to_string(input.alignment)) : "", result.seconds,
      entry_bound(input), r_text,
      std::isfinite(result.error_bound) ? fmt::format("{:.3g}", result.error_bound)
                                        : std::string("unbounded (no guarantee)"),
      checked, args.out.empty() ? "" : "; wrote " + args.out);
}

int run(const AttendArgs& args) {
  const auto backend = make_backend(args.backend, args.backend_options);
  const auto [q, k, v] = load_inputs(args);
  const ResolvedScale scale = resolve_scale(args.scale, q.cols(), "--scale");
  std::optional<Rope> rope;
  if (args.rope_base > 0) rope = Rope{args.rope_base, parse_rope_layout(args.rope_layout)};
  const bool causal = args.causal_option->count() > 0;
  const AttentionInput input{
      q, k, v, scale.value, causal, rope, parse_causal_alignment(args.causal)};
  // Decide before working: exact attention's estimated time against --max-seconds.
  const double estimate = estimated_attention_seconds(
      static_cast<double>(q.rows()), static_cast<double>(k.rows()), static_cast<double>(q.cols()),
      static_cast<double>(v.cols()), args.backend);
  if (process_budget().max_seconds > 0 && estimate > process_budget().max_seconds)
    throw ContractError(fmt::format(
        "refused before starting: exact attention on {} x {} queries and {} keys takes about {}, "
        "above the time budget of {} (--max-seconds)",
        q.rows(), q.cols(), k.rows(), format_seconds(estimate),
        format_seconds(process_budget().max_seconds)));
  // A run that will take a second or more says so before it starts.
  if (progress_enabled() && estimate >= 1)
    fmt::print(
        stderr, "attend: plan: Q, K, V and the output {} in memory, about {} ({})\n",
        format_bytes(static_cast<std::uint64_t>(
            8.0 * static_cast<double>(q.size() + k.size() + v.size() + q.rows() * v.cols()))),
        format_seconds(estimate), "exact attention's estimate; docs/cli.md");
  const Support support = backend->supports_input(input);
  if (!support.ok)
    throw ContractError(
        fmt::format("backend '{}' refuses this input: {}", backend->name(), support.reason));
  const AttentionOutput result = backend->run(input);
  if (!result.out.allFinite()) throw Error("attention produced non-finite output; nothing written");
  std::optional<double> measured;
  if (args.check)
    measured = sampled_error(input, result.out, random_rows(q.rows(), args.check_rows, args.seed));
  // Stage every output before committing any, so a failure leaves none behind.
  auto out = stage(args.out, format_npy(result.out, NpyDtype::kFloat64));
  auto lse =
      stage(args.lse, args.lse.empty() ? "" : format_npy(result.lse, NpyDtype::kFloat64, true));
  auto json =
      stage(args.json,
            args.json.empty()
                ? ""
                : attention_run_report(backend->name(), input, result, measured).dump(2) + "\n");
  for (auto* staged : {out.get(), lse.get(), json.get()})
    if (staged) staged->commit();
  fmt::print("{}\n", summary_line(args, backend->name(), scale, input, result, measured));
  if (!result.details.empty()) fmt::print("  {}: {}\n", backend->name(), result.details);
  return kExitOk;
}

void add_attend_options(CLI::App& cmd, AttendArgs& a) {
  AttendArgs* args = &a;
  auto* q_opt = cmd.add_option("--q", args->q, "Q.npy (n_q x d)");
  auto* k_opt = cmd.add_option("--k", args->k, "K.npy (n_k x d)");
  auto* v_opt = cmd.add_option("--v", args->v, "V.npy (n_k x d_v)");
  args->random_option =
      cmd.add_option("--random", args->random,
                     "Random inputs instead of files: n,d,B (entries uniform in [-B, B])")
          ->delimiter(',')
          ->expected(3)
          ->excludes(q_opt)
          ->excludes(k_opt)
          ->excludes(v_opt);
  cmd.add_option("--seed", args->seed, "Seed of --random and of the --check row sample");
  cmd.add_flag("--check", args->check,
               "Measure the max entrywise error against `naive` (on a row sample when n is large)");
  cmd.add_option("--check-rows", args->check_rows, "Rows sampled by --check (default 256)");
  cmd.add_option("-o,--out", args->out, "Output .npy (n_q x d_v, float64)");
  cmd.add_option("--lse", args->lse, "Also write the per-row log-sum-exp (n_q, float64)");
  cmd.add_option("--json", args->json, "Write a JSON report");
  add_backend_options(cmd, args->backend, args->backend_options, "Attention backend");
  args->scale_option = cmd.add_option(
      "--scale", args->scale,
      "Logit scale: 1/d (Alman-Song), 1/sqrt(d) (PyTorch SDPA's default) or a number");
  args->causal_option = add_causal_option(
      cmd, args->causal,
      "Causal mask (none unless given); bottom-right (a bare --causal, as FlashAttention 2): query "
      "i sees keys j <= "
      "i + n_k - n_q, needs n_q <= n_k; top-left (PyTorch SDPA's is_causal=True): j <= i");
  cmd.add_option("--rope", args->rope_base,
                 "Rotary position embedding with this base (e.g. 10000), by pre-rotating Q and K")
      ->default_str("")  // off
      ->check(CLI::Range(1.0 + 1e-9, 1e12));
  add_rope_layout_option(
      cmd, args->rope_layout,
      "RoPE pairs: interleaved (2p, 2p+1; GPT-J) or half (p, p+d/2; Llama's rotate_half)");
}
}  // namespace

void add_attend_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<AttendArgs>();
  auto* cmd = app.add_subcommand(
      "attend", "Run an attention backend: out = diag(A 1)^-1 A V, A = exp(scale Q K^T)");
  add_attend_options(*cmd, *args);
  cmd->callback([args, &exit_code] { exit_code = run(*args); });
}

}  // namespace sethkit::cli
