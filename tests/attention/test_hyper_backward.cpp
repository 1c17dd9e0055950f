// The hyper backend's backward pass (attention/hyper_backward.cpp): the
// forward's output (sortLSH blocks, sampled columns, the causal recursion,
// all merged by log-sum-exp, float32) is a weighted softmax over the keys the
// plan gives each query (attention/hyper_plan.hpp), computed here densely in
// float64; the backward pass against central differences of that function
// with hashes and samples fixed: unmasked, causal (several levels of the
// recursion), n_q != n_k, negative scale, no samples; naive's gradient at one block.
#include <catch2/catch.hpp>

#include <cmath>

#include "attention/hyper_backend.hpp"
#include "attention/hyper_plan.hpp"
#include "attention/naive_backend.hpp"
#include "central_differences.hpp"
#include "core/rng.hpp"
#include "test_seed.hpp"

using namespace sethkit;

namespace {
using KeyWeights = std::vector<std::vector<std::pair<Eigen::Index, double>>>;

KeyWeights all_key_weights(const HyperPlan& plan, Eigen::Index n_q) {
  KeyWeights w;
  for (Eigen::Index i = 0; i < n_q; ++i) w.push_back(plan.key_weights(i));
  return w;
}

Matrix dense_weighted(const KeyWeights& weights, const Matrix& q, const Matrix& k, const Matrix& v,
                      double scale) {
  Matrix out = Matrix::Zero(q.rows(), v.cols());
  for (Eigen::Index i = 0; i < q.rows(); ++i) {
    double total = 0;
    for (const auto& [j, c] : weights[static_cast<std::size_t>(i)]) {
      const double weight = c * std::exp(scale * q.row(i).dot(k.row(j)));
      total += weight;
      out.row(i) += weight * v.row(j);
    }
    out.row(i) /= total;
  }
  return out;
}
}  // namespace

TEST_CASE("Hyper backward: the gradient of HyperAttention's own output", "[hyper][backward]") {
  Rng rng(test::test_seed("hyper backward", 13));
  struct Case {
    Eigen::Index n_q, n_k;
    long block, samples;
    double scale;
    bool causal;
  };
  const Case cases[] = {{150, 150, 16, 40, 0.5, false},
                        {90, 160, 20, 30, -0.4, false},
                        {150, 150, 16, 20, 0.5, true},
                        {100, 100, 16, 0, 0.6, true}};
  for (const Case& c : cases) {
    INFO("n_q " << c.n_q << " n_k " << c.n_k << " block " << c.block << " samples " << c.samples
                << " scale " << c.scale << " causal " << c.causal);
    Matrix q = uniform_matrix(rng, c.n_q, 4, 1.0), k = uniform_matrix(rng, c.n_k, 4, 1.0),
           v = uniform_matrix(rng, c.n_k, 3, 1.0);
    const Matrix d_out = uniform_matrix(rng, c.n_q, 3, 1.0);
    double scale = c.scale;
    HyperParams params;
    params.block = c.block;
    params.samples = c.samples;
    params.projections = 4;
    params.seed = 7;
    const HyperBackend hyper(params);
    const KeyWeights weights = all_key_weights(
        plan_hyper(q.cast<float>(), k.cast<float>(), params, c.causal, c.scale < 0), c.n_q);
    const AttentionInput in{q, k, v, scale, c.causal};
    const AttentionOutput forward = hyper.run(in);
    CHECK((forward.out - dense_weighted(weights, q, k, v, scale)).cwiseAbs().maxCoeff() < 1e-5);
    const AttentionGradients g = hyper.backward(in, forward, d_out);
    CHECK(std::isinf(g.error_bound));
    const auto loss = [&] {
      return (dense_weighted(weights, q, k, v, scale).array() * d_out.array()).sum();
    };
    CHECK((g.dq - test::central_differences(q, loss)).cwiseAbs().maxCoeff() < 1e-6);
    CHECK((g.dk - test::central_differences(k, loss)).cwiseAbs().maxCoeff() < 1e-6);
    CHECK((g.dv - test::central_differences(v, loss)).cwiseAbs().maxCoeff() < 1e-6);
    CHECK(g.dscale == Approx(test::central_difference(scale, loss)).epsilon(1e-6));
  }
}

TEST_CASE("Hyper backward: naive's gradient at one block", "[hyper][backward]") {
  Rng rng(test::test_seed("hyper backward full", 14));
  for (const bool causal : {false, true}) {
    const Matrix q = uniform_matrix(rng, 60, 5, 1.0), k = uniform_matrix(rng, 60, 5, 1.0),
                 v = uniform_matrix(rng, 60, 2, 1.0), d_out = uniform_matrix(rng, 60, 2, 1.0);
    const AttentionInput in{q, k, v, 0.7, causal};
    HyperParams params;
    params.block = 60;
    const HyperBackend hyper(params);
    const NaiveBackend naive;
    const AttentionGradients h = hyper.backward(in, hyper.run(in), d_out);
    const AttentionGradients n = naive.backward(in, naive.run(in), d_out);
    INFO("causal " << causal);
    CHECK((h.dq - n.dq).cwiseAbs().maxCoeff() < 1e-12);
    CHECK((h.dk - n.dk).cwiseAbs().maxCoeff() < 1e-12);
    CHECK((h.dv - n.dv).cwiseAbs().maxCoeff() < 1e-12);
    CHECK(h.dscale == Approx(n.dscale));
  }
}
