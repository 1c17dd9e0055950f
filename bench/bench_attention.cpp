// Benchmarks of the attention oracles and the OV solvers (issue targets in
// docs/performance.md). Each subcommand prints CSV rows
//   section,subject,n,d,metric,value
// to stdout; bench/run.sh runs them beside the Python peers
// (bench/peers.py) and bench/report.py turns both into one table.
//   flash-grid  flash (float32) at n in {2048, 8192, 16384}, d in {16, 64}
//   eigen-grid  the Eigen peer (bench/eigen_peer.hpp) on the same grid
//   limits      the machine's limits (bench/machine_limits.hpp)
//   memory N    flash at n = N, d = 64, float32 inputs: peak resident memory
//   poly        poly against flash, d = 8, R <= 1, target error 1e-3, n = 2^12 .. 2^18
//   approximate performer, hyper, reformer, nystrom, window at their default
//               budgets beside flash, d = 64, n = 2^12 .. 2^18 (flash to 2^16)
//   ov          OV: naive and bit-packed at n per side, d in {32, 64, 128}
//   gradient, backward-memory N: the backward pass (bench/gradient_rows.hpp)
#include <sys/resource.h>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <vector>

#include "attention/flash_kernel.hpp"
#include "attention/poly_backend.hpp"
#include "attention/reference_check.hpp"
#include "attention/registry.hpp"
#include "attention/stats.hpp"
#include "bench/bench_rows.hpp"
#include "bench/eigen_peer.hpp"
#include "bench/gradient_rows.hpp"
#include "bench/machine_limits.hpp"
#include "core/npy.hpp"
#include "core/rng.hpp"
#include "experiments/measurement.hpp"
#include "instances/random_ov.hpp"
#include "solvers/ov_solver.hpp"

using namespace sethkit;
using sethkit::bench::median_seconds;
using sethkit::bench::row;
using sethkit::bench::uniform;

namespace {
double peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

void flash_grid(int repeats) {
  for (long n : {2048L, 8192L, 16384L})
    for (long d : {16L, 64L}) {
      Rng rng(static_cast<std::uint64_t>(n * 100 + d));
      const auto q = uniform<RowMatrix<float>>(rng, n, d, 1),
                 k = uniform<RowMatrix<float>>(rng, n, d, 1),
                 v = uniform<RowMatrix<float>>(rng, n, d, 1);
      const float scale = 1.0f / static_cast<float>(d);
      row("flash", "flash", n, d, "seconds",
          median_seconds(repeats, [&] { (void)flash_attention<float>(q, k, v, scale); }));
    }
}

void memory(long n) {
  const long d = 64;
  Rng rng(7);
  const auto q = uniform<RowMatrix<float>>(rng, n, d, 1),
             k = uniform<RowMatrix<float>>(rng, n, d, 1),
             v = uniform<RowMatrix<float>>(rng, n, d, 1);
  const double inputs = peak_rss_mib();
  const auto t0 = std::chrono::steady_clock::now();
  const auto r = flash_attention<float>(q, k, v, 1.0f / d);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  row("memory", "flash", n, d, "seconds", seconds);
  row("memory", "flash", n, d, "peak_rss_mib", peak_rss_mib());
  row("memory", "flash", n, d, "inputs_rss_mib", inputs);
  row("memory", "flash", n, d, "output_finite", r.out.allFinite() ? 1 : 0);
}

void poly_vs_flash(int repeats, int max_log_n) {
  const long d = 8;
  for (int log_n = 12; log_n <= max_log_n; ++log_n) {
    const long n = 1L << log_n;
    Rng rng(static_cast<std::uint64_t>(log_n));
    // Entries in [-1, 1] and scale 1/d: R <= |scale| max||q|| max||k|| <= 1.
    const Matrix q = uniform<Matrix>(rng, n, d, 1), k = uniform<Matrix>(rng, n, d, 1),
                 v = uniform<Matrix>(rng, n, d, 1);
    const AttentionInput in{q, k, v, 1.0 / d};
    const PolyBackend poly;  // target error 1e-3
    AttentionOutput out;
    const double poly_s = median_seconds(repeats, [&] { out = poly.run(in); });
    const RowMatrix<float> qf = q.cast<float>(), kf = k.cast<float>(), vf = v.cast<float>();
    FlashResult<float> flash_out;
    const int flash_repeats = log_n >= 17 ? 1 : repeats;
    const double flash_s = median_seconds(
        flash_repeats, [&] { flash_out = flash_attention<float>(qf, kf, vf, 1.0f / d); });
    // Measured error of poly on 256 sampled rows against naive (double).
    const double err = sampled_error(in, out.out, random_rows(n, 256, 99));
    row("poly", "poly", n, d, "seconds", poly_s);
    row("poly", "flash", n, d, "seconds", flash_s);
    row("poly", "poly", n, d, "measured_error", err);
    row("poly", "poly", n, d, "error_bound", out.error_bound);
    row("poly", "poly", n, d, "logit_radius_bound", logit_radius_bound(in));
  }
}

// The approximate backends at their default budgets beside flash, d = 64,
// entries in [-1, 1], scale 1/d: n = 2^12 .. 2^max for them, flash up to 2^16
// (the speed target's size; beyond it flash alone would take minutes).
void approximate_vs_flash(int repeats, int max_log_n) {
  const long d = 64;
  for (int log_n = 12; log_n <= max_log_n; ++log_n) {
    const long n = 1L << log_n;
    Rng rng(static_cast<std::uint64_t>(100 + log_n));
    const Matrix q = uniform<Matrix>(rng, n, d, 1), k = uniform<Matrix>(rng, n, d, 1),
                 v = uniform<Matrix>(rng, n, d, 1);
    const AttentionInput in{q, k, v, 1.0 / d};
    const auto rows = random_rows(n, 256, 7);
    for (const char* name : {"performer", "hyper", "reformer", "nystrom", "window"}) {
      const auto backend = make_backend(name);
      AttentionOutput out;
      row("approximate", name, n, d, "seconds",
          median_seconds(repeats, [&] { out = backend->run(in); }));
      row("approximate", name, n, d, "measured_error", sampled_error(in, out.out, rows));
    }
    if (log_n <= 16) {
      const RowMatrix<float> qf = q.cast<float>(), kf = k.cast<float>(), vf = v.cast<float>();
      row("approximate", "flash", n, d, "seconds", median_seconds(log_n >= 16 ? 1 : repeats, [&] {
            (void)flash_attention<float>(qf, kf, vf, 1.0f / d);
          }));
    }
  }
}

// The side `a` or `b` of an OV instance as an n x d uint8 .npy, for the NumPy peer.
void export_side(const OvInstance& ov, bool side_a, const std::string& path) {
  const std::size_t n = side_a ? ov.n_a() : ov.n_b();
  Matrix m(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(ov.d()));
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t t = 0; t < ov.d(); ++t)
      m(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(t)) =
          (side_a ? ov.a(i) : ov.b(i))[t];
  write_npy(path, m, NpyDtype::kUint8);
}

void ov(int repeats, long n, const std::string& export_dir) {
  for (long d : {32L, 64L, 128L}) {
    const auto g = random_ov({static_cast<std::size_t>(n), static_cast<std::size_t>(n),
                              static_cast<std::size_t>(d), 0.5, OvPlant::kForceNo,
                              static_cast<std::uint64_t>(d)});
    if (!export_dir.empty()) {
      export_side(g.ov, true, fmt::format("{}/ov_a_{}.npy", export_dir, d));
      export_side(g.ov, false, fmt::format("{}/ov_b_{}.npy", export_dir, d));
    }
    const double pairs = static_cast<double>(n) * static_cast<double>(n);
    row("ov", "naive", n, d, "pairs_per_second",
        pairs / median_seconds(repeats, [&] { (void)solve_ov_naive(g.ov); }));
    row("ov", "bitpacked", n, d, "pairs_per_second",
        pairs / median_seconds(repeats, [&] { (void)solve_ov_bitpacked(g.ov); }));
  }
}
}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"sethkit attention and OV benchmarks (CSV on stdout)"};
  app.require_subcommand(1);
  int repeats = 5, max_log_n = 18;
  long n = 1L << 17, ov_n = 1L << 14;
  app.add_option("--repeats", repeats, "Runs per cell; the median is reported");
  app.add_subcommand("flash-grid", "flash at n in {2048, 8192, 16384}, d in {16, 64}")
      ->callback([&] { flash_grid(repeats); });
  app.add_subcommand("eigen-grid", "the Eigen peer, softmax(Q K^T scale) V, on flash's grid")
      ->callback([&] { bench::eigen_peer_grid(repeats); });
  app.add_subcommand("limits", "tile products, exp and AND-and-test rates on all threads")
      ->callback([&] { bench::machine_limits(repeats); });
  auto* mem = app.add_subcommand("memory", "peak memory of flash at n, d = 64");
  mem->add_option("n", n)->required();
  mem->callback([&] { memory(n); });
  auto* p = app.add_subcommand("poly", "poly against flash at d = 8, R <= 1, n = 2^12 .. 2^max");
  p->add_option("--max-log-n", max_log_n);
  p->callback([&] { poly_vs_flash(repeats, max_log_n); });
  auto* a = app.add_subcommand("approximate",
                               "performer, hyper, reformer, nystrom, window beside flash, d = 64");
  a->add_option("--max-log-n", max_log_n);
  a->callback([&] { approximate_vs_flash(repeats, max_log_n); });
  auto* gr = app.add_subcommand(
      "gradient", "flash backward vs forward; poly and conv gradients, n = 2^12 .. 2^max");
  gr->add_option("--max-log-n", max_log_n);
  gr->callback([&] { bench::gradient_rows(repeats, max_log_n); });
  auto* bm = app.add_subcommand("backward-memory", "peak memory of flash's backward at n, d = 64");
  bm->add_option("n", n)->required();
  bm->callback([&] { bench::backward_memory(n); });
  auto* o = app.add_subcommand("ov", "OV solvers");
  std::string export_dir;
  o->add_option("--n", ov_n);
  o->add_option("--export", export_dir,
                "Also write the instances as DIR/ov_{a,b}_D.npy (uint8) for the peers");
  o->callback([&] { ov(repeats, ov_n, export_dir); });
  CLI11_PARSE(app, argc, argv);
  return 0;
}
