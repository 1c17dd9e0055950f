// The conv backend's backward pass (attention/conv_backward.cpp,
// docs/backends.md "Backward pass"): on position-structured inputs, whose
// causal scores are exactly k-conv, it equals naive's exact gradient to
// rounding and reports a bound of rounding size; on noisy scores with a stated
// eps it stays within its bound; it refuses what the forward refuses.
#include <omp.h>
#include <catch2/catch.hpp>

#include <cmath>

#include "attention/conv_backend.hpp"
#include "attention/naive_backend.hpp"
#include "attention/stats.hpp"
#include "core/rng.hpp"
#include "instances/structured_attention.hpp"
#include "test_seed.hpp"

using namespace sethkit;

namespace {
double largest_gradient_error(const AttentionGradients& got, const AttentionGradients& want) {
  return std::max(
      {linf_error(got.dq, want.dq), linf_error(got.dk, want.dk), linf_error(got.dv, want.dv)});
}
}  // namespace

TEST_CASE("conv backward equals naive's gradient on k-conv scores", "[backward][conv]") {
  Rng rng(test::test_seed("conv backward exact", 59));
  const ConvBackend conv;
  const NaiveBackend naive;
  struct ConvGradientCase {
    const char* name;
    StructuredQk qk;
    double scale;
    std::optional<Rope> rope;
  };
  const std::vector<ConvGradientCase> cases = {
      {"2-conv gated sinusoids", gated_sinusoids(300, {0, 120}, 1), 0.5, std::nullopt},
      {"4-conv, starts near the end", gated_sinusoids(257, {0, 3, 200, 250}, 2), 1.0, std::nullopt},
      {"ALiBi bias", alibi_bias(200, 0.05), 1.0, std::nullopt},
      {"RoPE, position-only content", position_only(150, 8, 4), 0.5, Rope{10000}},
      {"single token", gated_sinusoids(1, {0}, 5), 1.0, std::nullopt},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    const Eigen::Index n = c.qk.q.rows();
    const Matrix v = uniform_matrix(rng, n, 3, 1.0), w = uniform_matrix(rng, n, 3, 1.0);
    const AttentionInput in{c.qk.q, c.qk.k, v, c.scale, true, c.rope};
    const AttentionGradients want = naive.backward(in, naive.run(in), w);
    const AttentionGradients got = conv.backward(in, conv.run(in), w);
    const double size = std::max({want.dq.cwiseAbs().maxCoeff(), want.dk.cwiseAbs().maxCoeff(),
                                  want.dv.cwiseAbs().maxCoeff()});
    CHECK(size > 1e-3);
    const double error = largest_gradient_error(got, want);
    CHECK(error < 1e-9 * (1 + size));
    CHECK(error <= got.error_bound + 1e-13);
    CHECK(got.error_bound < 1e-8);
    CHECK(std::abs(got.dscale - want.dscale) < 1e-8 * (1 + std::abs(want.dscale)));
  }
}

TEST_CASE("conv backward stays within its bound on noisy scores", "[backward][conv]") {
  Rng rng(test::test_seed("conv backward noise", 61));
  const double eps = 1e-3;
  const StructuredQk qk = gated_sinusoids(300, {0, 120, 250}, 6);
  Matrix q(300, 8), k(300, 8);
  q << qk.q, uniform_matrix(rng, 300, 2, std::sqrt(eps / 2));
  k << qk.k, uniform_matrix(rng, 300, 2, std::sqrt(eps / 2));
  const Matrix v = uniform_matrix(rng, 300, 4, 1.0), w = uniform_matrix(rng, 300, 4, 1.0);
  ConvParams p;
  p.recovery.tau = 2 * 8 * eps;
  p.eps = eps;
  const ConvBackend conv(p);
  const NaiveBackend naive;
  const AttentionInput in{q, k, v, 1.0, true};
  const AttentionGradients want = naive.backward(in, naive.run(in), w);
  const AttentionGradients got = conv.backward(in, conv.run(in), w);
  const double error = largest_gradient_error(got, want);
  CHECK(error > 1e-8);  // the noise is there
  CHECK(error <= got.error_bound);
  CHECK(got.error_bound < 1);
  CHECK_THAT(got.details, Catch::Contains("k = 3"));
}

TEST_CASE("conv backward refuses what its forward pass refuses", "[backward][conv]") {
  Rng rng(11);
  const ConvBackend conv;
  const StructuredQk qk = gated_sinusoids(60, {0, 30}, 3);
  const Matrix v = uniform_matrix(rng, 60, 2, 1.0);
  const AttentionInput causal{qk.q, qk.k, v, 1.0, true};
  const AttentionOutput f = conv.run(causal);
  CHECK_THROWS_WITH(conv.backward({qk.q, qk.k, v, 1.0}, f, Matrix::Ones(60, 2)),
                    Catch::Contains("not causal"));
  // Unstructured scores need more than k_max = 64 bases: refused, no n x n fallback.
  const Matrix q = uniform_matrix(rng, 200, 8, 1.0), k = uniform_matrix(rng, 200, 8, 1.0),
               v200 = uniform_matrix(rng, 200, 2, 1.0);
  const AttentionInput unstructured{q, k, v200, 1.0, true};
  CHECK_THROWS_WITH(
      conv.backward(unstructured, NaiveBackend().run(unstructured), Matrix::Ones(200, 2)),
      Catch::Contains("more than k_max = 64"));
}

TEST_CASE("conv backward: the same gradient on one thread and on several", "[backward][conv]") {
  Rng rng(test::test_seed("conv backward threads", 61));
  const StructuredQk qk = gated_sinusoids(300, {0, 40, 200}, 3);
  const Matrix v = uniform_matrix(rng, 300, 3, 1.0), w = uniform_matrix(rng, 300, 3, 1.0);
  const AttentionInput in{qk.q, qk.k, v, 0.5, true};
  const ConvBackend conv;
  const AttentionOutput forward = conv.run(in);
  const int threads = omp_get_max_threads();
  omp_set_num_threads(1);
  const AttentionGradients one = conv.backward(in, forward, w);
  omp_set_num_threads(4);
  const AttentionGradients four = conv.backward(in, forward, w);
  omp_set_num_threads(threads);
  // The Hadamard terms are summed in term order, whichever thread made them.
  CHECK(one.dq == four.dq);
  CHECK(one.dk == four.dk);
  CHECK(one.dv == four.dv);
  CHECK(one.dq.norm() > 1e-3);
}
