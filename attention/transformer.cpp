#include "attention/transformer.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <utility>

#include "core/error.hpp"

namespace sethkit {

const char* to_string(Aggregation a) {
  return a == Aggregation::kSum ? "sum" : "concat";
}
const char* to_string(MlpMode m) {
  return m == MlpMode::kResid ? "resid" : "plain";
}
const char* to_string(AttentionKind k) {
  return k == AttentionKind::kSoftmax ? "softmax" : "hardmax";
}

namespace {
void require_shape(const Matrix& w, Eigen::Index rows, Eigen::Index cols, const std::string& what) {
  if (w.rows() != rows || w.cols() != cols)
    throw ContractError(fmt::format("transformer: {} is {} x {}, expected {} x {}", what, w.rows(),
                                    w.cols(), rows, cols));
  if (!w.allFinite())
    throw ContractError(fmt::format("transformer: {} has a non-finite entry", what));
}

}  // namespace

void validate_transformer(const TransformerModel& model) {
  const Eigen::Index m = model.width;
  require(m > 0, "transformer: width must be positive");
  require(!model.layers.empty(), "transformer: at least one layer");
  require(std::isfinite(model.scale), "transformer: scale must be finite");
  const std::size_t h_count = model.num_heads();
  require(h_count > 0, "transformer: at least one head per layer");
  for (std::size_t l = 0; l < model.layers.size(); ++l) {
    const TransformerLayer& layer = model.layers[l];
    if (layer.heads.size() != h_count)
      throw ContractError(fmt::format("transformer: layer {} has {} heads, layer 0 has {}", l,
                                      layer.heads.size(), h_count));
    const Eigen::Index d_v =
        model.aggregation == Aggregation::kSum ? m : m / static_cast<Eigen::Index>(h_count);
    if (model.aggregation == Aggregation::kConcat) {
      require(m % static_cast<Eigen::Index>(h_count) == 0,
              "transformer: concat aggregation needs the width divisible by H");
      require_shape(layer.wo, m, m, fmt::format("layer {} Wo", l));
    }
    for (std::size_t h = 0; h < h_count; ++h) {
      const TransformerHead& head = layer.heads[h];
      const Eigen::Index r = head.wq.cols();
      if (model.rope)
        require(r % 2 == 0, fmt::format("transformer: RoPE needs an even head width, layer {} "
                                        "head {} has {}",
                                        l, h, r));
      require_shape(head.wq, m, r, fmt::format("layer {} head {} Wq", l, h));
      require_shape(head.wk, m, r, fmt::format("layer {} head {} Wk (as Wq)", l, h));
      require_shape(head.wv, m, d_v, fmt::format("layer {} head {} Wv", l, h));
    }
    if (layer.mlp) {
      const Eigen::Index f = layer.mlp->w1.cols();
      require_shape(layer.mlp->w1, m, f, fmt::format("layer {} MLP W1", l));
      require_shape(layer.mlp->w2, f, m, fmt::format("layer {} MLP W2", l));
      require(
          layer.mlp->b1.size() == f && layer.mlp->b2.size() == m && layer.mlp->b1.allFinite() &&
              layer.mlp->b2.allFinite(),
          fmt::format("transformer: layer {} MLP biases must have sizes {} and {} and be finite", l,
                      f, m));
    }
  }
}

void causal_mask(Matrix& s) {
  for (Eigen::Index i = 0; i + 1 < s.rows(); ++i)
    s.row(i).tail(s.cols() - i - 1).setConstant(-std::numeric_limits<double>::infinity());
}

Matrix hardmax_rows(const Matrix& s) {
  Matrix p = Matrix::Zero(s.rows(), s.cols());
  for (Eigen::Index i = 0; i < s.rows(); ++i) {
    const double top = s.row(i).maxCoeff();
    const auto hits = (s.row(i).array() == top).cast<double>();
    p.row(i) = hits / hits.sum();
  }
  return p;
}

Matrix transformer_head(const TransformerModel& model, const TransformerHead& head, const Matrix& x,
                        const AttentionBackend& backend, double* bound) {
  const Matrix q = x * head.wq, k = x * head.wk, v = x * head.wv;
  if (model.attention == AttentionKind::kSoftmax) {
    AttentionOutput out = backend.run({q, k, v, model.scale, model.causal, model.rope});
    if (bound) *bound += out.error_bound;
    return std::move(out.out);
  }
  const Matrix qr = model.rope ? rope_rotate(q, *model.rope) : q;
  const Matrix kr = model.rope ? rope_rotate(k, *model.rope) : k;
  Matrix s = model.scale * (qr * kr.transpose());
  if (model.causal) causal_mask(s);
  return hardmax_rows(s) * v;
}

Matrix transformer_forward(const TransformerModel& model, const Matrix& x0,
                           const AttentionBackend& backend, double* head_bounds) {
  validate_transformer(model);
  require(x0.cols() == model.width,
          fmt::format("transformer: input has {} columns, the model's width is {}", x0.cols(),
                      model.width));
  require(x0.rows() > 0 && x0.allFinite(), "transformer: input must be non-empty and finite");
  Matrix x = x0;
  for (const TransformerLayer& layer : model.layers) {
    Matrix y = x;
    if (model.aggregation == Aggregation::kSum) {
      for (const TransformerHead& head : layer.heads)
        y += transformer_head(model, head, x, backend, head_bounds);
    } else {
      const Eigen::Index d_v = layer.heads.front().wv.cols();
      Matrix cat(x.rows(), model.width);
      for (std::size_t h = 0; h < layer.heads.size(); ++h)
        cat.middleCols(static_cast<Eigen::Index>(h) * d_v, d_v) =
            transformer_head(model, layer.heads[h], x, backend, head_bounds);
      y += cat * layer.wo;
    }
    Matrix mlp_out;
    if (layer.mlp) {
      const Matrix hidden =
          ((y * layer.mlp->w1).rowwise() + layer.mlp->b1.transpose()).cwiseMax(0.0);
      mlp_out = (hidden * layer.mlp->w2).rowwise() + layer.mlp->b2.transpose();
    } else {
      mlp_out = model.mlp_mode == MlpMode::kResid ? Matrix::Zero(y.rows(), y.cols())
                                                  : Matrix(y.cwiseMax(0.0));
    }
    x = model.mlp_mode == MlpMode::kResid ? Matrix(y + mlp_out) : mlp_out;
  }
  return x;
}

}  // namespace sethkit
