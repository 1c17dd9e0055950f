#include "attention/conv_backend.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "attention/conv_product.hpp"
#include "attention/stats.hpp"
#include "core/error.hpp"
#include "core/rng.hpp"

namespace sethkit {

namespace {
// The largest |H(i, j) - H~(i, j)| over `count` sampled causal entries
// (every entry when there are fewer), with the entry where it occurs.
struct Deviation {
  double value = 0;
  Eigen::Index i = 0, j = 0;
};

Deviation sampled_deviation(const ConvBasis& basis, const Matrix& q, const Matrix& k, double scale,
                            std::size_t count, std::uint64_t seed) {
  const Eigen::Index n = basis.n;
  Deviation worst;
  const auto visit = [&](Eigen::Index i, Eigen::Index j) {
    const double dev = std::abs(scale * q.row(i).dot(k.row(j)) - conv_basis_score(basis, i, j));
    if (!(dev <= worst.value)) worst = {dev, i, j};
  };
  const double entries = static_cast<double>(n) * static_cast<double>(n + 1) / 2;
  if (entries <= static_cast<double>(count)) {
    for (Eigen::Index i = 0; i < n; ++i)
      for (Eigen::Index j = 0; j <= i; ++j) visit(i, j);
    return worst;
  }
  Rng rng(seed);
  for (std::size_t t = 0; t < count; ++t) {
    const auto i = static_cast<Eigen::Index>(rng.uniform_int(static_cast<std::uint64_t>(n)));
    visit(i, static_cast<Eigen::Index>(rng.uniform_int(static_cast<std::uint64_t>(i + 1))));
  }
  return worst;
}
}  // namespace

std::string ConvBackend::description() const {
  return fmt::format(
      "causal only: k-conv basis recovered from windows of T = {} (at most {} bases), FFT "
      "evaluation (FFTW), O(k n d log n)",
      params_.recovery.window, params_.recovery.k_max);
}

Support ConvBackend::supports(const AttentionShape& shape) const {
  if (shape.n_k < 1) return {false, "needs at least one key"};
  if (shape.n_q != shape.n_k)
    return {false, fmt::format("the conv basis is defined for causal self-attention, n_q = n_k; "
                               "found {} queries and {} keys",
                               shape.n_q, shape.n_k)};
  return {};
}

Support ConvBackend::supports_input(const AttentionInput& in) const {
  const Support s = supports(in.shape());
  if (!s.ok) return s;
  if (!in.causal)
    return {false,
            "the conv basis describes the causal (lower-triangular) attention matrix; this input "
            "is not causal (use --causal, or naive / flash)"};
  return {};
}

ConvBackend::CheckedBasis ConvBackend::checked_basis(const AttentionInput& in) const {
  ConvRecovery rec = recover_conv_basis(in.q, in.k, in.scale, params_.recovery);
  require(rec.basis.has_value(), "conv: " + rec.reason);
  const ConvBasis& basis = *rec.basis;
  const Deviation dev =
      sampled_deviation(basis, in.q, in.k, in.scale, params_.check_entries, params_.seed);
  const double slack = 2 * params_.eps + 1e-9 * (1 + std::abs(basis.c_star));
  require(dev.value <= slack,
          fmt::format("conv: the scores are not {}-conv within eps = {:.3g}: the sampled entry "
                      "({}, {}) differs from the rebuilt basis by {:.3g} (a change point outside "
                      "the windows, or noise above eps); state --conv-eps or use flash",
                      basis.k(), params_.eps, dev.i, dev.j, dev.value));
  return {std::move(*rec.basis), dev.value};
}

AttentionOutput ConvBackend::compute(const AttentionInput& in) const {
  const auto start = std::chrono::steady_clock::now();
  const CheckedBasis checked = checked_basis(in);
  const ConvBasis& basis = checked.basis;
  const ConvEvaluation eval = conv_basis_attention(basis, in.v);
  AttentionOutput out;
  out.out = eval.out;
  out.lse = eval.lse;
  out.error_bound = std::expm1(4 * params_.eps) * max_abs_entry(in.v) + eval.rounding_bound;
  std::string starts;
  for (std::size_t l = 0; l < std::min<std::size_t>(basis.k(), 8); ++l)
    starts += fmt::format("{}{}", l ? ", " : "", basis.starts[l]);
  if (basis.k() > 8) starts += ", ...";
  out.details = fmt::format(
      "k = {} conv bases, change points [{}], {} window reads, sampled score deviation {:.3g}, "
      "FFT rounding bound {:.3g}",
      basis.k(), starts, basis.window_reads, checked.deviation, eval.rounding_bound);
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

}  // namespace sethkit
