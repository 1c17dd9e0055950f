// `sethkit attend`: runs an attention backend on .npy inputs and writes the
// output .npy (and optionally the per-row log-sum-exp); reports the time, the
// entry bound B, the logit radius R and the backend's error bound.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "attention/registry.hpp"
#include "attention/stats.hpp"
#include "cli/commands.hpp"
#include "core/error.hpp"
#include "core/file_io.hpp"
#include "core/json_report.hpp"
#include "core/npy.hpp"

namespace sethkit::cli {

namespace {
struct AttendArgs {
  std::string q, k, v, out, lse, json;
  std::string backend = "naive";
  double scale = 0;
};

Matrix load_matrix(const std::string& path) {
  Matrix m = npy_to_matrix(read_npy(path), path);
  require_finite(m, path);
  return m;
}
}  // namespace

void add_attend_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<AttendArgs>();
  auto* cmd = app.add_subcommand(
      "attend", "Run an attention backend: out = diag(A 1)^-1 A V, A = exp(scale Q K^T)");
  cmd->add_option("--q", args->q, "Q.npy (n_q x d)")->required();
  cmd->add_option("--k", args->k, "K.npy (n_k x d)")->required();
  cmd->add_option("--v", args->v, "V.npy (n_k x d_v)")->required();
  cmd->add_option("-o,--out", args->out, "Output .npy (n_q x d_v, float64)")->required();
  cmd->add_option("--lse", args->lse, "Also write the per-row log-sum-exp (n_q, float64)");
  cmd->add_option("--json", args->json, "Write a JSON report");
  cmd->add_option("--backend", args->backend, "Attention backend (naive)");
  auto* scale =
      cmd->add_option("--scale", args->scale, "Logit scale (default 1/d, as in Alman-Song)");
  cmd->callback([args, scale, &exit_code] {
    const auto backend = make_backend(args->backend);
    const Matrix q = load_matrix(args->q);
    const Matrix k = load_matrix(args->k);
    const Matrix v = load_matrix(args->v);
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
    const AttentionInput input{q, k, v, s};
    const Support support = backend->supports(input.shape());
    if (!support.ok)
      throw ContractError(
          fmt::format("backend '{}' refuses this input: {}", backend->name(), support.reason));
    const AttentionOutput result = backend->run(input);
    if (!result.out.allFinite())
      throw Error("attention produced non-finite output; nothing written");

    // Stage every output before committing any, so a failure leaves none behind.
    AtomicOutput out(args->out);
    const std::string out_bytes = format_npy(result.out, NpyDtype::kFloat64);
    out.stream().write(out_bytes.data(), static_cast<std::streamsize>(out_bytes.size()));
    std::unique_ptr<AtomicOutput> lse;
    if (!args->lse.empty()) {
      lse = std::make_unique<AtomicOutput>(args->lse);
      const std::string bytes = format_npy(result.lse, NpyDtype::kFloat64, true);
      lse->stream().write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    }
    const double b = entry_bound(input);
    nlohmann::json report = {{"tool", tool_json()},
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
                             {"timing_s", result.seconds}};
    std::unique_ptr<AtomicOutput> json_out;
    if (!args->json.empty()) {
      json_out = std::make_unique<AtomicOutput>(args->json);
      json_out->stream() << report.dump(2) << "\n";
    }
    out.commit();
    if (lse) lse->commit();
    if (json_out) json_out->commit();
    fmt::print(
        "{}: {} x {} queries, {} keys, d_v = {}, scale {:.6g}: {:.3f} s; B = {:.4g}, R = {:.4g}, "
        "error bound {:.3g}; wrote {}\n",
        backend->name(), q.rows(), q.cols(), k.rows(), v.cols(), s, result.seconds, b,
        result.max_abs_logit, result.error_bound, args->out);
    exit_code = kExitOk;
  });
}

}  // namespace sethkit::cli
