// Backend conformance (docs/architecture.md): one table of shapes and scales,
// every registered backend against `naive` in double. Rules: a float32
// backend's error is at most twice that of a plain float32 computation; every
// backend stays within the error bound it reports; `poly` refuses, with a
// reason, what it cannot do within its budget.
#include <catch2/catch.hpp>
#include <cmath>

#include "attention/naive_backend.hpp"
#include "attention/poly_backend.hpp"
#include "attention/registry.hpp"
#include "attention/stats.hpp"
#include "attention/taylor.hpp"
#include "core/error.hpp"
#include "core/rng.hpp"
#include "test_seed.hpp"

using namespace sethkit;

namespace {
// What a float32 user writes: softmax(scale Q K^T) V, all in float32.
Matrix plain_float32(const AttentionInput& in) {
  const MatrixF q = in.q.cast<float>(), k = in.k.cast<float>(), v = in.v.cast<float>();
  MatrixF s = static_cast<float>(in.scale) * (q * k.transpose());
  const Eigen::VectorXf m = s.rowwise().maxCoeff();
  s.colwise() -= m;
  s = s.array().exp().matrix();
  const Eigen::VectorXf l = s.rowwise().sum();
  const MatrixF out = (s * v).array().colwise() / l.array();
  return out.cast<double>();
}

struct Case {
  Eigen::Index n_q, n_k, d, d_v;
  double b, scale;
  const char* name;
};
}  // namespace

TEST_CASE("Conformance: every backend against naive on a table of shapes and scales",
          "[conformance]") {
  const auto seed = test::test_seed("backend conformance");
  const Case cases[] = {
      {1, 1, 1, 1, 1, 1, "single token"},
      {17, 33, 4, 3, 1, 0.25, "scale 1/d, odd sizes"},
      {64, 64, 16, 16, 1, 0.25, "scale 1/sqrt(d)"},
      {200, 700, 8, 8, 1, 0.125, "R <= 1, d = 8 (poly's regime)"},
      {513, 1031, 8, 2, 0.8, -0.125, "negative scale, tile edges"},
      {100, 300, 32, 32, 3, 1.0 / 32, "moderate R"},
      {50, 2000, 64, 64, 4, 1.0 / 8, "R in the tens"},
      {40, 40, 2, 1, 100, 1.0, "R = 1e4: no overflow, no NaN"},
  };
  Rng rng(seed);
  for (const auto& c : cases) {
    const Matrix q = uniform_matrix(rng, c.n_q, c.d, c.b), k = uniform_matrix(rng, c.n_k, c.d, c.b),
                 v = uniform_matrix(rng, c.n_k, c.d_v, 1.0);
    const AttentionInput in{q, k, v, c.scale};
    const AttentionOutput ref = NaiveBackend().run(in);
    const double float32_error = linf_error(plain_float32(in), ref.out);
    for (const auto& name : backend_names()) {
      INFO("case '" << c.name << "', backend " << name);
      const auto backend = make_backend(name);
      const Support support = backend->supports_input(in);
      if (!support.ok) {
        // only poly (budget) and conv (non-causal input) may refuse these
        CHECK((name == "poly" || name == "conv"));
        CHECK_FALSE(support.reason.empty());
        CHECK_THROWS_AS(backend->run(in), ContractError);
        continue;
      }
      const AttentionOutput out = backend->run(in);
      REQUIRE(out.out.allFinite());
      const double err = linf_error(out.out, ref.out);
      CHECK(err <= out.error_bound + 1e-12);
      if (name == "flash") CHECK(err <= 2 * float32_error + 1e-7);
      if (name == "flash64" || name == "naive") CHECK(err <= 1e-12);
      if (out.lse.size() > 0 && name != "poly")
        CHECK((out.lse - ref.lse).cwiseAbs().maxCoeff() <= 1e-3 * (1 + c.b * c.b));
      if (out.max_abs_logit >= 0)
        CHECK(out.max_abs_logit == Approx(ref.max_abs_logit).epsilon(1e-5));
    }
  }
}

TEST_CASE("poly: rank C(d + g, g), per-entry relative error within the Taylor bound",
          "[conformance][poly]") {
  const auto seed = test::test_seed("poly per-entry bound");
  Rng rng(seed);
  for (int g : {0, 1, 3, 6, 9}) {
    for (Eigen::Index d : {1, 3, 8}) {
      const double b = g <= 1 ? 0.5 : 1.2;  // low degrees guarantee something only at small R
      const Matrix q = uniform_matrix(rng, 50, d, b);
      // One key at a time: then ln w_i = ln A~_i1, the approximate entry itself.
      for (int trial = 0; trial < 5; ++trial) {
        const Matrix k = uniform_matrix(rng, 1, d, b), v = Matrix::Ones(1, 1);
        const AttentionInput in{q, k, v, 1.0 / static_cast<double>(d)};
        PolyParams params;
        params.degree = g;
        const PolyBackend poly(params);
        const PolyPlan plan = poly.plan(in);
        REQUIRE(plan.ok);
        CHECK(plan.rank ==
              binomial(static_cast<std::uint64_t>(d + g), static_cast<std::uint64_t>(g)));
        const AttentionOutput out = poly.run(in);
        for (Eigen::Index i = 0; i < q.rows(); ++i) {
          const double logit = q.row(i).dot(k.row(0)) / static_cast<double>(d);
          CHECK(std::abs(std::exp(out.lse(i) - logit) - 1) <=
                plan.relative_error * (1 + 1e-9) + 1e-13);
        }
      }
    }
  }
}

TEST_CASE("poly: the degree rule and its refusals", "[poly]") {
  CHECK(taylor_relative_error(1.44, 11) ==
        Approx(7.0e-7).epsilon(0.02));  // the reference value of docs/backends.md
  CHECK(taylor_degree(1.44, 7.1e-7) == 11);
  CHECK(taylor_degree(0, 1e-9) == 0);
  CHECK(binomial(26, 10) == 5311735);
  CHECK(binomial(52, 20) == 125994627894135ULL);
  CHECK(binomial(200, 100) == UINT64_MAX);

  Rng rng(1);
  const Matrix q = uniform_matrix(rng, 10, 8, 3), k = uniform_matrix(rng, 10, 8, 3),
               v = Matrix::Ones(10, 1);
  const AttentionInput big_r{q, k, v, 1.0};  // R' of a few hundred
  const PolyBackend poly;
  CHECK_THAT(poly.supports_input(big_r).reason, Catch::Contains("use flash"));
  CHECK_THROWS_WITH(poly.run(big_r), Catch::Contains("poly: logit radius bound"));
  const AttentionInput moderate{q, k, v, 1.0 / 40};  // R' about 5: rank explodes at d = 8
  PolyParams small;
  small.max_rank = 1000;
  CHECK_THAT(PolyBackend(small).supports_input(moderate).reason, Catch::Contains("rank C("));
}
