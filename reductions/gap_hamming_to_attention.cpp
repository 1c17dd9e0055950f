#include "reductions/gap_hamming_to_attention.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "reductions/reduction.hpp"

namespace sethkit {

static_assert(Reduction<GapHammingToAttention>);

namespace {
// The logits of the construction, in closed form.
struct Logits {
  double d_bal;  // D = 2 dim
  double s;      // entry magnitude
  double l_yes;  // L_Y = s^2/4 - s^2 t / (2D): the smallest logit of a YES pair
  double l_no;   // L_N = s^2/4 - s^2 (1 + eps) t / (2D): the largest logit of a NO pair
  double log_n;  // ln n_b
};

Logits logits(const GapHamming& g, double separation, double forced_s) {
  Logits l;
  l.d_bal = 2.0 * static_cast<double>(g.points.d());
  l.log_n = std::log(static_cast<double>(std::max<std::size_t>(g.points.n_b(), 1)));
  const double t = static_cast<double>(g.t);
  const double s2 = forced_s > 0 ? forced_s * forced_s
                                 : 2 * l.d_bal * (l.log_n + std::log(separation)) / (g.eps * t);
  l.s = std::sqrt(s2);
  l.l_yes = s2 / 4 - s2 * t / (2 * l.d_bal);
  l.l_no = s2 / 4 - s2 * (1 + g.eps) * t / (2 * l.d_bal);
  return l;
}
// The sink logit lambda = (L_Y + L_N + ln n) / 2; with a forced s it is clamped
// to [-s^2/2, s^2/2] so that the sink entry sigma = 2 lambda / s stays within s.
double sink_logit(const Logits& l, double forced_s) {
  const double lambda = (l.l_yes + l.l_no + l.log_n) / 2;
  if (forced_s <= 0) return lambda;
  const double cap = l.s * l.s / 2;
  return std::clamp(lambda, -cap, cap);
}
}  // namespace

AttentionCertificate GapHammingToAttention::certificate(const GapHamming& g) const {
  return certificate_at_magnitude(g, 0);
}

AttentionInstance GapHammingToAttention::encode(const GapHamming& g) const {
  return encode_at_magnitude(g, 0);
}

AttentionCertificate GapHammingToAttention::certificate_at_magnitude(const GapHamming& g,
                                                                     double forced_s) const {
  const std::size_t dim = g.points.d();
  require(params_.g > 1, "gap-hamming-to-attention: the separation factor G must exceed 1");
  require(g.t >= 1 && g.eps > 0, "gap-hamming-to-attention: need t >= 1 and eps > 0");
  require((1 + g.eps) * static_cast<double>(g.t) <= static_cast<double>(dim),
          fmt::format("gap-hamming-to-attention: (1 + eps) t = {} exceeds dim = {}, so the sink "
                      "logit would leave "
                      "[0, s^2/2]",
                      (1 + g.eps) * static_cast<double>(g.t), dim));
  const bool one = params_.variant == SinkVariant::kOneSink;
  AttentionCertificate c;
  c.reduction = name();
  c.n_q = static_cast<Eigen::Index>(one ? g.points.n_a() + 1 : 2 * g.points.n_a());
  c.n_k = static_cast<Eigen::Index>(one ? g.points.n_b() + 1 : 2 * g.points.n_b());
  c.d = static_cast<Eigen::Index>(4 * dim);
  c.d_v = 1;
  require_memory_within(c, params_.limits);
  c.big_n = std::max<std::uint64_t>(g.points.n_b(), 1);
  const Logits l = logits(g, params_.g, forced_s);
  c.scale = 1.0 / (2 * l.d_bal);
  c.s = l.s;
  const double s2 = l.s * l.s;
  if (one) {
    const double lambda = sink_logit(l, forced_s);
    const double sigma = 2 * lambda / l.s;
    c.entry_bound = std::max({l.s, std::abs(sigma), 1.0});
    c.logit_radius =
        std::max({std::abs(s2 / 4), std::abs(s2 / 4 - s2 * static_cast<double>(dim) / l.d_bal),
                  std::abs(lambda)});
    // YES: Y <= 1 / (1 + e^(L_Y - lambda)); NO: Y >= 1 / (1 + n e^(L_N - lambda)).
    c.yes_bound = 1 / (1 + std::exp(l.l_yes - lambda));
    c.no_bound = 1 / (1 + std::exp(l.log_n + l.l_no - lambda));
    c.tolerated_error = (c.no_bound - c.yes_bound) / 2;
    c.tolerance_note = "constant";
  } else {
    c.entry_bound = std::max(l.s, 1.0);
    c.logit_radius = std::max(s2 / 2, std::abs(s2 / 4 - s2 * static_cast<double>(dim) / l.d_bal));
    // p = e^L / W with W = n e^(s^2/2), in logs.
    const double p_yes = std::exp(l.l_yes - l.log_n - s2 / 2);
    const double p_no = std::exp(l.l_no - s2 / 2);
    c.yes_bound = 1 / (1 + p_yes);
    c.no_bound = 1 / (1 + p_no);
    c.tolerated_error = (p_yes - p_no) / (2 * (1 + p_yes) * (1 + p_no));  // exact, no cancellation
    c.tolerance_note =
        fmt::format("1/poly(n): {:.3g}; needs a float64 oracle, and only small n resolve in double",
                    c.tolerated_error);
    // Sink values are exactly 1 and real values 0: an exact float64 oracle's
    // output errs by the summation rounding (n_k + 8) u (docs).
    c.exact_oracle_error = (static_cast<double>(c.n_k) + 8) * std::ldexp(1.0, -53);
  }
  c.threshold = (c.yes_bound + c.no_bound) / 2;
  c.entry_bound_ratio =
      c.entry_bound / std::sqrt(std::log(static_cast<double>(std::max(c.n_q, c.n_k))));
  c.logit_radius_is_bound = true;
  return c;
}

AttentionInstance GapHammingToAttention::encode_at_magnitude(const GapHamming& g,
                                                             double forced_s) const {
  AttentionInstance out;
  out.certificate = certificate_at_magnitude(g, forced_s);
  const auto& c = out.certificate;
  out.scale = c.scale;
  const auto dim = static_cast<Eigen::Index>(g.points.d());
  const Eigen::Index dd = 2 * dim;  // D, the balanced dimension
  const double s = c.s;
  out.q = Matrix::Zero(c.n_q, c.d);
  out.k = Matrix::Zero(c.n_k, c.d);
  out.v = Matrix::Zero(c.n_k, 1);
  const auto n_a = static_cast<Eigen::Index>(g.points.n_a()),
             n_b = static_cast<Eigen::Index>(g.points.n_b());
  for (Eigen::Index i = 0; i < n_a; ++i) {
    const auto a = g.points.a(static_cast<std::size_t>(i));
    for (Eigen::Index t = 0; t < dim; ++t) out.q(i, a[t] ? t : dim + t) = s;  // balanced (a, 1 - a)
    out.q.row(i).segment(dd, dd).setConstant(s);
  }
  for (Eigen::Index j = 0; j < n_b; ++j) {
    const auto b = g.points.b(static_cast<std::size_t>(j));
    for (Eigen::Index t = 0; t < dim; ++t) out.k(j, b[t] ? t : dim + t) = s;
  }
  if (params_.variant == SinkVariant::kOneSink) {
    const Logits l = logits(g, params_.g, forced_s);
    const double lambda = sink_logit(l, forced_s);
    out.k.row(n_b).segment(dd, dd).setConstant(2 * lambda /
                                               s);  // logit s * sigma * D / (2D) = lambda
    out.v(n_b, 0) = 1;
  } else {
    for (Eigen::Index i = n_a; i < 2 * n_a; ++i) out.q.row(i).segment(dd, dd).setConstant(s);
    for (Eigen::Index j = n_b; j < 2 * n_b; ++j) {
      out.k.row(j).segment(dd, dd).setConstant(s);
      out.v(j, 0) = 1;
    }
  }
  return out;
}

GapDecoded GapHammingToAttention::decode(const GapHamming& g, const AttentionInstance& target,
                                         const Matrix& output, double assumed_error) const {
  GapDecoded out =
      gap_answer_from_rows(output, g.points.n_a(), g.points.n_b(), target.certificate,
                           assumed_error, [&g](std::size_t i, std::size_t j) {
                             return hamming_distance(g.points.a(i), g.points.b(j)) <= g.t;
                           });
  if (out.verdict == Verdict::kYes && !out.witness)
    out.note = "decoded YES, but no YES row has a partner within distance t";
  return out;
}

SizeFormulas GapHammingToAttention::size_formulas(SinkVariant variant) {
  if (variant == SinkVariant::kNSinks)
    return {{"n_q", "2 * n_a"}, {"n_k", "2 * n_b"}, {"d", "4 * dim"}};
  return {{"n_q", "n_a + 1"}, {"n_k", "n_b + 1"}, {"d", "4 * dim"}};
}

EdgeRecord GapHammingToAttention::edge() {
  return {kName,
          "gap-hamming",
          "attention",
          kDeclaredOverhead,
          size_formulas(SinkVariant::kOneSink),
          "one sink: constant; n sinks: 1/poly(n)",
          "Alman-Song 2023",
          "docs/reductions/gap_hamming_to_attention.md",
          "reductions/gap_hamming_to_attention.hpp"};
}

}  // namespace sethkit
