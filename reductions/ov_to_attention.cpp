#include "reductions/ov_to_attention.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "core/error.hpp"

namespace sethkit {

namespace {
std::size_t max_weight(const OvInstance& ov, bool side_a) {
  std::size_t best = 0;
  const std::size_t n = side_a ? ov.n_a() : ov.n_b();
  for (std::size_t i = 0; i < n; ++i) {
    const auto v = side_a ? ov.a(i) : ov.b(i);
    best = std::max<std::size_t>(best, std::accumulate(v.begin(), v.end(), std::size_t{0}));
  }
  return best;
}
}  // namespace

AttentionCertificate OvToAttention::certificate(const OvInstance& ov) const {
  AttentionCertificate c;
  c.reduction = kName;
  c.n_q = static_cast<Eigen::Index>(ov.n_a() + 1);
  c.n_k = static_cast<Eigen::Index>(ov.n_b() + 1);
  c.d = static_cast<Eigen::Index>(ov.d());
  c.d_v = 1;
  c.bytes = saturating_mul(static_cast<std::uint64_t>(c.n_q + c.n_k), ov.d() * 8) + 8 * c.n_k;
  require(c.bytes <= params_.limits.max_bytes,
          fmt::format("ov-to-attention: Q, K and V need {:.3g} GiB, above the limit of {:.3g} GiB",
                      static_cast<double>(c.bytes) / (1ULL << 30),
                      static_cast<double>(params_.limits.max_bytes) / (1ULL << 30)));
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
  require(output.rows() == c.n_q && output.cols() >= 1,
          fmt::format("ov-to-attention decode: expected an output of {} rows, found {} x {}", c.n_q,
                      output.rows(), output.cols()));
  require(assumed_error >= 0 && assumed_error < c.tolerated_error,
          fmt::format(
              "ov-to-attention decode: an oracle error of {:.4g} is not below the tolerated {:.4g} "
              "(7/36); no decision would be sound",
              assumed_error, c.tolerated_error));
  OvDecoded out;
  out.assumed_error = assumed_error;
  const double yes_max = c.yes_bound + assumed_error;
  const double no_min = c.no_bound - assumed_error;

  std::vector<std::pair<double, std::size_t>> yes_rows;
  double no_margin = INFINITY;
  for (std::size_t i = 0; i < ov.n_a(); ++i) {
    const double y = output(static_cast<Eigen::Index>(i), 0);
    if (std::isfinite(y) && y >= -assumed_error && y <= yes_max) {
      yes_rows.push_back({y, i});
    } else if (std::isfinite(y) && y >= no_min && y <= 1.0 + assumed_error) {
      no_margin = std::min(no_margin, y - c.threshold);
    } else {
      ++out.ambiguous_rows;
      if (!out.first_ambiguous_row) out.first_ambiguous_row = i;
    }
  }
  out.yes_rows = yes_rows.size();

  if (out.ambiguous_rows > 0) {
    const std::size_t row = *out.first_ambiguous_row;
    out.verdict = Verdict::kAmbiguous;
    out.note = fmt::format(
        "{} row(s) fell outside the YES range [0, {:.4f}] and the NO range [{:.4f}, 1]; first: row "
        "{} with "
        "output {:.6g}. The oracle's error exceeded the assumed {:.3g}, so no answer is decided",
        out.ambiguous_rows, yes_max, no_min, row, output(static_cast<Eigen::Index>(row), 0),
        assumed_error);
    return out;
  }
  if (yes_rows.empty()) {
    out.verdict = Verdict::kNo;
    out.margin = ov.n_a() == 0 ? c.threshold : no_margin;
    return out;
  }
  out.verdict = Verdict::kYes;
  std::sort(yes_rows.begin(), yes_rows.end());
  out.margin = c.threshold - yes_rows.front().first;
  // The witness: scan the YES rows, most confident first, for an orthogonal partner.
  for (const auto& [y, i] : yes_rows) {
    for (std::size_t j = 0; j < ov.n_b(); ++j)
      if (inner_product(ov.a(i), ov.b(j)) == 0) {
        out.witness = std::pair{i, j};
        return out;
      }
  }
  out.note = "decoded YES, but no YES row has an orthogonal partner: the oracle output is wrong";
  return out;
}

}  // namespace sethkit
