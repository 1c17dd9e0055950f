// `sethkit attend`: runs an attention backend on .npy inputs (or .npz
// members; N-D arrays head by head over their leading dimensions) and writes
// the output .npy (and optionally the per-row log-sum-exp); reports the time,
// the entry bound B, the logit radius R and the backend's error bound.
#include <fmt/format.h>
#include <fmt/ranges.h>

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
#include "cli/attend_gradients.hpp"
#include "cli/backend_options.hpp"
#include "cli/commands.hpp"
#include "cli/json_output.hpp"
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
constexpr int kAttendSchemaVersion = 1;

struct AttendArgs {
  std::string q, k, v, qkv, out, lse, json;
  std::string grad, dq, dk, dv;  // --grad DO.npy and where the gradients go
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

// Q, K and V: one head each, or stacks over the same leading dimensions
// (batch, heads, ...), run head by head.
struct Inputs {
  MatrixStack q, k, v;
};

// An .npy file or .npz member, 2-D or N-D; every matrix non-empty and finite.
MatrixStack load_stack(const std::string& spec, const std::string& member) {
  const NpyArray array = read_npy(spec, Limits{}, member);
  MatrixStack stack = npy_to_stack(array, spec);
  for (const Matrix& m : stack.items) {
    if (m.rows() == 0 || m.cols() == 0)
      throw InputError(spec, fmt::format("expected a non-empty matrix, found shape ({}, {})",
                                         m.rows(), m.cols()));
    require_finite(m, spec);
  }
  if (stack.items.empty())
    throw InputError(spec, "expected at least one matrix, found a leading dimension of 0");
  return stack;
}

std::string leading_text(const std::vector<std::uint64_t>& leading) {
  return leading.empty() ? "none" : fmt::format("({})", fmt::join(leading, ", "));
}

// Q, K, V from --random n,d,B or from the three .npy files (or .npz members).
Inputs load_inputs(const AttendArgs& args) {
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
    Inputs in;
    in.q.items.push_back(uniform_matrix(rng, n, d, r[2]));
    in.k.items.push_back(uniform_matrix(rng, n, d, r[2]));
    in.v.items.push_back(uniform_matrix(rng, n, d, r[2]));
    return in;
  }
  const std::string q_spec = !args.q.empty() ? args.q : args.qkv;
  const std::string k_spec = !args.k.empty() ? args.k : args.qkv;
  const std::string v_spec = !args.v.empty() ? args.v : args.qkv;
  if (q_spec.empty() || k_spec.empty() || v_spec.empty())
    throw ContractError("attend needs --q, --k and --v (or --qkv FILE.npz), or --random n,d,B");
  Inputs in{load_stack(q_spec, "q"), load_stack(k_spec, "k"), load_stack(v_spec, "v")};
  if (in.k.leading != in.q.leading || in.v.leading != in.q.leading)
    throw InputError(in.k.leading != in.q.leading ? k_spec : v_spec,
                     fmt::format("leading dimensions {} (K) and {} (V) against {} (Q); expected "
                                 "the same batch and head dimensions",
                                 leading_text(in.k.leading), leading_text(in.v.leading),
                                 leading_text(in.q.leading)));
  const Matrix &q = in.q.items.front(), &k = in.k.items.front(), &v = in.v.items.front();
  if (q.cols() != k.cols())
    throw InputError(
        k_spec, fmt::format("K has {} columns, Q has {}; expected the same d", k.cols(), q.cols()));
  if (k.rows() != v.rows())
    throw InputError(v_spec, fmt::format("V has {} rows, K has {}; expected one value row per key",
                                         v.rows(), k.rows()));
  return in;
}

// A file staged for writing; committed by the caller once every output is staged.
std::unique_ptr<AtomicOutput> stage(const std::string& path, const std::string& bytes) {
  if (path.empty()) return nullptr;
  auto out = std::make_unique<AtomicOutput>(path);
  out->stream().write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return out;
}

// Every head's result, joined: the largest error bound, logit radius (when
// every head observed it) and measured error; the summed time.
struct Totals {
  double seconds = 0, error_bound = 0, max_abs_logit = 0, entry_bound = 0, radius_bound = 0;
  bool radius_observed = true;
  std::optional<double> measured;
};

std::string summary_line(const AttendArgs& args, const std::string& backend,
                         const ResolvedScale& scale, const AttentionInput& head, std::size_t heads,
                         const std::vector<std::uint64_t>& leading, const Totals& t) {
  std::string checked;
  if (t.measured)
    checked =
        fmt::format("; measured error {:.3g} on {} row(s){}", *t.measured,
                    std::min<std::size_t>(static_cast<std::size_t>(head.q.rows()), args.check_rows),
                    heads > 1 ? " of each head" : "");
  const std::string r_text = t.radius_observed ? fmt::format("{:.4g}", t.max_abs_logit)
                                               : fmt::format("<= {:.4g} (bound)", t.radius_bound);
  return fmt::format(
      "{}: {}{} x {} queries, {} keys, d_v = {}, scale {}{}{}: {:.4f} s; B = {:.4g}, R = {}, "
      "error bound {}{}{}",
      backend, heads > 1 ? fmt::format("{} heads {} of ", heads, leading_text(leading)) : "",
      head.q.rows(), head.q.cols(), head.k.rows(), head.v.cols(), scale.spelled,
      args.scale_option->count() > 0 ? "" : " (the default; PyTorch SDPA's is 1/sqrt(d))",
      head.causal ? fmt::format(", {} causal", to_string(head.alignment)) : "", t.seconds,
      t.entry_bound, r_text,
      std::isfinite(t.error_bound) ? fmt::format("{:.3g}", t.error_bound)
                                   : std::string("unbounded (no guarantee)"),
      checked, args.out.empty() ? "" : "; wrote " + args.out);
}

int run(const AttendArgs& args) {
  require_stdout_free(args.out, "-o");
  require_stdout_free(args.lse, "--lse");
  for (const auto* path : {&args.dq, &args.dk, &args.dv})
    require_stdout_free(*path, "--dq/--dk/--dv");
  const auto backend = make_backend(args.backend, args.backend_options);
  const Inputs in = load_inputs(args);
  const std::size_t heads = in.q.items.size();
  const Matrix &q0 = in.q.items.front(), &k0 = in.k.items.front(), &v0 = in.v.items.front();
  const ResolvedScale scale = resolve_scale(args.scale, q0.cols(), "--scale");
  std::optional<Rope> rope;
  if (args.rope_base > 0) rope = Rope{args.rope_base, parse_rope_layout(args.rope_layout)};
  const bool causal = args.causal_option->count() > 0;
  const CausalAlignment alignment = parse_causal_alignment(args.causal);
  // Decide before working: exact attention's estimated time against --max-seconds.
  const double estimate =
      static_cast<double>(heads) *
      estimated_attention_seconds(static_cast<double>(q0.rows()), static_cast<double>(k0.rows()),
                                  static_cast<double>(q0.cols()), static_cast<double>(v0.cols()),
                                  args.backend);
  if (process_budget().max_seconds > 0 && estimate > process_budget().max_seconds)
    throw ContractError(fmt::format(
        "refused before starting: exact attention on {}{} x {} queries and {} keys takes about {}, "
        "above the time budget of {} (--max-seconds)",
        heads > 1 ? fmt::format("{} heads of ", heads) : "", q0.rows(), q0.cols(), k0.rows(),
        format_seconds(estimate), format_seconds(process_budget().max_seconds)));
  // A run that will take a second or more says so before it starts.
  if (progress_enabled() && estimate >= 1)
    fmt::print(stderr,
               "attend: plan: {} head(s); Q, K, V and the output {} in memory, about {} "
               "({})\n",
               heads,
               format_bytes(static_cast<std::uint64_t>(
                   8.0 * static_cast<double>(heads) *
                   static_cast<double>(q0.size() + k0.size() + v0.size() + q0.rows() * v0.cols()))),
               format_seconds(estimate), "exact attention's estimate; docs/cli.md");
  MatrixStack outs{in.q.leading, {}}, lses{in.q.leading, {}};
  Totals t;
  GradientRun grads{{}, {in.q.leading, {}}, {in.q.leading, {}}, {in.q.leading, {}}};
  if (!args.grad.empty()) backend->require_backward();  // before any work
  if (!args.grad.empty()) grads.d_out = load_d_out(args.grad, in.q.leading, q0.rows(), v0.cols());
  for (std::size_t h = 0; h < heads; ++h) {
    const AttentionInput input{in.q.items[h], in.k.items[h], in.v.items[h], scale.value,
                               causal,        rope,          alignment};
    // A top-left input runs as bottom-right pieces (attention/backend.hpp); run() judges those.
    if (!input.top_left()) {
      const Support support = backend->supports_input(input);
      if (!support.ok)
        throw ContractError(
            fmt::format("backend '{}' refuses this input: {}", backend->name(), support.reason));
    }
    AttentionOutput result = backend->run(input);
    if (!result.out.allFinite())
      throw Error("attention produced non-finite output; nothing written");
    if (args.check) {
      const double e = sampled_error(input, result.out,
                                     random_rows(input.q.rows(), args.check_rows, args.seed + h));
      t.measured = std::max(t.measured.value_or(0.0), e);
    }
    t.seconds += result.seconds;
    t.error_bound = std::max(t.error_bound, result.error_bound);
    t.radius_observed = t.radius_observed && result.max_abs_logit >= 0;
    t.max_abs_logit = std::max(t.max_abs_logit, result.max_abs_logit);
    t.entry_bound = std::max(t.entry_bound, entry_bound(input));
    t.radius_bound = std::max(t.radius_bound, logit_radius_bound(input));
    if (!args.grad.empty()) add_head_gradients(grads, h, *backend, input, result, args.check);
    outs.items.push_back(std::move(result.out));
    lses.items.push_back(std::move(result.lse));
    if (h + 1 == heads) {
      // Stage every output before committing any, so a failure leaves none behind.
      auto out = stage(args.out, format_npy_stack(outs, NpyDtype::kFloat64));
      auto lse =
          stage(args.lse, args.lse.empty() ? "" : format_npy_stack(lses, NpyDtype::kFloat64, true));
      const auto gradient = [&](const std::string& path, const MatrixStack& g) {
        return stage(path, path.empty() ? "" : format_npy_stack(g, NpyDtype::kFloat64));
      };
      auto dq = gradient(args.dq, grads.dq), dk = gradient(args.dk, grads.dk),
           dv = gradient(args.dv, grads.dv);
      AttentionOutput joined;
      joined.out = outs.items.front();
      joined.seconds = t.seconds;
      joined.error_bound = t.error_bound;
      joined.max_abs_logit = t.radius_observed ? t.max_abs_logit : -1;
      joined.details = result.details;
      nlohmann::json doc;
      if (!args.json.empty()) {
        doc = attention_run_report(backend->name(), input, joined, t.measured);
        doc["B"] = t.entry_bound;
        doc["R_bound"] = t.radius_bound;
        doc["heads"] = heads;
        doc["leading_shape"] = in.q.leading;
        doc["backward"] = args.grad.empty() ? nlohmann::json(nullptr) : gradient_json(grads);
        doc["document"] = "attend";
        doc["schema_version"] = kAttendSchemaVersion;
      }
      // A report file is staged with the arrays; standard output gets it last.
      auto json = stage(args.json == "-" ? "" : args.json, doc.is_null() ? "" : doc.dump(2) + "\n");
      for (auto* staged : {out.get(), lse.get(), dq.get(), dk.get(), dv.get(), json.get()})
        if (staged) staged->commit();
      fmt::print("{}\n", summary_line(args, backend->name(), scale, input, heads, in.q.leading, t));
      if (!joined.details.empty()) fmt::print("  {}: {}\n", backend->name(), joined.details);
      if (!args.grad.empty()) fmt::print("  {}\n", gradient_summary(grads));
      if (args.json == "-") emit_json("-", "attend", kAttendSchemaVersion, doc);
    }
  }
  return kExitOk;
}

void add_attend_options(CLI::App& cmd, AttendArgs& a) {
  AttendArgs* args = &a;
  auto* q_opt = cmd.add_option(
      "--q", args->q,
      "Q.npy (n_q x d, or (..., n_q, d): leading batch and head dimensions run head by head), or "
      "FILE.npz[:NAME] (default member q)");
  auto* k_opt =
      cmd.add_option("--k", args->k, "K.npy (n_k x d, or (..., n_k, d)) or FILE.npz[:NAME]");
  auto* v_opt =
      cmd.add_option("--v", args->v, "V.npy (n_k x d_v, or (..., n_k, d_v)) or FILE.npz[:NAME]");
  auto* qkv_opt = cmd.add_option(
      "--qkv", args->qkv, "One .npz archive holding q, k and v (np.savez(F, q=q, k=k, v=v))");
  args->random_option =
      cmd.add_option("--random", args->random,
                     "Random inputs instead of files: n,d,B (entries uniform in [-B, B])")
          ->delimiter(',')
          ->expected(3)
          ->excludes(q_opt)
          ->excludes(k_opt)
          ->excludes(v_opt)
          ->excludes(qkv_opt);
  cmd.add_option("--seed", args->seed, "Seed of --random and of the --check row sample");
  cmd.add_flag("--check", args->check,
               "Measure the max entrywise error against `naive` (on a row sample when n is large)");
  cmd.add_option("--check-rows", args->check_rows, "Rows sampled by --check (default 256)");
  cmd.add_option("-o,--out", args->out,
                 "Output .npy (n_q x d_v, or (..., n_q, d_v) for stacked heads; float64)");
  cmd.add_option("--lse", args->lse,
                 "Also write the per-row log-sum-exp (n_q, or (..., n_q); float64)");
  add_json_option(cmd, args->json, "The run report");
  auto* grad = cmd.add_option("--grad", args->grad,
                              "dLoss/dO (.npy shaped like the output): also run the backward pass "
                              "(naive, flash, flash64; docs/backends.md)");
  for (auto [flag, into, what] :
       {std::tuple{"--dq", &args->dq, "dQ"}, std::tuple{"--dk", &args->dk, "dK"},
        std::tuple{"--dv", &args->dv, "dV"}})
    cmd.add_option(flag, *into, fmt::format("Write {} (.npy shaped like its input)", what))
        ->needs(grad);
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
