// The hand-written reverse mode (attention/transformer_backward.hpp) against
// central finite differences of F = <G, X_L>, for every weight entry and
// every input entry, over sum and concat aggregation, resid and plain MLP
// modes, with and without MLP weights, softmax and hardmax.
#include <catch2/catch.hpp>
#include <cmath>
#include <functional>

#include "attention/random_transformer.hpp"
#include "attention/registry.hpp"
#include "attention/stats.hpp"
#include "attention/transformer_backward.hpp"
#include "core/error.hpp"
#include "test_seed.hpp"

using namespace sethkit;

namespace {
// Calls f(name, entry) for every weight entry of the model.
void for_each_weight(TransformerModel& m,
                     const std::function<void(const std::string&, double&)>& f) {
  const auto each = [&](const std::string& name, auto& w) {
    for (Eigen::Index i = 0; i < w.size(); ++i) f(name, w.data()[i]);
  };
  for (std::size_t l = 0; l < m.layers.size(); ++l) {
    auto& layer = m.layers[l];
    for (std::size_t h = 0; h < layer.heads.size(); ++h) {
      const std::string at = "layer " + std::to_string(l) + " head " + std::to_string(h);
      each(at + " Wq", layer.heads[h].wq);
      each(at + " Wk", layer.heads[h].wk);
      each(at + " Wv", layer.heads[h].wv);
    }
    each("layer " + std::to_string(l) + " Wo", layer.wo);
    if (layer.mlp) {
      each("W1", layer.mlp->w1);
      each("b1", layer.mlp->b1);
      each("W2", layer.mlp->w2);
      each("b2", layer.mlp->b2);
    }
  }
}

double objective(const TransformerModel& m, const Matrix& x, const Matrix& g,
                 const AttentionBackend& naive) {
  return transformer_forward(m, x, naive).cwiseProduct(g).sum();
}

bool close(double fd, double exact) {
  return std::abs(fd - exact) <= 1e-6 * (1 + std::abs(exact));
}
}  // namespace

TEST_CASE("The transformer gradient matches finite differences", "[transformer][gradient]") {
  Rng rng(test::test_seed("transformer gradient", 13));
  const auto naive = make_backend("naive");
  const double h = 1e-5;
  for (AttentionKind kind : {AttentionKind::kSoftmax, AttentionKind::kHardmax})
    for (Aggregation agg : {Aggregation::kSum, Aggregation::kConcat})
      for (MlpMode mode : {MlpMode::kResid, MlpMode::kPlain})
        for (int variant = 0; variant < 4; ++variant) {
          // 0, 1: without and with MLP weights; 2: causal with MLP; 3: causal RoPE with MLP
          const bool with_mlp = variant > 0;
          INFO(to_string(kind) << " " << to_string(agg) << " " << to_string(mode) << " variant "
                               << variant);
          TransformerModel m = test::random_model(rng, agg, mode, kind, with_mlp);
          m.causal = variant >= 2;
          if (variant == 3) m.rope = Rope{30, RopeLayout::kSplitHalves};
          const Matrix x = uniform_matrix(rng, 5, 6, 1.0);
          const Matrix g = uniform_matrix(rng, 5, 6, 1.0);
          const TransformerGradient grad = transformer_gradient(m, x, g);
          CHECK(linf_error(grad.output, transformer_forward(m, x, *naive)) < 1e-12);
          CHECK(grad.backward_ops > grad.forward_ops / 2);

          TransformerModel exact = grad.weights;
          std::vector<double> exact_entries;
          for_each_weight(exact,
                          [&](const std::string&, double& w) { exact_entries.push_back(w); });
          std::size_t t = 0, checked = 0, nonzero = 0;
          for_each_weight(m, [&](const std::string& name, double& w) {
            const double keep = w;
            w = keep + h;
            const double up = objective(m, x, g, *naive);
            w = keep - h;
            const double down = objective(m, x, g, *naive);
            w = keep;
            const double fd = (up - down) / (2 * h);
            INFO(name << " entry " << t << ": finite difference " << fd << ", reverse mode "
                      << exact_entries[t]);
            CHECK(close(fd, exact_entries[t]));
            nonzero += std::abs(exact_entries[t]) > 1e-6 ? 1 : 0;
            ++t;
            ++checked;
          });
          CHECK(checked == exact_entries.size());
          // the comparison is not between zeros (hardmax has no Wq, Wk gradient)
          CHECK(nonzero > checked / (kind == AttentionKind::kSoftmax ? 4 : 6));
          Matrix xp = x;
          for (Eigen::Index i = 0; i < x.size(); ++i) {
            const double keep = xp.data()[i];
            xp.data()[i] = keep + h;
            const double up = objective(m, xp, g, *naive);
            xp.data()[i] = keep - h;
            const double down = objective(m, xp, g, *naive);
            xp.data()[i] = keep;
            INFO("input entry " << i);
            CHECK(close((up - down) / (2 * h), grad.x.data()[i]));
          }
        }
}

TEST_CASE("The transformer gradient refuses bad shapes and oversized tapes",
          "[transformer][gradient]") {
  Rng rng(2);
  const TransformerModel m =
      test::random_model(rng, Aggregation::kSum, MlpMode::kResid, AttentionKind::kSoftmax, false);
  const Matrix x = uniform_matrix(rng, 5, 6, 1.0);
  CHECK_THROWS_WITH(transformer_gradient(m, x, Matrix::Zero(5, 5)),
                    Catch::Contains("upstream gradient"));
  CHECK_THROWS_WITH(transformer_gradient(m, Matrix::Zero(4, 3), Matrix::Zero(4, 3)),
                    Catch::Contains("n x 6"));
  CHECK_THROWS_WITH(transformer_gradient(m, x, x, 100), Catch::Contains("GiB"));
}
