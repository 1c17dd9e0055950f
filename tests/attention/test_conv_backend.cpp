// The conv basis and the `conv` backend (attention/conv_basis.hpp,
// attention/conv_backend.hpp; docs/conv_basis.md): exact on every
// position-structured generator, within the bound of 1.7 under noise, the
// read count of 1.5, the log-sum-exp, k = n on a random lower-triangular
// matrix, the products against a dense A~ with one
// workspace reused, the workspace pool, and the refusals (non-causal,
// n_q != n_k, k over budget, a change point the windows cannot see).
#include <catch2/catch.hpp>
#include <cmath>

#include "attention/conv_backend.hpp"
#include "attention/conv_basis.hpp"
#include "attention/conv_product.hpp"
#include "attention/registry.hpp"
#include "attention/stats.hpp"
#include "core/error.hpp"
#include "core/rng.hpp"
#include "instances/structured_attention.hpp"
#include "test_seed.hpp"

using namespace sethkit;

namespace {
AttentionOutput exact_causal(const Matrix& q, const Matrix& k, const Matrix& v, double scale,
                             std::optional<Rope> rope = std::nullopt) {
  return make_backend("naive")->run({q, k, v, scale, true, rope});
}
}  // namespace

TEST_CASE("conv is exact on position-structured inputs", "[conv]") {
  Rng rng(test::test_seed("conv exact", 37));
  const ConvBackend conv;
  struct Case {
    const char* name;
    StructuredQk qk;
    double scale;
    std::optional<Rope> rope;
  };
  const std::vector<Case> cases = {
      {"2-conv gated sinusoids, n = 300", gated_sinusoids(300, {0, 120}, 1), 0.5, std::nullopt},
      {"4-conv, starts near the end", gated_sinusoids(257, {0, 3, 200, 250}, 2), 1.0, std::nullopt},
      {"1-conv sinusoid", gated_sinusoids(100, {0}, 3), 2.0, std::nullopt},
      {"ALiBi bias", alibi_bias(500, 0.05), 1.0, std::nullopt},
      {"RoPE, position-only content", position_only(333, 8, 4), 0.5, Rope{10000}},
      {"single token", gated_sinusoids(1, {0}, 5), 1.0, std::nullopt},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    const Eigen::Index n = c.qk.q.rows();
    const Matrix v = uniform_matrix(rng, n, 3, 1.0);
    const AttentionInput in{c.qk.q, c.qk.k, v, c.scale, true, c.rope};
    const AttentionOutput got = conv.run(in);
    const AttentionOutput want = exact_causal(c.qk.q, c.qk.k, v, c.scale, c.rope);
    CHECK(linf_error(got.out, want.out) < 1e-10);
    CHECK(got.error_bound < 1e-10);
    CHECK(linf_error(got.out, want.out) <= got.error_bound + 1e-15);
    CHECK((got.lse - want.lse).cwiseAbs().maxCoeff() < 1e-9);
    if (!c.rope) {
      const ConvRecovery rec = recover_conv_basis(c.qk.q, c.qk.k, c.scale, {});
      REQUIRE(rec.basis);
      CHECK(rec.basis->starts == c.qk.starts);
      // Read count of 1.5: T (2 + (k - 1)(ceil(log2 n) + 2)) + T (T - 1).
      const double t = 8, k = static_cast<double>(c.qk.starts.size());
      CHECK(static_cast<double>(rec.basis->window_reads) <=
            t * (2 + (k - 1) * (std::ceil(std::log2(static_cast<double>(n))) + 2)) + t * (t - 1));
    }
  }
}

TEST_CASE("conv products equal the dense e^(-c*) A~ X, one workspace reused", "[conv]") {
  Rng rng(test::test_seed("conv products", 47));
  const Eigen::Index n = 97;
  const StructuredQk qk = gated_sinusoids(n, {0, 10, 60, 95}, 6);
  const ConvRecovery rec = recover_conv_basis(qk.q, qk.k, 0.7, {});
  REQUIRE(rec.basis);
  const ConvBasis& basis = *rec.basis;
  Matrix a = Matrix::Zero(n, n);  // e^(-c*) A~, from the rebuilt scores
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j <= i; ++j)
      a(i, j) = std::exp(conv_basis_score(basis, i, j) - basis.c_star);
  const ConvOperator op(basis);
  ConvWorkspace workspace;  // shared by products of different widths and sides
  ConvProduct got;
  for (const Eigen::Index cols : {3, 1, 70, 3}) {
    const Matrix x = uniform_matrix(rng, n, cols, 1.0);
    const Vector f = uniform_matrix(rng, n, 1, 2.0).col(0);
    const Matrix fx = f.asDiagonal() * x;
    INFO("columns " << cols);
    op.apply(x, ConvSide::kForward, workspace, got);
    CHECK(linf_error(got.y, a * x) < 1e-12);
    CHECK((((got.y - a * x).cwiseAbs().rowwise().maxCoeff() - got.noise).array() <= 0).all());
    op.apply(x, ConvSide::kTranspose, workspace, got, &f);
    CHECK(linf_error(got.y, a.transpose() * fx) < 1e-12);
    CHECK((((got.y - a.transpose() * fx).cwiseAbs().rowwise().maxCoeff() - got.noise).array() <= 0)
              .all());
    CHECK(linf_error(conv_basis_product(basis, fx, ConvSide::kTranspose).y, got.y) < 1e-13);
  }
}

TEST_CASE("conv workspaces go back to the pool and are lent again", "[conv]") {
  const StructuredQk qk = gated_sinusoids(300, {0, 100}, 7);
  const ConvRecovery rec = recover_conv_basis(qk.q, qk.k, 1.0, {});
  REQUIRE(rec.basis);
  const ConvOperator op(*rec.basis);
  const Matrix x = Matrix::Ones(300, 2);
  ConvProduct out;
  {
    PooledConvWorkspace used;
    op.apply(x, ConvSide::kForward, *used, out);
    REQUIRE((*used).bytes() > 0);
  }
  // The next workspace lent has buffers already: it is one given back.
  PooledConvWorkspace again;
  CHECK((*again).bytes() > 0);
  CHECK(ConvWorkspace().bytes() == 0);  // a fresh one has none
}

TEST_CASE("conv stays within its bound on noisy scores", "[conv]") {
  Rng rng(test::test_seed("conv noise", 41));
  const double eps = 1e-3;
  const StructuredQk qk = gated_sinusoids(400, {0, 120, 290}, 6);
  // One extra coordinate pair adds noise of at most eps to every score.
  Matrix q(400, 8), k(400, 8);
  q << qk.q, uniform_matrix(rng, 400, 2, std::sqrt(eps / 2));
  k << qk.k, uniform_matrix(rng, 400, 2, std::sqrt(eps / 2));
  const Matrix v = uniform_matrix(rng, 400, 4, 1.0);
  ConvParams p;
  p.recovery.window = 8;
  p.recovery.tau = 2 * 8 * eps;
  p.eps = eps;
  const AttentionOutput got = ConvBackend(p).run({q, k, v, 1.0, true});
  const AttentionOutput want = exact_causal(q, k, v, 1.0);
  const double err = linf_error(got.out, want.out);
  CHECK(err <= got.error_bound);
  CHECK(got.error_bound <= std::expm1(4 * eps) * 1.0 + 1e-9);
  CHECK(err > 1e-8);  // the noise is there: the comparison is not between equals
  CHECK_THAT(got.details, Catch::Contains("k = 3") && Catch::Contains("[0, 120, 290]"));
  // Without a stated eps the sampled check sees the noise and refuses.
  ConvParams strict = p;
  strict.eps = 0;
  CHECK_THROWS_WITH(ConvBackend(strict).run({q, k, v, 1.0, true}),
                    Catch::Contains("not 3-conv within eps"));
}

TEST_CASE("A random lower-triangular matrix needs n bases, and the n-conv basis is exact",
          "[conv]") {
  Rng rng(test::test_seed("conv random", 43));
  const Eigen::Index n = 40;
  const Matrix q = uniform_matrix(rng, n, n, 1.0),
               k = Matrix::Identity(n, n);  // H = Q (lower part)
  const Matrix v = uniform_matrix(rng, n, 2, 1.0);
  ConvRecoveryParams rp;
  rp.k_max = static_cast<std::size_t>(n);
  const ConvRecovery rec = recover_conv_basis(q, k, 1.0, rp);
  REQUIRE(rec.basis);
  CHECK(rec.basis->k() == static_cast<std::size_t>(n));
  const ConvEvaluation eval = conv_basis_attention(*rec.basis, v);
  CHECK(linf_error(eval.out, exact_causal(q, k, v, 1.0).out) < 1e-10);
}

TEST_CASE("conv refuses what it cannot do", "[conv]") {
  Rng rng(3);
  const ConvBackend conv;
  const Matrix q = uniform_matrix(rng, 200, 8, 1.0), k = uniform_matrix(rng, 200, 8, 1.0),
               v = uniform_matrix(rng, 200, 2, 1.0);
  CHECK_THROWS_WITH(conv.run({q, k, v, 1.0}),
                    Catch::Contains("conv:") && Catch::Contains("not causal"));
  CHECK_THROWS_WITH(conv.run({q.topRows(50), k, v, 1.0, true}), Catch::Contains("n_q = n_k"));
  // Unstructured scores: k passes the budget; no n x n fallback.
  CHECK_THROWS_WITH(conv.run({q, k, v, 1.0, true}),
                    Catch::Contains("more than k_max = 64") && Catch::Contains("use flash"));
  ConvParams tight;
  tight.recovery.k_max = 1;
  const StructuredQk two = gated_sinusoids(100, {0, 50}, 9);
  const Matrix v2 = uniform_matrix(rng, 100, 2, 1.0);
  CHECK_THROWS_WITH(ConvBackend(tight).run({two.q, two.k, v2, 1.0, true}),
                    Catch::Contains("k_max = 1"));
  // FFT sizes beyond the memory limit are refused before any transform.
  const ConvRecovery rec2 = recover_conv_basis(two.q, two.k, 1.0, {});
  REQUIRE(rec2.basis);
  CHECK_THROWS_WITH(conv_basis_attention(*rec2.basis, v2, 1000),
                    Catch::Contains("GiB") && Catch::Contains("limit"));
  // A change point whose window difference cancels: T = 1 cannot see it, the sample check can.
  StructuredQk hidden = gated_sinusoids(64, {0}, 10);
  Matrix kh = hidden.k;
  for (Eigen::Index j = 30; j < 64; ++j) kh.row(j) *= 1.0 + 1e-3 * (j - 29);  // scales columns
  ConvParams t1;
  t1.recovery.window = 1;
  t1.recovery.tau = 1;  // blind to these differences
  CHECK_THROWS_WITH(ConvBackend(t1).run({hidden.q, kh, uniform_matrix(rng, 64, 2, 1.0), 1.0, true}),
                    Catch::Contains("differs from the rebuilt basis"));
}
