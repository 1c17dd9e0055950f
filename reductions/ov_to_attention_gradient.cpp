#include "reductions/ov_to_attention_gradient.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "reductions/reduction.hpp"

namespace sethkit {

static_assert(Reduction<OvToAttentionGradient>);

AttentionCertificate OvToAttentionGradient::certificate_at_magnitude(const OvInstance& ov,
                                                                     double forced_s) const {
  AttentionCertificate c;
  c.reduction = kName;
  c.n_q = static_cast<Eigen::Index>(ov.n_a());
  c.n_k = static_cast<Eigen::Index>(ov.n_b() + 1);
  c.d = static_cast<Eigen::Index>(ov.d() + 1);
  c.d_v = 1;
  require_memory_within(c, params_.limits);
  c.big_n = std::max<std::uint64_t>({ov.n_a(), ov.n_b(), 1});
  const double big_n = static_cast<double>(c.big_n), dims = static_cast<double>(c.d);
  c.scale = 1.0 / dims;
  c.s = forced_s > 0 ? forced_s : std::sqrt(dims * std::log(8.0 * big_n * (big_n + 1)));
  const double beta = c.s * c.s / dims;
  c.entry_bound = std::max(c.s, 1.0);  // Q, K hold 0, +-s and 1; V and dO hold 0 and 1
  c.entry_bound_ratio =
      c.entry_bound /
      std::sqrt(std::log(static_cast<double>(std::max<Eigen::Index>({c.n_q, c.n_k, 2}))));
  c.logit_radius =
      beta * static_cast<double>(std::min(max_weight(ov, true), max_weight(ov, false)));
  c.logit_radius_is_bound = true;
  // Row values y_i = 1 - 4 Y_i (1 - Y_i) (docs/reductions/ov_to_attention_gradient.md).
  // At the proof's beta = ln(8 N (N + 1)), 4 N e^(-beta) = 1 / (2 (N + 1)).
  c.yes_bound = 1 - 2 / (big_n + 1);
  c.no_bound =
      forced_s > 0 ? std::max(0.0, 1 - 4 * big_n * std::exp(-beta)) : 1 - 1 / (2 * (big_n + 1));
  c.threshold = (c.yes_bound + c.no_bound) / 2;
  c.tolerated_error = (c.no_bound - c.yes_bound) / 2;
  // dQ's rounding in float64 is about (n_k + 8) u scale; y multiplies it by 4 / scale.
  c.exact_oracle_error = 64 * (static_cast<double>(c.n_k) + 8) * std::ldexp(1.0, -53);
  if (c.tolerated_error <= 0) {
    c.tolerance_note = fmt::format(
        "none: at s = {:.3g} the YES and NO bounds overlap (the proof needs s = {:.3g})", c.s,
        certificate(ov).s);
    return c;
  }
  c.tolerance_note = fmt::format(
      "1/poly(n): the row value y_i = 1 + 4 dQ_i[{}] / scale tolerates {:.3g}, dQ itself {:.3g}{}",
      c.d - 1, c.tolerated_error, gradient_tolerance(c),
      forced_s > 0 ? "" : " (3 scale / (16 (N + 1)))");
  return c;
}

double OvToAttentionGradient::gradient_tolerance(const AttentionCertificate& c) {
  return c.scale * c.tolerated_error / 4;
}

AttentionGradientInstance OvToAttentionGradient::encode_at_magnitude(const OvInstance& ov,
                                                                     double forced_s) const {
  AttentionGradientInstance out;
  auto& a = out.attention;
  a.certificate = certificate_at_magnitude(ov, forced_s);
  const auto& c = a.certificate;
  a.scale = c.scale;
  a.q = Matrix::Zero(c.n_q, c.d);
  a.k = Matrix::Zero(c.n_k, c.d);
  a.v = Matrix::Zero(c.n_k, c.d_v);
  for (std::size_t i = 0; i < ov.n_a(); ++i)
    for (std::size_t t = 0; t < ov.d(); ++t)
      if (ov.a(i)[t]) a.q(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(t)) = -c.s;
  for (std::size_t j = 0; j < ov.n_b(); ++j) {
    for (std::size_t t = 0; t < ov.d(); ++t)
      if (ov.b(j)[t]) a.k(static_cast<Eigen::Index>(j), static_cast<Eigen::Index>(t)) = c.s;
    a.k(static_cast<Eigen::Index>(j), c.d - 1) = 1.0;  // the column dQ's read column sums over
  }
  a.v(c.n_k - 1, 0) = 1.0;  // the sink (last key, all zero) carries value 1
  out.d_out = Matrix::Ones(c.n_q, c.d_v);
  out.read_column = c.d - 1;
  return out;
}

Matrix OvToAttentionGradient::row_values(const AttentionGradientInstance& target,
                                         const Matrix& dq) {
  const auto& c = target.attention.certificate;
  require(dq.rows() == c.n_q && dq.cols() == c.d,
          fmt::format("{} decode: expected dQ of {} x {}, found {} x {}", kName, c.n_q, c.d,
                      dq.rows(), dq.cols()));
  return (1.0 + 4.0 * dq.col(target.read_column).array() / c.scale).matrix();
}

OvDecoded OvToAttentionGradient::decode(const OvInstance& ov,
                                        const AttentionGradientInstance& target, const Matrix& dq,
                                        double assumed_gradient_error) const {
  const auto& c = target.attention.certificate;
  const Matrix y = row_values(target, dq);
  const double assumed = 4 * assumed_gradient_error / c.scale;
  const RowDecisions rows = decide_rows(y, ov.n_a(), c, assumed);
  return ov_answer_from_rows(ov, rows, y, c.threshold, assumed);
}

EdgeRecord OvToAttentionGradient::edge() {
  return {
      kName,
      "ov",
      "attention-gradient",
      kDeclaredOverhead,
      {{"n_q", "N_a"},
       {"n_k", "N_b + 1"},
       {"d", "d + 1"},
       {"B", "max(sqrt((d + 1) * ln(8 * max(N_a, N_b, 1) * (max(N_a, N_b, 1) + 1))), 1)", true}},
      "3 scale / (16 (N + 1)) on dQ (1/poly(n)); row value threshold 1 - 5/(4(N + 1))",
      "Alman-Song 2024 (gradient; derived here)",
      "docs/reductions/ov_to_attention_gradient.md",
      "reductions/ov_to_attention_gradient.hpp"};
}

}  // namespace sethkit
