// The window backend's backward pass (attention/window_backward.cpp): against
// central differences of a dense float64 masked attention written here from
// the documented rule (query i at key position p = clamp(i + n_k - n_q); keys
// |j - p| <= w/2, or p - w < j <= p causal; the first s keys, causal only up
// to p), whose output the forward pass matches to float32; equal to naive's
// backward pass when the window covers every key.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "attention/naive_backend.hpp"
#include "attention/rope.hpp"
#include "attention/window_backend.hpp"
#include "central_differences.hpp"
#include "core/rng.hpp"
#include "test_seed.hpp"

using namespace sethkit;

namespace {
struct WindowCase {
  Eigen::Index n_q, n_k;
  long w, s;
  bool causal, rope;
};

bool sees(const WindowCase& c, Eigen::Index i, Eigen::Index j) {
  const Eigen::Index p = std::clamp<Eigen::Index>(i + c.n_k - c.n_q, 0, c.n_k - 1);
  const bool in_window = c.causal ? (j <= p && j > p - c.w) : std::abs(j - p) <= c.w / 2;
  return in_window || (j < c.s && (!c.causal || j <= p));
}

// Masked softmax attention in float64, every entry from the definition.
Matrix dense_window_attention(const WindowCase& c, const Matrix& q, const Matrix& k,
                              const Matrix& v, double scale) {
  Matrix qr = q, kr = k;
  if (c.rope) {
    qr = rope_rotate(q, Rope{50}, c.n_k - c.n_q);
    kr = rope_rotate(k, Rope{50}, 0);
  }
  Matrix out = Matrix::Zero(q.rows(), v.cols());
  for (Eigen::Index i = 0; i < q.rows(); ++i) {
    double total = 0;
    for (Eigen::Index j = 0; j < k.rows(); ++j) {
      if (!sees(c, i, j)) continue;
      const double weight = std::exp(scale * qr.row(i).dot(kr.row(j)));
      total += weight;
      out.row(i) += weight * v.row(j);
    }
    out.row(i) /= total;
  }
  return out;
}
}  // namespace

TEST_CASE("Window backward: the gradient of the window's own output", "[window][backward]") {
  Rng rng(test::test_seed("window backward", 6));
  const WindowCase cases[] = {{130, 130, 20, 3, false, false}, {130, 130, 17, 2, true, false},
                              {40, 130, 30, 4, false, false},  {150, 90, 12, 0, false, false},
                              {70, 70, 16, 4, true, true},     {90, 90, 25, 5, false, true}};
  for (const WindowCase& c : cases) {
    INFO("n_q " << c.n_q << " n_k " << c.n_k << " w " << c.w << " s " << c.s << " causal "
                << c.causal << " rope " << c.rope);
    Matrix q = uniform_matrix(rng, c.n_q, 4, 1.0), k = uniform_matrix(rng, c.n_k, 4, 1.0),
           v = uniform_matrix(rng, c.n_k, 3, 1.0);
    const Matrix d_out = uniform_matrix(rng, c.n_q, 3, 1.0);
    double scale = 0.6;
    const WindowBackend window({c.w, c.s});
    const std::optional<Rope> rope = c.rope ? std::optional<Rope>(Rope{50}) : std::nullopt;
    const AttentionInput in{q, k, v, scale, c.causal, rope};
    const AttentionOutput forward = window.run(in);
    CHECK((forward.out - dense_window_attention(c, q, k, v, scale)).cwiseAbs().maxCoeff() < 1e-5);
    const AttentionGradients g = window.backward(in, forward, d_out);
    CHECK(std::isinf(g.error_bound));
    const auto loss = [&] {
      return (dense_window_attention(c, q, k, v, scale).array() * d_out.array()).sum();
    };
    CHECK((g.dq - test::central_differences(q, loss)).cwiseAbs().maxCoeff() < 1e-6);
    CHECK((g.dk - test::central_differences(k, loss)).cwiseAbs().maxCoeff() < 1e-6);
    CHECK((g.dv - test::central_differences(v, loss)).cwiseAbs().maxCoeff() < 1e-6);
    if (!c.rope) CHECK(g.dscale == Approx(test::central_difference(scale, loss)).epsilon(1e-6));
  }
}

TEST_CASE("Window backward: naive's gradient when the window covers every key",
          "[window][backward]") {
  Rng rng(test::test_seed("window backward full", 7));
  for (const bool causal : {false, true}) {
    const Matrix q = uniform_matrix(rng, 100, 6, 1.0), k = uniform_matrix(rng, 100, 6, 1.0),
                 v = uniform_matrix(rng, 100, 5, 1.0), d_out = uniform_matrix(rng, 100, 5, 1.0);
    const AttentionInput in{q, k, v, 0.4, causal};
    const WindowBackend window({200, 0});
    const NaiveBackend naive;
    const AttentionGradients w = window.backward(in, window.run(in), d_out);
    const AttentionGradients n = naive.backward(in, naive.run(in), d_out);
    INFO("causal " << causal);
    CHECK((w.dq - n.dq).cwiseAbs().maxCoeff() < 1e-12);
    CHECK((w.dk - n.dk).cwiseAbs().maxCoeff() < 1e-12);
    CHECK((w.dv - n.dv).cwiseAbs().maxCoeff() < 1e-12);
    CHECK(w.dscale == Approx(n.dscale));
  }
}
