// The `callback` backend (attention/callback_backend.hpp): a function's output
// round-trips, RoPE and causal reach it as run() defines them, every bad answer
// (shape, NaN, inf, a throwing function) is a one-line ContractError naming the
// oracle, and a chain run with it agrees with the OV solver on YES and NO
// instances, the witness checked.
#include <catch2/catch.hpp>
#include <cmath>

#include "attention/naive_backend.hpp"
#include "attention/registry.hpp"
#include "attention/stats.hpp"
#include "chain/executor.hpp"
#include "core/error.hpp"
#include "core/rng.hpp"
#include "instances/random_ov.hpp"
#include "solvers/ov_solver.hpp"
#include "test_seed.hpp"

using namespace sethkit;

namespace {
// A kernel of its own: naive attention, as a user's function would compute it.
Matrix exact(const Matrix& q, const Matrix& k, const Matrix& v, double scale, bool causal) {
  return NaiveBackend().run({q, k, v, scale, causal}).out;
}

std::unique_ptr<AttentionBackend> callback(CallbackParams p) {
  BackendOptions o;
  o.callback = std::move(p);
  return make_backend("callback", o);
}
}  // namespace

TEST_CASE("callback returns the function's output, with RoPE and causal as run() defines them",
          "[attention][callback]") {
  Rng rng(test::test_seed("callback", 5));
  const Matrix q = uniform_matrix(rng, 20, 6, 1.0), k = uniform_matrix(rng, 30, 6, 1.0),
               v = uniform_matrix(rng, 30, 3, 1.0);
  int calls = 0;
  const auto backend = callback(
      {[&](const Matrix& q_, const Matrix& k_, const Matrix& v_, double scale, bool causal) {
         ++calls;
         return exact(q_, k_, v_, scale, causal);
       },
       "mine"});
  for (bool causal : {false, true}) {
    const AttentionInput in{q, k, v, 0.25, causal, Rope{100, RopeLayout::kSplitHalves}};
    const AttentionOutput got = backend->run(in);
    CHECK(linf_error(got.out, NaiveBackend().run(in).out) <= 1e-12);
    CHECK(std::isinf(got.error_bound));
    CHECK_THAT(got.details, Catch::Contains("mine"));
  }
  CHECK(calls == 2);
  CHECK(is_approximate_backend("callback"));
  const auto builtin = builtin_backend_names();
  CHECK(std::find(builtin.begin(), builtin.end(), "callback") == builtin.end());
}

TEST_CASE("callback refuses a missing function and every bad answer in one line",
          "[attention][callback]") {
  Rng rng(test::test_seed("callback-errors", 6));
  const Matrix q = uniform_matrix(rng, 4, 2, 1.0), k = uniform_matrix(rng, 5, 2, 1.0),
               v = uniform_matrix(rng, 5, 2, 1.0);
  const AttentionInput in{q, k, v, 0.5};
  const auto none = make_backend("callback");
  CHECK_FALSE(none->supports(in.shape()).ok);
  CHECK_THROWS_WITH(none->run(in), Catch::Contains("no function given"));

  const auto answering = [&](Matrix answer) {
    return callback(
        {[answer](const Matrix&, const Matrix&, const Matrix&, double, bool) { return answer; },
         "bad"});
  };
  CHECK_THROWS_WITH(answering(Matrix::Zero(4, 3))->run(in),
                    Catch::Contains("oracle 'bad' returned a 4 x 3 array; expected 4 x 2"));
  Matrix nan = Matrix::Zero(4, 2);
  nan(2, 1) = std::nan("");
  CHECK_THROWS_WITH(answering(nan)->run(in), Catch::Contains("row 2, column 1"));
  Matrix inf = Matrix::Zero(4, 2);
  inf(0, 0) = INFINITY;
  CHECK_THROWS_AS(answering(inf)->run(in), ContractError);
  const auto throwing = callback({[](const Matrix&, const Matrix&, const Matrix&, double,
                                     bool) -> Matrix { throw ContractError("kernel failed"); },
                                  "thrower"});
  CHECK_THROWS_WITH(throwing->run(in), "kernel failed");
}

TEST_CASE("a chain with a callback oracle agrees with the OV solver on YES and NO instances",
          "[chain][callback]") {
  const auto seed = test::test_seed("callback-chain", 8);
  int yes = 0, no = 0;
  for (std::uint64_t s = seed; s < seed + 4; ++s) {
    const auto g = random_ov({40, 40, 16, 0.5, s % 2 ? OvPlant::kPlantYes : OvPlant::kForceNo, s});
    ChainOptions options;
    options.backend = "callback";
    options.backend_options.callback = {exact, "exact"};
    const ChainRun r = run_chain("ov-attention", g.ov, "test", options);
    INFO("seed " << s);
    CHECK(r.oracle.oracle == "callback");
    CHECK(r.agreement == Agreement::kAgree);
    const bool truth = solve_ov_bitpacked(g.ov).found;
    CHECK((r.oracle.verdict == Verdict::kYes) == truth);
    if (truth) {
      ++yes;
      REQUIRE(r.oracle.witness);
      CHECK(r.stages[0].witness_ok);
    } else {
      ++no;
    }
  }
  CHECK(yes > 0);
  CHECK(no > 0);
}
