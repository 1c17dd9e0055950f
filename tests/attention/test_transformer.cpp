// The reference transformer (attention/transformer.hpp) against a direct
// double-precision implementation written out loop by loop here: sum and
// concat aggregation, resid and plain MLP modes, softmax on `naive` and
// `flash64`, hardmax; bad shapes and NaN weights are refused.
#include <catch2/catch.hpp>
#include <cmath>

#include "attention/random_transformer.hpp"
#include "attention/registry.hpp"
#include "attention/rope.hpp"
#include "attention/stats.hpp"
#include "attention/transformer.hpp"
#include "core/error.hpp"
#include "core/rng.hpp"
#include "test_seed.hpp"

using namespace sethkit;

namespace {
// P X Wv for one head, straight from the definitions.
Matrix direct_head(const TransformerModel& model, const TransformerHead& head, const Matrix& x) {
  const Eigen::Index n = x.rows();
  const Matrix q = x * head.wq, k = x * head.wk, v = x * head.wv;
  Matrix out = Matrix::Zero(n, v.cols());
  for (Eigen::Index i = 0; i < n; ++i) {
    std::vector<double> s(static_cast<std::size_t>(n));
    double top = -INFINITY;
    for (Eigen::Index j = 0; j < n; ++j) {
      // RoPE: q_i^T R_(j-i) k_j with the explicit rotation; causal: keys j <= i only.
      const Vector kj =
          model.rope ? Vector(rope_matrix(q.cols(), j - i, *model.rope) * k.row(j).transpose())
                     : Vector(k.row(j).transpose());
      double dot = 0;
      for (Eigen::Index t = 0; t < q.cols(); ++t) dot += q(i, t) * kj(t);
      s[static_cast<std::size_t>(j)] = model.causal && j > i ? -INFINITY : model.scale * dot;
      top = std::max(top, s[static_cast<std::size_t>(j)]);
    }
    double z = 0;
    std::vector<double> w(static_cast<std::size_t>(n));
    for (Eigen::Index j = 0; j < n; ++j) {
      const double sj = s[static_cast<std::size_t>(j)];
      w[static_cast<std::size_t>(j)] =
          model.attention == AttentionKind::kSoftmax ? std::exp(sj - top) : (sj == top ? 1.0 : 0.0);
      z += w[static_cast<std::size_t>(j)];
    }
    for (Eigen::Index j = 0; j < n; ++j)
      for (Eigen::Index c = 0; c < v.cols(); ++c)
        out(i, c) += w[static_cast<std::size_t>(j)] / z * v(j, c);
  }
  return out;
}

Matrix direct_forward(const TransformerModel& model, Matrix x) {
  for (const auto& layer : model.layers) {
    Matrix y = x;
    if (model.aggregation == Aggregation::kSum) {
      for (const auto& head : layer.heads) y += direct_head(model, head, x);
    } else {
      Matrix cat(x.rows(), 0);
      for (const auto& head : layer.heads) {
        const Matrix o = direct_head(model, head, x);
        Matrix grown(x.rows(), cat.cols() + o.cols());
        grown << cat, o;
        cat = grown;
      }
      y += cat * layer.wo;
    }
    Matrix mlp = Matrix::Zero(y.rows(), y.cols());
    if (layer.mlp) {
      for (Eigen::Index i = 0; i < y.rows(); ++i) {
        Eigen::RowVectorXd h = y.row(i) * layer.mlp->w1 + layer.mlp->b1.transpose();
        for (Eigen::Index f = 0; f < h.size(); ++f) h(f) = std::max(0.0, h(f));
        mlp.row(i) = h * layer.mlp->w2 + layer.mlp->b2.transpose();
      }
    } else if (model.mlp_mode == MlpMode::kPlain) {
      mlp = y.cwiseMax(0.0);
    }
    x = model.mlp_mode == MlpMode::kResid ? Matrix(y + mlp) : mlp;
  }
  return x;
}

}  // namespace

TEST_CASE("Transformer forward matches the direct implementation", "[transformer]") {
  Rng rng(test::test_seed("transformer forward", 5));
  const auto naive = make_backend("naive"), flash64 = make_backend("flash64");
  for (Aggregation agg : {Aggregation::kSum, Aggregation::kConcat})
    for (MlpMode mode : {MlpMode::kResid, MlpMode::kPlain})
      for (bool with_mlp : {false, true}) {
        INFO(to_string(agg) << " " << to_string(mode) << " mlp " << with_mlp);
        const TransformerModel soft =
            test::random_model(rng, agg, mode, AttentionKind::kSoftmax, with_mlp);
        const Matrix x = uniform_matrix(rng, 9, 6, 1.0);
        const Matrix want = direct_forward(soft, x);
        CHECK(linf_error(transformer_forward(soft, x, *naive), want) < 1e-12);
        CHECK(linf_error(transformer_forward(soft, x, *flash64), want) < 1e-12);
        TransformerModel hard = soft;
        hard.attention = AttentionKind::kHardmax;
        CHECK(linf_error(transformer_forward(hard, x, *naive), direct_forward(hard, x)) < 1e-12);
      }
}

TEST_CASE("Causal and RoPE transformers match the direct implementation", "[transformer][rope]") {
  Rng rng(test::test_seed("transformer causal rope", 31));
  const auto naive = make_backend("naive"), flash64 = make_backend("flash64");
  for (AttentionKind kind : {AttentionKind::kSoftmax, AttentionKind::kHardmax})
    for (bool causal : {false, true})
      for (bool rope : {false, true}) {
        if (!causal && !rope) continue;
        INFO(to_string(kind) << " causal " << causal << " rope " << rope);
        TransformerModel m =
            test::random_model(rng, Aggregation::kConcat, MlpMode::kResid, kind, true);
        m.causal = causal;
        if (rope) m.rope = Rope{50, RopeLayout::kInterleaved};
        const Matrix x = uniform_matrix(rng, 9, 6, 1.0);
        const Matrix want = direct_forward(m, x);
        CHECK(linf_error(transformer_forward(m, x, *naive), want) < 1e-12);
        if (kind == AttentionKind::kSoftmax)
          CHECK(linf_error(transformer_forward(m, x, *flash64), want) < 1e-12);
        TransformerModel plain = m;
        plain.causal = false;
        plain.rope.reset();
        CHECK(linf_error(transformer_forward(plain, x, *naive), want) > 1e-6);
      }
  TransformerModel odd =
      test::random_model(rng, Aggregation::kSum, MlpMode::kResid, AttentionKind::kSoftmax, false);
  odd.rope = Rope{};
  odd.layers[0].heads[0].wq = uniform_matrix(rng, 6, 3, 1.0);
  odd.layers[0].heads[0].wk = uniform_matrix(rng, 6, 3, 1.0);
  CHECK_THROWS_WITH(validate_transformer(odd), Catch::Contains("even head width"));
}

TEST_CASE("Hardmax averages over the tied maximum", "[transformer]") {
  TransformerModel m;
  m.width = 2;
  m.attention = AttentionKind::kHardmax;
  TransformerLayer layer;
  layer.heads.push_back({Matrix::Identity(2, 2), Matrix::Identity(2, 2), Matrix::Identity(2, 2)});
  m.layers.push_back(layer);
  Matrix x(3, 2);
  x << 1, 0, 1, 0, 0, 1;  // token 0's scores: 1, 1, 0: tokens 0 and 1 tie
  const Matrix y = transformer_forward(m, x, *make_backend("naive"));
  CHECK(y(0, 0) == Approx(2.0));  // residual 1 + mean of (1, 1)
  CHECK(y(0, 1) == Approx(0.0));
}

TEST_CASE("Transformer refuses inconsistent shapes and NaN weights", "[transformer]") {
  Rng rng(3);
  TransformerModel m =
      test::random_model(rng, Aggregation::kSum, MlpMode::kResid, AttentionKind::kSoftmax, false);
  const auto naive = make_backend("naive");
  CHECK_THROWS_WITH(transformer_forward(m, Matrix::Zero(3, 5), *naive),
                    Catch::Contains("input has 5 columns"));
  TransformerModel bad = m;
  bad.layers[1].heads[0].wk = Matrix::Zero(6, 3);
  CHECK_THROWS_WITH(validate_transformer(bad), Catch::Contains("layer 1 head 0 Wk"));
  bad = m;
  bad.layers[0].heads[1].wv(2, 2) = NAN;
  CHECK_THROWS_WITH(validate_transformer(bad), Catch::Contains("non-finite"));
  bad = m;
  bad.layers[1].heads.pop_back();
  CHECK_THROWS_WITH(validate_transformer(bad), Catch::Contains("layer 1 has 1 heads"));
}
