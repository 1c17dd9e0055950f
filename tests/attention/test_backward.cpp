// The attention backward pass (attention/backend.hpp, attention/backward.cpp,
// docs/backends.md "Backward pass"): `naive` against central finite
// differences of the loss <W, O> in every entry of Q, K, V and in the scale,
// with and without the causal masks (bottom-right and top-left, n_q != n_k)
// and RoPE; `flash64` and `flash` against `naive` on shapes across their
// tiles; and the refusals.
#include <catch2/catch.hpp>
#include <cmath>
#include <functional>
#include <optional>

#include "attention/central_differences.hpp"
#include "attention/flash_backend.hpp"
#include "attention/naive_backend.hpp"
#include "attention/registry.hpp"
#include "attention/stats.hpp"
#include "core/error.hpp"
#include "core/rng.hpp"
#include "test_seed.hpp"

using namespace sethkit;

namespace {
struct GradientCase {
  Eigen::Index n_q, n_k;
  bool causal;
  CausalAlignment alignment;
  bool rope;
};

// <W, O(Q, K, V, scale)> by the naive forward pass.
double weighted_output(const Matrix& q, const Matrix& k, const Matrix& v, double scale,
                       const GradientCase& c, const Matrix& w) {
  const std::optional<Rope> rope = c.rope ? std::optional<Rope>(Rope{50}) : std::nullopt;
  const AttentionInput in{q, k, v, scale, c.causal, rope, c.alignment};
  return (NaiveBackend().run(in).out.array() * w.array()).sum();
}

}  // namespace

TEST_CASE("Backward: naive's gradients equal finite differences, masks and RoPE included",
          "[backward]") {
  Rng rng(test::test_seed("backward finite differences", 41));
  const GradientCase cases[] = {{5, 7, false, CausalAlignment::kBottomRight, false},
                                {5, 7, true, CausalAlignment::kBottomRight, false},
                                {6, 6, true, CausalAlignment::kBottomRight, true},
                                {4, 7, true, CausalAlignment::kTopLeft, false},
                                {7, 4, true, CausalAlignment::kTopLeft, true},
                                {3, 8, false, CausalAlignment::kBottomRight, true}};
  for (const GradientCase& c : cases) {
    INFO("n_q " << c.n_q << " n_k " << c.n_k << " causal " << c.causal << " "
                << to_string(c.alignment) << " rope " << c.rope);
    Matrix q = uniform_matrix(rng, c.n_q, 4, 1.0), k = uniform_matrix(rng, c.n_k, 4, 1.0),
           v = uniform_matrix(rng, c.n_k, 3, 1.0);
    const Matrix w = uniform_matrix(rng, c.n_q, 3, 1.0);
    double scale = 0.7;
    const std::optional<Rope> rope = c.rope ? std::optional<Rope>(Rope{50}) : std::nullopt;
    const AttentionInput in{q, k, v, scale, c.causal, rope, c.alignment};
    const NaiveBackend naive;
    const AttentionGradients g = naive.backward(in, naive.run(in), w);
    const auto f = [&] { return weighted_output(q, k, v, scale, c, w); };
    CHECK(linf_error(g.dq, test::central_differences(q, f)) < 1e-7);
    CHECK(linf_error(g.dk, test::central_differences(k, f)) < 1e-7);
    CHECK(linf_error(g.dv, test::central_differences(v, f)) < 1e-7);
    CHECK(std::abs(g.dscale - test::central_difference(scale, f)) < 1e-7);
    CHECK(g.dv.norm() > 0.1);  // not a vacuous comparison
  }
}

TEST_CASE("Backward: flash64 and flash agree with naive across their tiles", "[backward]") {
  Rng rng(test::test_seed("backward conformance", 43));
  const FlashBackend small_tiles(FlashBackend::Precision::kFloat64, {7, 5}, {7, 5});
  struct GradientShape {
    Eigen::Index n_q, n_k;
    bool causal;
  };
  for (const GradientShape s : {GradientShape{1, 1, false}, GradientShape{33, 33, true},
                                GradientShape{40, 90, false}, GradientShape{40, 90, true},
                                GradientShape{300, 300, true}, GradientShape{129, 520, false}}) {
    INFO("n_q " << s.n_q << " n_k " << s.n_k << " causal " << s.causal);
    const Matrix q = uniform_matrix(rng, s.n_q, 8, 1.5), k = uniform_matrix(rng, s.n_k, 8, 1.5),
                 v = uniform_matrix(rng, s.n_k, 5, 1.0), w = uniform_matrix(rng, s.n_q, 5, 1.0);
    const AttentionInput in{q, k, v, 0.25, s.causal};
    const NaiveBackend naive;
    const AttentionGradients want = naive.backward(in, naive.run(in), w);
    const double size = std::max({want.dq.cwiseAbs().maxCoeff(), want.dk.cwiseAbs().maxCoeff(),
                                  want.dv.cwiseAbs().maxCoeff()});
    for (const std::string name : {"flash64", "flash"}) {
      INFO(name);
      const auto backend = make_backend(name);
      const AttentionGradients got = backend->backward(in, backend->run(in), w);
      const double tolerance = name == "flash64" ? 1e-11 * size : 1e-4 * size;
      CHECK(linf_error(got.dq, want.dq) <= tolerance);
      CHECK(linf_error(got.dk, want.dk) <= tolerance);
      CHECK(linf_error(got.dv, want.dv) <= tolerance);
      CHECK(std::abs(got.dscale - want.dscale) <= tolerance * static_cast<double>(s.n_q));
      CHECK(got.error_bound == (name == "flash64" ? 0.0 : INFINITY));
    }
    const AttentionGradients tiled = small_tiles.backward(in, small_tiles.run(in), w);
    CHECK(linf_error(tiled.dq, want.dq) <= 1e-11 * size);
    CHECK(linf_error(tiled.dk, want.dk) <= 1e-11 * size);
    CHECK(linf_error(tiled.dv, want.dv) <= 1e-11 * size);
  }
}

TEST_CASE("Backward: refusals", "[backward]") {
  Rng rng(5);
  const Matrix q = uniform_matrix(rng, 6, 4, 1.0), k = uniform_matrix(rng, 6, 4, 1.0),
               v = uniform_matrix(rng, 6, 2, 1.0);
  const AttentionInput in{q, k, v, 0.5};
  const NaiveBackend naive;
  const AttentionOutput f = naive.run(in);
  CHECK_THROWS_WITH(naive.backward(in, f, Matrix::Ones(6, 3)),
                    Catch::Contains("dO is 6 x 3, the output is 6 x 2"));
  Matrix nan = Matrix::Ones(6, 2);
  nan(2, 1) = NAN;
  CHECK_THROWS_WITH(naive.backward(in, f, nan), Catch::Contains("NaN"));
  const auto external = make_backend("external");
  CHECK_FALSE(external->has_backward());
  CHECK_THROWS_WITH(external->backward(in, f, Matrix::Ones(6, 2)),
                    Catch::Contains("external: no backward pass"));
  AttentionOutput without_lse = f;
  without_lse.lse.resize(0);
  CHECK_THROWS_WITH(make_backend("flash")->backward(in, without_lse, Matrix::Ones(6, 2)),
                    Catch::Contains("needs the forward's log-sum-exp"));
}
