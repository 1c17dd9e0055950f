// The reformer backend's backward pass (attention/reformer_backward.cpp): the
// forward's output (rounds merged with the ln N_ij correction, float32) is
// softmax over the union of the keys each query meets, computed here densely
// in float64 from the hashing rounds (attention/reformer_hashing.hpp); the
// backward pass against central differences of that function with the
// buckets fixed, unmasked and causal (rows meeting no visible key included),
// n_q != n_k, negative scale; naive's gradient at one bucket and one chunk.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "attention/naive_backend.hpp"
#include "attention/reformer_backend.hpp"
#include "attention/reformer_hashing.hpp"
#include "central_differences.hpp"
#include "core/rng.hpp"
#include "test_seed.hpp"

using namespace sethkit;

namespace {
// Softmax over each query's key set (causal: keys at most its position); a
// row with no key copies its own position's value.
Matrix dense_over_sets(const std::vector<std::vector<Eigen::Index>>& sets, const Matrix& q,
                       const Matrix& k, const Matrix& v, double scale, bool causal) {
  const Eigen::Index offset = k.rows() - q.rows();
  Matrix out = Matrix::Zero(q.rows(), v.cols());
  for (Eigen::Index i = 0; i < q.rows(); ++i) {
    double total = 0;
    for (const Eigen::Index j : sets[static_cast<std::size_t>(i)]) {
      if (causal && j > i + offset) continue;
      const double weight = std::exp(scale * q.row(i).dot(k.row(j)));
      total += weight;
      out.row(i) += weight * v.row(j);
    }
    if (total == 0)
      out.row(i) = v.row(i + offset);
    else
      out.row(i) /= total;
  }
  return out;
}
}  // namespace

TEST_CASE("Reformer backward: the gradient of the LSH attention's own output",
          "[reformer][backward]") {
  Rng rng(test::test_seed("reformer backward", 9));
  struct Case {
    Eigen::Index n_q, n_k;
    long chunk;
    int rounds;
    double scale;
    bool causal;
  };
  const Case cases[] = {{120, 120, 16, 2, 0.5, false},
                        {60, 120, 8, 1, -0.4, false},
                        {100, 100, 4, 1, 0.5, true},
                        {70, 90, 8, 3, 0.6, true}};
  bool fallback_seen = false;
  for (const Case& c : cases) {
    INFO("n_q " << c.n_q << " n_k " << c.n_k << " chunk " << c.chunk << " rounds " << c.rounds
                << " causal " << c.causal);
    Matrix q = uniform_matrix(rng, c.n_q, 4, 1.0), k = uniform_matrix(rng, c.n_k, 4, 1.0),
           v = uniform_matrix(rng, c.n_k, 3, 1.0);
    const Matrix d_out = uniform_matrix(rng, c.n_q, 3, 1.0);
    double scale = c.scale;
    ReformerParams params;
    params.chunk = c.chunk;
    params.rounds = c.rounds;
    params.seed = 3;
    const ReformerBackend reformer(params);
    const MatrixF qf = q.cast<float>(), kf = k.cast<float>();
    const ReformerRounds hashed =
        hash_rounds(c.scale < 0 ? MatrixF(-qf) : qf, kf, reformer.bucket_factors(c.n_k),
                    (c.n_k + c.chunk - 1) / c.chunk, c.rounds, params.seed);
    std::vector<std::vector<Eigen::Index>> sets;
    for (Eigen::Index i = 0; i < c.n_q; ++i) sets.push_back(hashed.key_set(i));
    const AttentionInput in{q, k, v, scale, c.causal};
    const AttentionOutput forward = reformer.run(in);
    fallback_seen = fallback_seen || forward.details.find("saw no key") != std::string::npos;
    CHECK((forward.out - dense_over_sets(sets, q, k, v, scale, c.causal)).cwiseAbs().maxCoeff() <
          1e-5);
    const AttentionGradients g = reformer.backward(in, forward, d_out);
    CHECK(std::isinf(g.error_bound));
    // The buckets stay those of the unperturbed input: the derivative almost everywhere.
    const auto loss = [&] {
      return (dense_over_sets(sets, q, k, v, scale, c.causal).array() * d_out.array()).sum();
    };
    CHECK((g.dq - test::central_differences(q, loss)).cwiseAbs().maxCoeff() < 1e-6);
    CHECK((g.dk - test::central_differences(k, loss)).cwiseAbs().maxCoeff() < 1e-6);
    CHECK((g.dv - test::central_differences(v, loss)).cwiseAbs().maxCoeff() < 1e-6);
    CHECK(g.dscale == Approx(test::central_difference(scale, loss)).epsilon(1e-6));
  }
  CHECK(fallback_seen);  // some causal row met no visible key
}

TEST_CASE("Reformer backward: naive's gradient at one bucket and one chunk",
          "[reformer][backward]") {
  Rng rng(test::test_seed("reformer backward full", 10));
  for (const bool causal : {false, true}) {
    const Matrix q = uniform_matrix(rng, 50, 5, 1.0), k = uniform_matrix(rng, 50, 5, 1.0),
                 v = uniform_matrix(rng, 50, 2, 1.0), d_out = uniform_matrix(rng, 50, 2, 1.0);
    const AttentionInput in{q, k, v, 0.7, causal};
    ReformerParams params;
    params.buckets = 1;
    params.chunk = 64;
    const ReformerBackend reformer(params);
    const NaiveBackend naive;
    const AttentionGradients r = reformer.backward(in, reformer.run(in), d_out);
    const AttentionGradients n = naive.backward(in, naive.run(in), d_out);
    INFO("causal " << causal);
    CHECK((r.dq - n.dq).cwiseAbs().maxCoeff() < 1e-12);
    CHECK((r.dk - n.dk).cwiseAbs().maxCoeff() < 1e-12);
    CHECK((r.dv - n.dv).cwiseAbs().maxCoeff() < 1e-12);
    CHECK(r.dscale == Approx(n.dscale));
  }
}
