// `sethkit attend`: runs an attention backend on .npy inputs and writes the
// output .npy (and optionally the per-row log-sum-exp); reports the time, the
// entry bound B, the logit radius R and the backend's error bound.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "attention/naive_backend.hpp"
#include "attention/registry.hpp"
#include "attention/stats.hpp"
#include "cli/commands.hpp"
#include "core/error.hpp"
#include "core/file_io.hpp"
#include "core/json_report.hpp"
#include "core/npy.hpp"
#include "core/rng.hpp"

namespace sethkit::cli {

namespace {
struct AttendArgs {
  std::string q, k, v, out, lse, json;
  std::string backend = "naive";
  double scale = 0;
  std::vector<double> random;  // n, d, B
  std::uint64_t seed = 1;
  bool check = false;
  std::size_t check_rows = 256;
  BackendOptions backend_options;
  bool causal = false;
  double rope_base = 0;  // 0: no RoPE
  std::string rope_layout = "interleaved";
};

// Rows of Q checked against `naive`: all of them, or `count` drawn without
// replacement (sorted) when there are more.
std::vector<Eigen::Index> check_sample(Eigen::Index n, std::size_t count, std::uint64_t seed) {
  std::vector<Eigen::Index> rows(static_cast<std::size_t>(n));
  for (Eigen::Index i = 0; i < n; ++i) rows[static_cast<std::size_t>(i)] = i;
  if (static_cast<std::size_t>(n) <= count) return rows;
  Rng rng(seed ^ 0x9e3779b97f4a7c15ULL);
  for (std::size_t t = 0; t < count; ++t)
    std::swap(rows[t], rows[t + rng.uniform_int(rows.size() - t)]);
  rows.resize(count);
  std::sort(rows.begin(), rows.end());
  return rows;
}

Matrix load_matrix(const std::string& path) {
  Matrix m = npy_to_matrix(read_npy(path), path);
  if (m.rows() == 0 || m.cols() == 0)
    throw InputError(
        path, fmt::format("expected a non-empty matrix, found shape ({}, {})", m.rows(), m.cols()));
  require_finite(m, path);
  return m;
}
}  // namespace

void add_attend_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<AttendArgs>();
  auto* cmd = app.add_subcommand(
      "attend", "Run an attention backend: out = diag(A 1)^-1 A V, A = exp(scale Q K^T)");
  auto* q_opt = cmd->add_option("--q", args->q, "Q.npy (n_q x d)");
  auto* k_opt = cmd->add_option("--k", args->k, "K.npy (n_k x d)");
  auto* v_opt = cmd->add_option("--v", args->v, "V.npy (n_k x d_v)");
  auto* random =
      cmd->add_option("--random", args->random,
                      "Random inputs instead of files: n,d,B (entries uniform in [-B, B])")
          ->delimiter(',')
          ->expected(3);
  random->excludes(q_opt)->excludes(k_opt)->excludes(v_opt);
  cmd->add_option("--seed", args->seed, "Seed of --random and of the --check row sample");
  cmd->add_flag(
      "--check", args->check,
      "Measure the max entrywise error against `naive` (on a row sample when n is large)");
  cmd->add_option("--check-rows", args->check_rows, "Rows sampled by --check (default 256)");
  cmd->add_option("-o,--out", args->out, "Output .npy (n_q x d_v, float64)");
  cmd->add_option("--lse", args->lse, "Also write the per-row log-sum-exp (n_q, float64)");
  cmd->add_option("--json", args->json, "Write a JSON report");
  cmd->add_option("--backend", args->backend,
                  "Attention backend: naive, flash (float32), flash64, poly, conv (causal only)");
  cmd->add_option("--target-error", args->backend_options.target_error,
                  "poly: wanted max entrywise error (chooses the Taylor degree)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--degree", args->backend_options.degree,
                  "poly: fixed Taylor degree instead of the degree rule")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--max-rank", args->backend_options.max_rank,
                  "poly: refuse a feature rank above this");
  cmd->add_option("--conv-window", args->backend_options.conv_window,
                  "conv: window T of the change-point search (default 8)")
      ->check(CLI::Range(1L, 1L << 20));
  cmd->add_option("--conv-tau", args->backend_options.conv_tau,
                  "conv: l1 threshold between windows (default: automatic, for exact inputs)");
  cmd->add_option("--conv-k-max", args->backend_options.conv_k_max,
                  "conv: refuse scores that need more bases (default 64)");
  cmd->add_option("--conv-eps", args->backend_options.conv_eps,
                  "conv: stated distance of the scores from an exact k-conv matrix (default 0)")
      ->check(CLI::NonNegativeNumber);
  auto* scale =
      cmd->add_option("--scale", args->scale, "Logit scale (default 1/d, as in Alman-Song)");
  cmd->add_flag("--causal", args->causal,
                "Causal mask: query i sees keys j <= i + (n_k - n_q); needs n_q <= n_k");
  cmd->add_option("--rope", args->rope_base,
                  "Rotary position embedding with this base (e.g. 10000), by pre-rotating Q and K")
      ->check(CLI::Range(1.0 + 1e-9, 1e12));
  cmd->add_option("--rope-layout", args->rope_layout, "RoPE pairs: interleaved or split-halves")
      ->check(CLI::IsMember({"interleaved", "split-halves"}));
  cmd->callback([args, scale, random, &exit_code] {
    const auto backend = make_backend(args->backend, args->backend_options);
    Matrix q, k, v;
    if (random->count() > 0) {
      const auto& r = args->random;
      if (r[0] < 1 || r[1] < 1 || r[0] != std::floor(r[0]) || r[1] != std::floor(r[1]) ||
          !(r[2] >= 0) || r[0] * r[1] > 1e10)
        throw ContractError(
            "--random expects n,d,B with integers n, d >= 1 (n d <= 1e10) and B >= 0");
      Rng rng(args->seed);
      const auto n = static_cast<Eigen::Index>(r[0]), d = static_cast<Eigen::Index>(r[1]);
      q = uniform_matrix(rng, n, d, r[2]);
      k = uniform_matrix(rng, n, d, r[2]);
      v = uniform_matrix(rng, n, d, r[2]);
    } else {
      if (args->q.empty() || args->k.empty() || args->v.empty())
        throw ContractError("attend needs --q, --k and --v, or --random n,d,B");
      q = load_matrix(args->q);
      k = load_matrix(args->k);
      v = load_matrix(args->v);
    }
    const double s = scale->count() > 0
                         ? args->scale
                         : 1.0 / static_cast<double>(std::max<Eigen::Index>(q.cols(), 1));
    if (!std::isfinite(s)) throw ContractError("--scale must be a finite number");
    if (q.cols() != k.cols())
      throw InputError(args->k, fmt::format("K has {} columns, Q has {}; expected the same d",
                                            k.cols(), q.cols()));
    if (k.rows() != v.rows())
      throw InputError(
          args->v, fmt::format("V has {} rows, K has {}; expected one value row per key", v.rows(),
                               k.rows()));
    std::optional<Rope> rope;
    if (args->rope_base > 0)
      rope = Rope{args->rope_base, args->rope_layout == "interleaved" ? RopeLayout::kInterleaved
                                                                      : RopeLayout::kSplitHalves};
    const AttentionInput input{q, k, v, s, args->causal, rope};
    const Support support = backend->supports_input(input);
    if (!support.ok)
      throw ContractError(
          fmt::format("backend '{}' refuses this input: {}", backend->name(), support.reason));
    const AttentionOutput result = backend->run(input);
    if (!result.out.allFinite())
      throw Error("attention produced non-finite output; nothing written");

    std::optional<double> measured;
    if (args->check) {
      const auto rows = check_sample(q.rows(), args->check_rows, args->seed);
      Matrix q_rows(static_cast<Eigen::Index>(rows.size()), q.cols()), got(q_rows.rows(), v.cols());
      for (std::size_t t = 0; t < rows.size(); ++t) {
        q_rows.row(static_cast<Eigen::Index>(t)) = q.row(rows[t]);
        got.row(static_cast<Eigen::Index>(t)) = result.out.row(rows[t]);
      }
      if (input.causal || input.rope) {
        // Positions matter: the reference runs on the whole input, then the rows are picked.
        const Matrix all = NaiveBackend().run(input).out;
        Matrix want(got.rows(), got.cols());
        for (std::size_t t = 0; t < rows.size(); ++t)
          want.row(static_cast<Eigen::Index>(t)) = all.row(rows[t]);
        measured = linf_error(got, want);
      } else {
        measured = linf_error(got, NaiveBackend().run({q_rows, k, v, s}).out);
      }
    }

    // Stage every output before committing any, so a failure leaves none behind.
    std::unique_ptr<AtomicOutput> out;
    if (!args->out.empty()) {
      out = std::make_unique<AtomicOutput>(args->out);
      const std::string out_bytes = format_npy(result.out, NpyDtype::kFloat64);
      out->stream().write(out_bytes.data(), static_cast<std::streamsize>(out_bytes.size()));
    }
    std::unique_ptr<AtomicOutput> lse;
    if (!args->lse.empty()) {
      lse = std::make_unique<AtomicOutput>(args->lse);
      const std::string bytes = format_npy(result.lse, NpyDtype::kFloat64, true);
      lse->stream().write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    }
    const double b = entry_bound(input);
    nlohmann::json report = {
        {"tool", tool_json()},
        {"backend", backend->name()},
        {"n_q", q.rows()},
        {"n_k", k.rows()},
        {"d", q.cols()},
        {"d_v", v.cols()},
        {"scale", s},
        {"B", b},
        {"R", result.max_abs_logit >= 0 ? nlohmann::json(result.max_abs_logit)
                                        : nlohmann::json(nullptr)},
        {"R_bound", logit_radius_bound(input)},
        {"error_bound", result.error_bound},
        {"measured_error", measured ? nlohmann::json(*measured) : nlohmann::json(nullptr)},
        {"timing_s", result.seconds},
        {"details", result.details},
        {"causal", input.causal}};
    if (input.rope)  // rotation keeps the logits; entries of R_i q_i grow by at most sqrt(2)
      report["rope"] = {{"base", input.rope->base},
                        {"layout", to_string(input.rope->layout)},
                        {"rotated_entry_bound", std::sqrt(2.0) * b}};
    std::unique_ptr<AtomicOutput> json_out;
    if (!args->json.empty()) {
      json_out = std::make_unique<AtomicOutput>(args->json);
      json_out->stream() << report.dump(2) << "\n";
    }
    if (out) out->commit();
    if (lse) lse->commit();
    if (json_out) json_out->commit();
    std::string checked;
    if (measured)
      checked =
          fmt::format("; measured error {:.3g} on {} row(s)", *measured,
                      std::min<std::size_t>(static_cast<std::size_t>(q.rows()), args->check_rows));
    const std::string r_text = result.max_abs_logit >= 0
                                   ? fmt::format("{:.4g}", result.max_abs_logit)
                                   : fmt::format("<= {:.4g} (bound)", logit_radius_bound(input));
    fmt::print(
        "{}: {} x {} queries, {} keys, d_v = {}, scale {:.6g}: {:.4f} s; B = {:.4g}, R = {}, error "
        "bound {:.3g}{}{}\n",
        backend->name(), q.rows(), q.cols(), k.rows(), v.cols(), s, result.seconds, b, r_text,
        result.error_bound, checked, args->out.empty() ? "" : "; wrote " + args->out);
    if (!result.details.empty()) fmt::print("  {}: {}\n", backend->name(), result.details);
    exit_code = kExitOk;
  });
}

}  // namespace sethkit::cli
