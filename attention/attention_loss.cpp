#include "attention/attention_loss.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "core/error.hpp"

namespace sethkit {

namespace {
void require_rows(const Matrix& m, Eigen::Index rows, const char* name) {
  require(m.rows() == rows,
          fmt::format("attention loss: {} has {} rows, expected n = {}", name, m.rows(), rows));
  require(m.allFinite(), fmt::format("attention loss: {} holds NaN or infinity", name));
}
}  // namespace

AttentionLossGradient attention_loss_gradient(const AttentionLoss& p, const Matrix& x,
                                              const AttentionBackend& backend) {
  const auto start = std::chrono::steady_clock::now();
  const Eigen::Index n = p.a1.rows(), d = p.a1.cols();
  require(n >= 1 && d >= 1, "attention loss: A1 must have at least one row and one column");
  require_rows(p.a1, n, "A1");
  require_rows(p.a2, n, "A2");
  require_rows(p.a3, n, "A3");
  require_rows(p.e, n, "E");
  require(
      p.a2.cols() == d,
      fmt::format("attention loss: A2 has {} columns, A1 {}; expected the same", p.a2.cols(), d));
  require(x.rows() == d && x.cols() == d && x.allFinite(),
          fmt::format("attention loss: X must be a finite {} x {} matrix; found {} x {}", d, d,
                      x.rows(), x.cols()));
  require(p.y.rows() == p.a3.cols() && p.y.allFinite(),
          fmt::format("attention loss: Y has {} rows, A3 {} columns; expected the same, finite",
                      p.y.rows(), p.a3.cols()));
  require(p.e.cols() == p.y.cols(),
          fmt::format("attention loss: E has {} columns, A3 Y has {}; expected the same",
                      p.e.cols(), p.y.cols()));

  backend.require_backward();
  const Matrix q = p.a1 * x, v = p.a3 * p.y;
  const AttentionInput in{q, p.a2, v, 1.0 / static_cast<double>(d)};
  const AttentionOutput forward = backend.run(in);
  const Matrix residual = forward.out - p.e;  // dL/dO
  const AttentionGradients g = backend.backward(in, forward, residual);

  AttentionLossGradient result;
  result.loss = 0.5 * residual.squaredNorm();
  result.grad = p.a1.transpose() * g.dq;
  // The forward's error eps changes dO by at most eps per entry. The backward
  // pass is linear in dO, and |dq_i| <= |scale| max|K| sum_j W_ij |<dO_i, v_j>
  // - D_i| <= 2 |scale| max|K| a W with a = max ||dO_i|| max ||v_j|| and W the
  // largest row sum of the weights the backend differentiates with (1 for the
  // exact and conv weights, at most 2 for poly's whenever its own bound is
  // finite). So the forward's error adds at most
  // 4 |scale| max|K| sqrt(d_v) eps max ||v_j|| to every entry of dQ (docs/gradient.md).
  const double eps = forward.error_bound, scale = 1.0 / static_cast<double>(d);
  const double k_max = max_abs_entry(p.a2);
  const double v_norm = max_row_norm(v);
  const double dq_bound =
      g.error_bound +
      (eps > 0 ? 4 * scale * k_max * std::sqrt(static_cast<double>(v.cols())) * eps * v_norm : 0);
  // dX_ab = sum_i A1_ia dQ_ib: at most max_a ||A1_{:, a}||_1 times dQ's bound.
  result.error_bound = dq_bound > 0 ? p.a1.cwiseAbs().colwise().sum().maxCoeff() * dq_bound : 0;
  // |L~ - L| <= sum |O - E| eps + n d_v eps^2 / 2, with |O - E| the computed one plus eps.
  result.loss_error_bound =
      eps > 0 ? (residual.cwiseAbs().sum() + static_cast<double>(residual.size()) * eps) * eps +
                    0.5 * static_cast<double>(residual.size()) * eps * eps
              : 0;
  result.details =
      fmt::format("{}: forward {}; backward {}", backend.name(), forward.details, g.details);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace sethkit
