// The poly backend's backward pass (attention/poly_backward.cpp,
// docs/backends.md "Backward pass"): it is the exact gradient of the
// polynomial approximation, so it must equal central finite differences of
// poly's own forward pass (fixed degree; masks, RoPE, negative and zero scale,
// blocks small enough that the causal triangles cross block edges); against
// naive's exact gradient it stays within the bound it reports, and that bound
// is small where the method applies.
#include <catch2/catch.hpp>
#include <cmath>
#include <functional>
#include <optional>

#include "attention/central_differences.hpp"
#include "attention/naive_backend.hpp"
#include "attention/poly_backend.hpp"
#include "attention/stats.hpp"
#include "core/error.hpp"
#include "core/rng.hpp"
#include "test_seed.hpp"

using namespace sethkit;

namespace {
struct PolyGradientCase {
  Eigen::Index n_q, n_k;
  bool causal;
  CausalAlignment alignment;
  bool rope;
  double scale;
};
}  // namespace

TEST_CASE("Poly backward: the exact gradient of poly's own forward pass", "[backward][poly]") {
  Rng rng(test::test_seed("poly backward finite differences", 47));
  PolyParams params;
  params.degree = 4;
  params.block = 8;
  const PolyBackend poly(params);
  const PolyGradientCase cases[] = {{20, 20, false, CausalAlignment::kBottomRight, false, 0.5},
                                    {19, 27, true, CausalAlignment::kBottomRight, false, 0.5},
                                    {21, 21, true, CausalAlignment::kBottomRight, true, -0.4},
                                    {9, 26, true, CausalAlignment::kTopLeft, false, 0.3},
                                    {25, 11, true, CausalAlignment::kTopLeft, true, 0.6},
                                    {12, 17, false, CausalAlignment::kBottomRight, false, 0.0},
                                    {12, 17, true, CausalAlignment::kBottomRight, false, 0.0}};
  for (const PolyGradientCase& c : cases) {
    INFO("n_q " << c.n_q << " n_k " << c.n_k << " causal " << c.causal << " "
                << to_string(c.alignment) << " rope " << c.rope << " scale " << c.scale);
    Matrix q = uniform_matrix(rng, c.n_q, 4, 1.0), k = uniform_matrix(rng, c.n_k, 4, 1.0),
           v = uniform_matrix(rng, c.n_k, 2, 1.0);
    const Matrix w = uniform_matrix(rng, c.n_q, 2, 1.0);
    double scale = c.scale;
    const std::optional<Rope> rope = c.rope ? std::optional<Rope>(Rope{50}) : std::nullopt;
    const auto f = [&] {
      const AttentionInput in{q, k, v, scale, c.causal, rope, c.alignment};
      return (poly.run(in).out.array() * w.array()).sum();
    };
    const AttentionInput in{q, k, v, scale, c.causal, rope, c.alignment};
    const AttentionGradients g = poly.backward(in, poly.run(in), w);
    CHECK(linf_error(g.dq, test::central_differences(q, f)) < 1e-7);
    CHECK(linf_error(g.dk, test::central_differences(k, f)) < 1e-7);
    CHECK(linf_error(g.dv, test::central_differences(v, f)) < 1e-7);
    CHECK(std::abs(g.dscale - test::central_difference(scale, f)) < 1e-7);
    CHECK(g.dv.norm() > 0.1);
    if (c.scale != 0) CHECK(g.dq.norm() > 1e-3);
  }
}

TEST_CASE("Poly backward: within its bound of naive's exact gradient", "[backward][poly]") {
  Rng rng(test::test_seed("poly backward against naive", 53));
  const NaiveBackend naive;
  for (const bool causal : {false, true})
    for (const double entries : {0.5, 1.0, 2.0}) {
      INFO("causal " << causal << " entries " << entries);
      const Matrix q = uniform_matrix(rng, 150, 4, entries),
                   k = uniform_matrix(rng, 170, 4, entries), v = uniform_matrix(rng, 170, 3, 1.0),
                   w = uniform_matrix(rng, 150, 3, 1.0);
      const AttentionInput in{q, k, v, 0.25, causal};
      const AttentionGradients want = naive.backward(in, naive.run(in), w);
      PolyParams params;
      params.target_error = 1e-6;
      params.block = 32;
      const PolyBackend poly(params);
      const AttentionGradients got = poly.backward(in, poly.run(in), w);
      const double error = std::max(
          {linf_error(got.dq, want.dq), linf_error(got.dk, want.dk), linf_error(got.dv, want.dv)});
      CHECK(error <= got.error_bound);
      CHECK(got.error_bound < 1e-3);
      CHECK(std::abs(got.dscale - want.dscale) < 1e-3 * (1 + std::abs(want.dscale)));
      // A coarser degree is visibly worse, and its bound still holds.
      params.target_error = 1e-1;
      const PolyBackend coarse(params);
      const AttentionGradients rough = coarse.backward(in, coarse.run(in), w);
      const double rough_error =
          std::max({linf_error(rough.dq, want.dq), linf_error(rough.dk, want.dk),
                    linf_error(rough.dv, want.dv)});
      CHECK(rough_error <= rough.error_bound);
      CHECK(rough_error > error);
    }
}

TEST_CASE("Poly backward: refuses what its forward pass refuses", "[backward][poly]") {
  Rng rng(7);
  const Matrix q = uniform_matrix(rng, 6, 4, 1.0), k = uniform_matrix(rng, 6, 4, 1.0),
               v = uniform_matrix(rng, 6, 2, 1.0);
  const AttentionInput in{q, k, v, 0.5};
  const PolyBackend poly;
  const AttentionOutput f = poly.run(in);
  PolyParams tiny;
  tiny.max_rank = 3;
  CHECK_THROWS_WITH(PolyBackend(tiny).backward(in, f, Matrix::Ones(6, 2)),
                    Catch::Contains("poly: ") && Catch::Contains("the budget is rank 3"));
  AttentionOutput without_lse = f;
  without_lse.lse.resize(0);
  CHECK_THROWS_WITH(poly.backward(in, without_lse, Matrix::Ones(6, 2)),
                    Catch::Contains("needs the forward's log-sum-exp"));
}

TEST_CASE("Poly backward: the forward's Z is read only for its own keys and values",
          "[backward][poly]") {
  Rng rng(test::test_seed("poly backward forward state", 59));
  PolyParams params;
  params.degree = 4;
  params.block = 128;  // one block of 128 rows: the adjoints' 48-row chunks meet inside it
  const PolyBackend poly(params);
  Matrix q = uniform_matrix(rng, 130, 4, 1.0);
  const Matrix k = uniform_matrix(rng, 140, 4, 1.0), v = uniform_matrix(rng, 140, 3, 1.0),
               other_v = uniform_matrix(rng, 140, 3, 1.0), w = uniform_matrix(rng, 130, 3, 1.0);
  const AttentionInput in{q, k, v, 0.5};
  const AttentionOutput f = poly.run(in);
  REQUIRE(f.state != nullptr);
  AttentionOutput stripped = f;
  stripped.state.reset();
  const AttentionGradients kept = poly.backward(in, f, w), fresh = poly.backward(in, stripped, w);
  CHECK(linf_error(kept.dq, fresh.dq) < 1e-12);
  CHECK(linf_error(kept.dk, fresh.dk) < 1e-12);
  CHECK(linf_error(kept.dv, fresh.dv) < 1e-12);
  // dQ reads Z, and across the chunks it is the derivative of the forward.
  const auto loss = [&] { return (poly.run({q, k, v, 0.5}).out.array() * w.array()).sum(); };
  CHECK(linf_error(kept.dq, test::central_differences(q, loss)) < 1e-7);
  // Another input's state is not taken: V changed, the gradient is the one
  // computed without a state.
  const AttentionInput changed{q, k, other_v, 0.5};
  AttentionOutput foreign = poly.run(changed);
  const AttentionGradients own = poly.backward(changed, foreign, w);
  foreign.state = f.state;
  const AttentionGradients with_foreign = poly.backward(changed, foreign, w);
  CHECK(linf_error(with_foreign.dq, own.dq) < 1e-12);
  CHECK(linf_error(own.dq, kept.dq) > 1e-3);
  // Causal forward passes keep none.
  CHECK(poly.run({q, k, v, 0.5, true}).state == nullptr);
}
