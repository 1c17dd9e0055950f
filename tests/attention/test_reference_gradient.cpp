// The sampled gradient check (attention/reference_gradient.hpp): zero against
// naive's backward pass, a perturbed entry on a sampled row measured exactly,
// one on a row not sampled unseen, NaN as +inf, masked inputs refused.
#include <catch2/catch.hpp>

#include <cmath>

#include "attention/naive_backend.hpp"
#include "attention/reference_gradient.hpp"
#include "core/error.hpp"
#include "core/rng.hpp"
#include "test_seed.hpp"

using namespace sethkit;

TEST_CASE("Sampled gradient check: exact, perturbed, NaN, refused", "[reference_check]") {
  Rng rng(test::test_seed("reference gradient", 4));
  const Matrix q = uniform_matrix(rng, 20, 4, 1.0), k = uniform_matrix(rng, 24, 4, 1.0),
               v = uniform_matrix(rng, 24, 3, 1.0), d_out = uniform_matrix(rng, 20, 3, 1.0);
  const AttentionInput in{q, k, v, 0.7};
  const NaiveBackend naive;
  const AttentionOutput exact = naive.run(in);
  AttentionGradients g = naive.backward(in, exact, d_out);
  const std::vector<Eigen::Index> q_rows{1, 7}, k_rows{0, 23};
  CHECK(sampled_gradient_error(in, exact, d_out, g, q_rows, k_rows) < 1e-13);
  g.dk(23, 2) += 1e-3;
  CHECK(sampled_gradient_error(in, exact, d_out, g, q_rows, k_rows) == Approx(1e-3).epsilon(1e-6));
  g.dk(23, 2) -= 1e-3;
  g.dq(2, 0) += 1.0;  // row 2 is not sampled
  CHECK(sampled_gradient_error(in, exact, d_out, g, q_rows, k_rows) < 1e-13);
  g.dv(0, 1) = NAN;
  CHECK(std::isinf(sampled_gradient_error(in, exact, d_out, g, q_rows, k_rows)));
  const AttentionInput causal{q, k, v, 0.7, true};
  CHECK_THROWS_AS(sampled_gradient_error(causal, exact, d_out, g, q_rows, k_rows), ContractError);
}
