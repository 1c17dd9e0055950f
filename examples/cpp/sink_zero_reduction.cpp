#include "sink_zero_reduction.hpp"

#include <cmath>

#include <sethkit/core/error.hpp>
#include <sethkit/core/verify.hpp>
#include <sethkit/reductions/reduction.hpp>

using namespace sethkit;

// The reduction has the shape sethkit's own have.
static_assert(Reduction<SinkZeroOvToAttention>);

nlohmann::json to_json(const SinkZeroCertificate& c) {
  return {{"lambda", c.lambda},
          {"threshold", c.threshold},
          {"tolerated_error", c.tolerated_error},
          {"n_q", c.n_q},
          {"n_k", c.n_k},
          {"d", c.d}};
}

EdgeRecord SinkZeroOvToAttention::edge() {
  return {kName,
          "ov",
          "attention",
          kDeclaredOverhead,
          {{"n_q", "N_a"}, {"n_k", "N_b + 1"}, {"d", "d"}, {"B", "ln(8 * N_b)"}},
          "7/36 entrywise; threshold 11/36",
          "examples/cpp (derived there)",
          "examples/cpp/sink_zero_reduction.hpp",
          "examples/cpp/sink_zero_reduction.hpp"};
}

SinkZeroCertificate SinkZeroOvToAttention::certificate(const OvInstance& ov) const {
  require(ov.n_a() >= 1 && ov.n_b() >= 1, "sink-zero: both sides need a vector");
  SinkZeroCertificate c;
  c.lambda = std::log(8.0 * static_cast<double>(ov.n_b()));
  c.n_q = static_cast<Eigen::Index>(ov.n_a());
  c.n_k = static_cast<Eigen::Index>(ov.n_b()) + 1;
  c.d = static_cast<Eigen::Index>(ov.d());
  return c;
}

AttentionInstance SinkZeroOvToAttention::encode(const OvInstance& ov) const {
  const SinkZeroCertificate c = certificate(ov);
  AttentionInstance t;
  t.q = Matrix::Zero(c.n_q, c.d);
  t.k = Matrix::Zero(c.n_k, c.d);  // row 0: the sink
  t.v = Matrix::Ones(c.n_k, 1);
  t.v(0, 0) = 0;
  for (std::size_t i = 0; i < ov.n_a(); ++i)
    for (std::size_t x = 0; x < ov.d(); ++x)
      t.q(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(x)) = -c.lambda * ov.a(i)[x];
  for (std::size_t j = 0; j < ov.n_b(); ++j)
    for (std::size_t x = 0; x < ov.d(); ++x)
      t.k(static_cast<Eigen::Index>(j) + 1, static_cast<Eigen::Index>(x)) = ov.b(j)[x];
  t.scale = 1.0;
  return t;
}

SinkZeroDecoded SinkZeroOvToAttention::decode(const OvInstance& ov, const AttentionInstance&,
                                              const Matrix& output) const {
  require(output.rows() == static_cast<Eigen::Index>(ov.n_a()) && output.cols() == 1,
          "sink-zero: the oracle's output must be n_a x 1");
  SinkZeroDecoded d{Verdict::kNo, std::nullopt};
  for (std::size_t i = 0; i < ov.n_a() && !d.witness; ++i) {
    if (output(static_cast<Eigen::Index>(i), 0) < params_.threshold) continue;
    d.verdict = Verdict::kYes;
    // The row is YES: its partner by one scan of B (O(n_b d)).
    for (std::size_t j = 0; j < ov.n_b() && !d.witness; ++j)
      if (is_orthogonal_pair(ov, i, j)) d.witness = std::pair{i, j};
  }
  return d;
}
