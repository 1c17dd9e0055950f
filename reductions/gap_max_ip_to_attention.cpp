#include "reductions/gap_max_ip_to_attention.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "reductions/reduction.hpp"

namespace sethkit {

static_assert(Reduction<GapMaxIpToAttention>);

namespace {
// The construction's numbers, in closed form.
struct SinkGadget {
  double c;       // logit per unit of inner product
  double lambda;  // the sink's logit
  std::size_t w;  // sink coordinates
  double s;       // entry magnitude
  double sigma;   // the sink key's entries
};

SinkGadget sink_gadget(std::size_t n_b, double dim, std::size_t s_yes, std::size_t s_no,
                       double separation) {
  SinkGadget out;
  const double n = static_cast<double>(std::max<std::size_t>(n_b, 1));
  const double log_n = std::log(n), log_gn = std::log(separation * n);
  const double gap = static_cast<double>(s_yes - s_no), sum = static_cast<double>(s_yes + s_no);
  out.c = log_gn / gap;
  out.lambda = (out.c * sum + log_n) / 2;
  // lambda / c without the division's rounding (an integer stays one at n = 1).
  out.w = std::max<std::size_t>(
      1, static_cast<std::size_t>(std::ceil(sum / 2 + gap * log_n / (2 * log_gn))));
  const double d = dim + static_cast<double>(out.w);
  out.s = std::sqrt(out.c * d);
  out.sigma = out.lambda * d / (static_cast<double>(out.w) * out.s);
  return out;
}

SinkGadget sink_gadget(const GapMaxIp& g, double separation) {
  return sink_gadget(g.points.n_b(), static_cast<double>(g.points.d()), g.s_yes, g.s_no,
                     separation);
}
}  // namespace

double GapMaxIpToAttention::entry_bound(std::size_t n_b, double dim, std::size_t s_yes,
                                        std::size_t s_no, double g) {
  require(s_yes > s_no && g > 1, "gap-max-ip-to-attention: need s_yes > s_no and G > 1");
  return std::max(sink_gadget(n_b, dim, s_yes, s_no, g).s, 1.0);
}

AttentionCertificate GapMaxIpToAttention::certificate(const GapMaxIp& g) const {
  require(params_.g > 1, fmt::format("{}: the separation factor G must exceed 1", kName));
  require(g.s_yes > g.s_no, fmt::format("{}: need s_yes > s_no, found s_yes = {}, s_no = {}", kName,
                                        g.s_yes, g.s_no));
  const SinkGadget k = sink_gadget(g, params_.g);
  AttentionCertificate c;
  c.reduction = kName;
  c.n_q = static_cast<Eigen::Index>(g.points.n_a());
  c.n_k = static_cast<Eigen::Index>(g.points.n_b() + 1);
  c.d = static_cast<Eigen::Index>(g.points.d() + k.w);
  c.d_v = 1;
  require_memory_within(c, params_.limits);
  c.big_n = std::max<std::uint64_t>(g.points.n_b(), 1);
  c.scale = 1.0 / static_cast<double>(c.d);
  c.s = k.s;
  c.entry_bound = std::max(k.s, 1.0);
  // Real logits lie in [0, c min(W_a, W_b)] <= c dim; the sink's is lambda.
  c.logit_radius = std::max(k.c * static_cast<double>(g.points.d()), k.lambda);
  const double root_g = std::sqrt(params_.g);
  c.yes_bound = 1 / (1 + root_g);
  c.no_bound = 1 / (1 + 1 / root_g);
  c.tolerated_error = (c.no_bound - c.yes_bound) / 2;
  c.threshold = (c.yes_bound + c.no_bound) / 2;
  c.tolerance_note = "constant";
  c.entry_bound_ratio =
      c.entry_bound / std::sqrt(std::log(static_cast<double>(std::max(c.n_q, c.n_k))));
  c.logit_radius_is_bound = true;
  return c;
}

AttentionInstance GapMaxIpToAttention::encode(const GapMaxIp& g) const {
  AttentionInstance out;
  out.certificate = certificate(g);
  const AttentionCertificate& c = out.certificate;
  const SinkGadget k = sink_gadget(g, params_.g);
  out.scale = c.scale;
  const auto dim = static_cast<Eigen::Index>(g.points.d());
  const auto w = static_cast<Eigen::Index>(k.w);
  out.q = Matrix::Zero(c.n_q, c.d);
  out.k = Matrix::Zero(c.n_k, c.d);
  out.v = Matrix::Zero(c.n_k, 1);
  for (Eigen::Index i = 0; i < c.n_q; ++i) {
    const auto a = g.points.a(static_cast<std::size_t>(i));
    for (Eigen::Index t = 0; t < dim; ++t)
      if (a[static_cast<std::size_t>(t)]) out.q(i, t) = k.s;
    out.q.row(i).segment(dim, w).setConstant(k.s);
  }
  const Eigen::Index n_b = c.n_k - 1;
  for (Eigen::Index j = 0; j < n_b; ++j) {
    const auto b = g.points.b(static_cast<std::size_t>(j));
    for (Eigen::Index t = 0; t < dim; ++t)
      if (b[static_cast<std::size_t>(t)]) out.k(j, t) = k.s;
  }
  out.k.row(n_b).segment(dim, w).setConstant(k.sigma);
  out.v(n_b, 0) = 1;
  return out;
}

GapDecoded GapMaxIpToAttention::decode(const GapMaxIp& g, const AttentionInstance& target,
                                       const Matrix& output, double assumed_error) const {
  GapDecoded out =
      gap_answer_from_rows(output, g.points.n_a(), g.points.n_b(), target.certificate,
                           assumed_error, [&g](std::size_t i, std::size_t j) {
                             return inner_product(g.points.a(i), g.points.b(j)) >= g.s_yes;
                           });
  if (out.verdict == Verdict::kYes && !out.witness)
    out.note = "decoded YES, but no YES row has a partner with inner product >= s_yes";
  return out;
}

EdgeRecord GapMaxIpToAttention::edge() {
  return {kName,
          "gap-max-ip",
          "attention",
          kDeclaredOverhead,
          {{"n_q", "n_a"},
           {"n_k", "n_b + 1"},
           {"d",
            "dim + max(1, ceil((s_yes + s_no) / 2 + (s_yes - s_no) * ln(max(n_b, 1)) / (2 * "
            "ln(9 * max(n_b, 1)))))"}},
          "constant (1/4 at G = 9)",
          "one-sink gadget on inner products (derived here)",
          "docs/reductions/gap_max_ip_to_attention.md",
          "reductions/gap_max_ip_to_attention.hpp"};
}

}  // namespace sethkit
