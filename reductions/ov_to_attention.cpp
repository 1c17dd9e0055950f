#include "reductions/ov_to_attention.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/error.hpp"
#include "reductions/reduction.hpp"
#include "reductions/row_threshold.hpp"

namespace sethkit {

static_assert(Reduction<OvToAttention>);

AttentionCertificate OvToAttention::certificate(const OvInstance& ov) const {
  AttentionCertificate c;
  c.reduction = kName;
  c.n_q = static_cast<Eigen::Index>(ov.n_a() + 1);
  c.n_k = static_cast<Eigen::Index>(ov.n_b() + 1);
  c.d = static_cast<Eigen::Index>(ov.d());
  c.d_v = 1;
  require_memory_within(c, params_.limits);
  c.big_n = std::max<std::uint64_t>({ov.n_a(), ov.n_b(), 1});
  const double m = static_cast<double>(ov.d());
  const double divisor = params_.scale == ScaleConvention::kInverseD ? m : std::sqrt(m);
  const double log_8n = std::log(8.0 * static_cast<double>(c.big_n));
  c.scale = 1.0 / divisor;
  c.s = std::sqrt(divisor * log_8n);
  // Q holds 0 and -s, K holds 0 and s, V holds 0 and 1.
  c.entry_bound = std::max(c.s, 1.0);
  c.entry_bound_ratio =
      c.entry_bound / std::sqrt(std::log(static_cast<double>(std::max(c.n_q, c.n_k))));
  // Every logit is -ln(8N) <a_i, b_j>, and <a_i, b_j> <= min(|a_i|, |b_j|).
  c.logit_radius =
      log_8n * static_cast<double>(std::min(max_weight(ov, true), max_weight(ov, false)));
  c.logit_radius_is_bound = true;
  return c;
}

AttentionInstance OvToAttention::encode(const OvInstance& ov) const {
  AttentionInstance out;
  out.certificate = certificate(ov);
  const auto& c = out.certificate;
  out.scale = c.scale;
  out.q = Matrix::Zero(c.n_q, c.d);
  out.k = Matrix::Zero(c.n_k, c.d);
  out.v = Matrix::Zero(c.n_k, c.d_v);
  for (std::size_t i = 0; i < ov.n_a(); ++i)
    for (std::size_t t = 0; t < ov.d(); ++t)
      if (ov.a(i)[t]) out.q(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(t)) = -c.s;
  for (std::size_t j = 0; j < ov.n_b(); ++j)
    for (std::size_t t = 0; t < ov.d(); ++t)
      if (ov.b(j)[t]) out.k(static_cast<Eigen::Index>(j), static_cast<Eigen::Index>(t)) = c.s;
  out.v(c.n_k - 1, 0) = 1.0;  // the sink key (last row of K, all zero) carries value 1
  return out;
}

OvDecoded OvToAttention::decode(const OvInstance& ov, const AttentionInstance& target,
                                const Matrix& output, double assumed_error) const {
  const auto& c = target.certificate;
  require(output.rows() == c.n_q,
          fmt::format("ov-to-attention decode: expected an output of {} rows, found {}", c.n_q,
                      output.rows()));
  const RowDecisions rows = decide_rows(output, ov.n_a(), c, assumed_error);
  return ov_answer_from_rows(ov, rows, output, c.threshold, assumed_error);
}

EdgeRecord OvToAttention::edge() {
  return {kName,
          "ov",
          "attention",
          kDeclaredOverhead,
          {{"n_q", "N_a + 1"},
           {"n_k", "N_b + 1"},
           {"d", "d"},
           {"B", "max(sqrt(d * ln(8 * max(N_a, N_b, 1))), 1)", true}},  // scale 1/d
          "7/36 entrywise (constant); threshold 25/36",
          "Alman-Song 2023 (derived C2)",
          "docs/reductions/ov_to_attention.md",
          "reductions/ov_to_attention.hpp"};
}

}  // namespace sethkit
