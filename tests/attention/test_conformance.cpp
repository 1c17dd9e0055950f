// Backend conformance (docs/architecture.md): one table of shapes and scales,
// every registered backend against `naive` in double. Rules: a float32
// backend's error is at most twice that of a plain float32 computation; every
// backend stays within the error bound it reports; `poly` refuses, with a
// reason, what it cannot do within its budget; the approximate backends claim
// no bound and, at their full budgets, are float32 exact attention. The
// backward passes on the same table, unmasked and causal, against naive's:
// within each one's reported bound, the float64 ones (window over every key
// included) to rounding, flash to float32; the external oracle refuses in one line.
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

// The one table both tests run.
const Case kCases[] = {
    {1, 1, 1, 1, 1, 1, "single token"},
    {17, 33, 4, 3, 1, 0.25, "scale 1/d, odd sizes"},
    {64, 64, 16, 16, 1, 0.25, "scale 1/sqrt(d)"},
    {200, 700, 8, 8, 1, 0.125, "R <= 1, d = 8 (poly's regime)"},
    {513, 1031, 8, 2, 0.8, -0.125, "negative scale, tile edges"},
    {100, 300, 32, 32, 3, 1.0 / 32, "moderate R"},
    {50, 2000, 64, 64, 4, 1.0 / 8, "R in the tens"},
    {40, 40, 2, 1, 100, 1.0, "R = 1e4: no overflow, no NaN"},
};
}  // namespace

TEST_CASE("Conformance: every backend against naive on a table of shapes and scales",
          "[conformance]") {
  const auto seed = test::test_seed("backend conformance");
  Rng rng(seed);
  for (const auto& c : kCases) {
    const Matrix q = uniform_matrix(rng, c.n_q, c.d, c.b), k = uniform_matrix(rng, c.n_k, c.d, c.b),
                 v = uniform_matrix(rng, c.n_k, c.d_v, 1.0);
    const AttentionInput in{q, k, v, c.scale};
    const AttentionOutput ref = NaiveBackend().run(in);
    const double float32_error = linf_error(plain_float32(in), ref.out);
    for (const auto& name : backend_names()) {
      if (is_approximate_backend(name)) continue;  // test_approximate_backends.cpp
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
    // The approximate backends on the same table: no guarantee is claimed
    // (+inf); at their full budgets (one block, one bucket and chunk, a window
    // over every key, l = n landmarks with the exact pseudo-inverse) they are
    // float32 exact attention, within twice a plain float32 computation;
    // performer, exact at no budget, returns a finite output.
    const Eigen::Index n = std::max(c.n_q, c.n_k);
    BackendOptions full;
    full.hyper.block = n;
    full.reformer.buckets = 1;
    full.reformer.chunk = n;
    full.window.window = 2 * n;
    full.nystrom.landmarks = std::min(c.n_q, c.n_k);
    full.nystrom.pinv_iterations = 0;
    for (const char* name : {"performer", "hyper", "reformer", "nystrom", "window"}) {
      INFO("case '" << c.name << "', approximate backend " << name << " at its full budget");
      const AttentionOutput out = make_backend(name, full)->run(in);
      REQUIRE(out.out.allFinite());
      CHECK(out.error_bound == INFINITY);
      const double err = linf_error(out.out, ref.out);
      if (std::string(name) == "nystrom" && c.n_q != c.n_k) continue;  // l < n: not a full budget
      if (std::string(name) == "nystrom")
        CHECK(err <= 1e-6);  // float64 with the exact pseudo-inverse
      else if (std::string(name) != "performer")
        CHECK(err <= 2 * float32_error + 1e-6);
    }
  }
}

TEST_CASE("Conformance: every backward pass against naive's on the same table",
          "[conformance][backward]") {
  const auto seed = test::test_seed("backward conformance");
  Rng rng(seed);
  for (const auto& c : kCases) {
    const Matrix q = uniform_matrix(rng, c.n_q, c.d, c.b), k = uniform_matrix(rng, c.n_k, c.d, c.b),
                 v = uniform_matrix(rng, c.n_k, c.d_v, 1.0),
                 d_out = uniform_matrix(rng, c.n_q, c.d_v, 1.0);
    for (const bool causal : {false, true}) {
      const AttentionInput in{q, k, v, c.scale, causal};
      const NaiveBackend naive;
      const AttentionOutput exact = naive.run(in);
      const AttentionGradients ref = naive.backward(in, exact, d_out);
      const double size =
          std::max({max_abs_entry(ref.dq), max_abs_entry(ref.dk), max_abs_entry(ref.dv), 1.0});
      BackendOptions full;  // window over every key: exact attention
      full.window.window = 2 * std::max(c.n_q, c.n_k);
      CHECK_THROWS_WITH(make_backend("external")->backward(in, exact, d_out),
                        Catch::Contains("external: no backward pass"));
      for (const auto& name : backend_names()) {
        if (name == "external" || name == "callback") continue;  // no backend behind them here
        INFO("case '" << c.name << "', causal " << causal << ", backend " << name);
        const auto backend = make_backend(name, full);
        REQUIRE(backend->has_backward());  // every built-in backend has one
        // poly over its budget, conv on these unstructured inputs, nystrom causal,
        // hyper causal with n_q != n_k: refused as by their forward passes.
        if (!backend->supports_input(in).ok) {
          CHECK((name == "poly" || name == "conv" || (causal && name == "nystrom") ||
                 (causal && name == "hyper" && c.n_q != c.n_k)));
          continue;
        }
        AttentionGradients g;
        try {
          g = backend->backward(in, backend->run(in), d_out);
        } catch (const ContractError& e) {  // conv: no basis within its budget
          CHECK(name == "conv");
          continue;
        }
        REQUIRE((g.dq.allFinite() && g.dk.allFinite() && g.dv.allFinite()));
        const double err = std::max(
            {linf_error(g.dq, ref.dq), linf_error(g.dk, ref.dk), linf_error(g.dv, ref.dv)});
        CHECK(err <= g.error_bound + 1e-12);
        if (name == "naive" || name == "flash64" || name == "window") CHECK(err <= 1e-10 * size);
        if (name == "flash") CHECK(err <= 1e-4 * size);
      }
    }
  }
}
