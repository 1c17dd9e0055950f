#include "bench/gradient_rows.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <cmath>

#include "attention/conv_backend.hpp"
#include "attention/conv_product.hpp"
#include "attention/flash_backward.hpp"
#include "attention/poly_backend.hpp"
#include "attention/reference_check.hpp"
#include "attention/reference_gradient.hpp"
#include "attention/registry.hpp"
#include "bench/bench_rows.hpp"
#include "core/stopwatch.hpp"
#include "instances/structured_attention.hpp"

namespace sethkit::bench {

namespace {
void flash_backward_vs_forward(int repeats) {
  const long n = 8192, d = 64;
  Rng rng(81);
  const auto q = uniform<RowMatrix<float>>(rng, n, d, 1),
             k = uniform<RowMatrix<float>>(rng, n, d, 1),
             v = uniform<RowMatrix<float>>(rng, n, d, 1),
             d_out = uniform<RowMatrix<float>>(rng, n, d, 1);
  const float scale = 1.0f / d;
  for (const bool causal : {false, true}) {
    const char* subject = causal ? "flash_causal" : "flash";
    const Eigen::Index offset = causal ? 0 : -1;
    FlashResult<float> f;
    row("backward", subject, n, d, "forward_seconds",
        median_seconds(repeats, [&] { f = flash_attention<float>(q, k, v, scale, {}, offset); }));
    row("backward", subject, n, d, "backward_seconds", median_seconds(repeats, [&] {
          (void)flash_attention_backward<float>(q, k, v, f.out, f.lse, d_out, scale, {64, 128},
                                                offset);
        }));
  }
}

void poly_gradient_vs_flash(int repeats, int max_log_n) {
  const long d = 8;
  // "poly": the forward's default target 1e-3 (degree 6 at R' <= 0.85);
  // "poly_bounded": target 1e-4 (degree 7), whose guaranteed gradient bound is
  // below 1e-3 (the gradient's bound loses one degree).
  struct PolyConfig {
    const char* subject;
    double target_error;
  };
  const PolyConfig configs[] = {{"poly", 1e-3}, {"poly_bounded", 1e-4}};
  for (int log_n = 12; log_n <= max_log_n; ++log_n) {
    const long n = 1L << log_n;
    Rng rng(static_cast<std::uint64_t>(200 + log_n));
    const Matrix q = uniform<Matrix>(rng, n, d, 1), k = uniform<Matrix>(rng, n, d, 1),
                 v = uniform<Matrix>(rng, n, d, 1), d_out = uniform<Matrix>(rng, n, d, 1);
    const AttentionInput in{q, k, v, 1.0 / d};
    const AttentionOutput exact = make_backend("flash64")->run(in);
    for (std::size_t c = 0; c < 2; ++c) {
      PolyParams params;
      params.target_error = configs[c].target_error;
      const PolyBackend poly(params);
      const AttentionOutput forward = poly.run(in);
      // One untimed call first, as for conv below: it touches the n x rank
      // buffers for the first time at this n.
      AttentionGradients g = poly.backward(in, forward, d_out);
      const double s = median_seconds(repeats, [&] { g = poly.backward(in, forward, d_out); });
      const char* subject = configs[c].subject;
      row("gradient", subject, n, d, "backward_seconds", s);
      row("gradient", subject, n, d, "forward_seconds", forward.seconds);
      row("gradient", subject, n, d, "rank", static_cast<double>(poly.plan(in).rank));
      row("gradient", subject, n, d, "error_bound", g.error_bound);
      row("gradient", subject, n, d, "measured_error",
          sampled_gradient_error(in, exact, d_out, g, random_rows(n, 64, 5),
                                 random_rows(n, 64, 6)));
    }
    if (log_n <= 17) {
      const RowMatrix<float> qf = q.cast<float>(), kf = k.cast<float>(), vf = v.cast<float>(),
                             df = d_out.cast<float>();
      const FlashResult<float> f = flash_attention<float>(qf, kf, vf, 1.0f / d);
      // The same untimed first call below 2^17 (where one 14 s call is timed alone).
      if (log_n < 17)
        (void)flash_attention_backward<float>(qf, kf, vf, f.out, f.lse, df, 1.0f / d, {64, 128});
      row("gradient", "flash", n, d, "backward_seconds",
          median_seconds(log_n >= 17 ? 1 : repeats, [&] {
            (void)flash_attention_backward<float>(qf, kf, vf, f.out, f.lse, df, 1.0f / d,
                                                  {64, 128});
          }));
    }
  }
}

void conv_gradient(int repeats, int max_log_n) {
  for (int log_n = 12; log_n <= max_log_n; ++log_n) {
    const long n = 1L << log_n;
    const StructuredQk qk = gated_sinusoids(n, {0, n / 8, n / 2, n - n / 16}, 300 + log_n);
    Rng rng(static_cast<std::uint64_t>(400 + log_n));
    const Matrix v = uniform<Matrix>(rng, n, 8, 1), d_out = uniform<Matrix>(rng, n, 8, 1);
    const AttentionInput in{qk.q, qk.k, v, 0.5, true};
    const ConvBackend conv;
    const AttentionOutput forward = conv.run(in);
    // The first call makes the process's FFT plans for the new lengths and the
    // pooled workspaces' buffers; it is reported on its own, the median of the
    // calls after it as the backward's time.
    Stopwatch first;
    AttentionGradients g = conv.backward(in, forward, d_out);
    row("gradient", "conv", n, 8, "first_backward_seconds", first.seconds());
    const double s = median_seconds(repeats, [&] { g = conv.backward(in, forward, d_out); });
    row("gradient", "conv", n, 8, "backward_seconds", s);
    // One of the gradient's 2(d_v + 1) + 1 products alone (A~ X, X n x 8): its
    // FFTs at the same lengths, so the two slopes can be set side by side.
    const ConvRecovery rec = recover_conv_basis(qk.q, qk.k, 0.5, {});
    if (rec.basis) {
      const ConvOperator op(*rec.basis);
      ConvWorkspace workspace;
      ConvProduct product;
      op.apply(d_out, ConvSide::kForward, workspace, product);  // the workspace's buffers
      row("gradient", "conv", n, 8, "product_seconds", median_seconds(repeats, [&] {
            op.apply(d_out, ConvSide::kForward, workspace, product);
          }));
    }
    row("gradient", "conv", n, 8, "forward_seconds", forward.seconds);
    row("gradient", "conv", n, 8, "error_bound", g.error_bound);
  }
  // Whether the plans came from measured wisdom (`sethkit tune fft`) or FFTW_ESTIMATE.
  const FftPlanCounts plans = fft_plan_counts();
  row("info", "conv", 0, 0, "fft_plans_measured", static_cast<double>(plans.measured));
  row("info", "conv", 0, 0, "fft_plans_estimated", static_cast<double>(plans.estimated));
}

double peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}
}  // namespace

void gradient_rows(int repeats, int max_log_n) {
  flash_backward_vs_forward(repeats);
  poly_gradient_vs_flash(repeats, max_log_n);
  conv_gradient(repeats, max_log_n);
}

void backward_memory(long n) {
  const long d = 64;
  Rng rng(9);
  const auto q = uniform<RowMatrix<float>>(rng, n, d, 1),
             k = uniform<RowMatrix<float>>(rng, n, d, 1),
             v = uniform<RowMatrix<float>>(rng, n, d, 1),
             d_out = uniform<RowMatrix<float>>(rng, n, d, 1);
  const double inputs = peak_rss_mib();
  const FlashResult<float> f = flash_attention<float>(q, k, v, 1.0f / d);
  const double after_forward = peak_rss_mib();
  const auto g = flash_attention_backward<float>(q, k, v, f.out, f.lse, d_out, 1.0f / d, {64, 128});
  row("backward_memory", "flash", n, d, "inputs_rss_mib", inputs);
  row("backward_memory", "flash", n, d, "forward_peak_rss_mib", after_forward);
  row("backward_memory", "flash", n, d, "backward_peak_rss_mib", peak_rss_mib());
  row("backward_memory", "flash", n, d, "gradients_finite",
      g.dq.allFinite() && g.dk.allFinite() && g.dv.allFinite() ? 1 : 0);
}

}  // namespace sethkit::bench
