#include "attention/flash_backend.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cmath>

#include "attention/flash_backward.hpp"
#include "attention/stats.hpp"
#include "core/error.hpp"

namespace sethkit {

namespace {
template <typename T>
AttentionOutput run_typed(const AttentionInput& in, FlashTiles tiles) {
  const RowMatrix<T> q = in.q.cast<T>(), k = in.k.cast<T>(), v = in.v.cast<T>();
  FlashResult<T> r = flash_attention<T>(q, k, v, static_cast<T>(in.scale), tiles,
                                        in.causal ? in.k.rows() - in.q.rows() : -1);
  require(!r.overflow, fmt::format("flash attention: a logit scale * <q_i, k_j> overflows {}",
                                   sizeof(T) == 4 ? "float32" : "float64"));
  AttentionOutput out;
  out.out = r.out.template cast<double>();
  out.lse = r.lse.template cast<double>();
  out.max_abs_logit = static_cast<double>(r.max_abs_logit);
  return out;
}
template <typename T>
AttentionGradients backward_typed(const AttentionInput& in, const Matrix& out, const Vector& lse,
                                  const Matrix& d_out, FlashTiles tiles) {
  using Vec = Eigen::Matrix<T, Eigen::Dynamic, 1>;
  const RowMatrix<T> q = in.q.cast<T>(), k = in.k.cast<T>(), v = in.v.cast<T>();
  const RowMatrix<T> o = out.cast<T>(), d_o = d_out.cast<T>();
  const Vec l = lse.cast<T>();
  FlashGradients<T> r =
      flash_attention_backward<T>(q, k, v, o, l, d_o, static_cast<T>(in.scale), tiles,
                                  in.causal ? in.k.rows() - in.q.rows() : -1);
  require(!r.overflow,
          fmt::format("flash attention backward: a weight exp(scale <q_i, k_j> - lse_i) "
                      "is not finite in {}",
                      sizeof(T) == 4 ? "float32" : "float64"));
  AttentionGradients g;
  g.dq = r.dq.template cast<double>();
  g.dk = r.dk.template cast<double>();
  g.dv = r.dv.template cast<double>();
  g.dscale = r.dscale;
  return g;
}
}  // namespace

AttentionGradients FlashBackend::compute_backward(const AttentionInput& in, const Matrix& out,
                                                  const Vector& lse, const Matrix& d_out) const {
  require(lse.size() == in.q.rows(),
          fmt::format("{}: the backward pass needs the forward's log-sum-exp", name()));
  const auto start = std::chrono::steady_clock::now();
  AttentionGradients g = precision_ == Precision::kFloat32
                             ? backward_typed<float>(in, out, lse, d_out, backward_tiles_)
                             : backward_typed<double>(in, out, lse, d_out, backward_tiles_);
  g.error_bound = precision_ == Precision::kFloat64 ? 0 : INFINITY;
  g.details = fmt::format("FlashAttention-2 backward, {}, tiles {} x {}",
                          precision_ == Precision::kFloat32 ? "float32" : "float64",
                          backward_tiles_.block_q, backward_tiles_.block_k);
  g.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return g;
}

std::string FlashBackend::description() const {
  return fmt::format("exact, streaming online softmax, {}, tiles {} x {}, OpenMP",
                     precision_ == Precision::kFloat32 ? "float32" : "float64", tiles_.block_q,
                     tiles_.block_k);
}

Support FlashBackend::supports(const AttentionShape& shape) const {
  if (shape.n_k < 1) return {false, "needs at least one key"};
  const double work = static_cast<double>(shape.n_q) * static_cast<double>(shape.n_k) *
                      static_cast<double>(shape.d + shape.d_v);
  if (work > kWorkBudget)
    return {false, fmt::format("{} x {} logits with d = {} need about {:.2g} multiply-adds, above "
                               "the budget of {:.0e} (an hour and more on a small machine)",
                               shape.n_q, shape.n_k, shape.d, work, kWorkBudget)};
  return {};
}

double FlashBackend::error_bound(const AttentionInput& in) const {
  if (precision_ == Precision::kFloat64) return 0;
  const double u = std::ldexp(1.0, -24);
  const double r = logit_radius_bound(in);
  const double delta =
      u * ((static_cast<double>(in.q.cols()) + 2) * r + static_cast<double>(in.k.rows()) + 8);
  if (delta >= 0.5) return INFINITY;
  return (2 * delta / (1 - delta) + u) * max_abs_entry(in.v);
}

AttentionOutput FlashBackend::compute(const AttentionInput& in) const {
  const auto start = std::chrono::steady_clock::now();
  AttentionOutput out = precision_ == Precision::kFloat32 ? run_typed<float>(in, tiles_)
                                                          : run_typed<double>(in, tiles_);
  out.error_bound = error_bound(in);
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

}  // namespace sethkit
