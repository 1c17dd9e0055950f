#include "attention/transformer_backward.hpp"

#include <fmt/format.h>

#include <vector>

#include "core/error.hpp"
#include "core/limits.hpp"
#include "core/stopwatch.hpp"

namespace sethkit {

namespace {
// a * b, counting its multiply-adds.
Matrix mul(const Matrix& a, const Matrix& b, std::uint64_t& ops) {
  ops += static_cast<std::uint64_t>(a.rows()) * static_cast<std::uint64_t>(a.cols()) *
         static_cast<std::uint64_t>(b.cols());
  return a * b;
}

// Row-wise softmax with the row maximum subtracted first.
Matrix softmax_rows(const Matrix& s, std::uint64_t& ops) {
  Matrix p = (s.colwise() - s.rowwise().maxCoeff()).array().exp().matrix();
  ops += static_cast<std::uint64_t>(s.size());
  p.array().colwise() /= p.rowwise().sum().array();
  return p;
}

struct HeadTape {
  Matrix q, k, v, p;
};

struct LayerTape {
  Matrix x;  // the layer's input X_{l-1}
  std::vector<HeadTape> heads;
  Matrix cat;     // concat only: [O_1 .. O_H]
  Matrix y;       // X + attention
  Matrix hidden;  // MLP: pre-activation Y W1 + b1
};

TransformerModel zero_weights(const TransformerModel& model) {
  TransformerModel g = model;
  for (auto& layer : g.layers) {
    for (auto& head : layer.heads) {
      head.wq.setZero();
      head.wk.setZero();
      head.wv.setZero();
    }
    layer.wo.setZero();
    if (layer.mlp) {
      layer.mlp->w1.setZero();
      layer.mlp->b1.setZero();
      layer.mlp->w2.setZero();
      layer.mlp->b2.setZero();
    }
  }
  return g;
}
}  // namespace

TransformerGradient transformer_gradient(const TransformerModel& model, const Matrix& x0,
                                         const Matrix& upstream, std::uint64_t max_bytes) {
  validate_transformer(model);
  const Eigen::Index n = x0.rows(), m = model.width;
  require(x0.cols() == m && n > 0 && x0.allFinite(),
          fmt::format("transformer gradient: the input must be a finite n x {} matrix", m));
  require(upstream.rows() == n && upstream.cols() == m && upstream.allFinite(),
          "transformer gradient: the upstream gradient must have the output's shape");
  std::uint64_t per_head = saturating_mul(static_cast<std::uint64_t>(n), n + 4 * m);
  const std::uint64_t tape = saturating_mul(saturating_mul(per_head, model.num_heads() + 4),
                                            model.num_layers() * sizeof(double));
  require(tape <= max_bytes,
          fmt::format("transformer gradient: the tape needs {:.3g} GiB (dense n x n attention per "
                      "head), over the limit of {:.3g} GiB",
                      static_cast<double>(tape) / (1ULL << 30),
                      static_cast<double>(max_bytes) / (1ULL << 30)));

  TransformerGradient out;
  const bool resid = model.mlp_mode == MlpMode::kResid;
  std::vector<LayerTape> tapes;
  tapes.reserve(model.layers.size());

  // Forward, keeping every intermediate.
  Stopwatch forward_watch;
  std::uint64_t& fops = out.forward_ops;
  Matrix x = x0;
  for (const TransformerLayer& layer : model.layers) {
    LayerTape t;
    t.x = x;
    Matrix y = x;
    const bool concat = model.aggregation == Aggregation::kConcat;
    if (concat) t.cat = Matrix(n, m);
    for (std::size_t h = 0; h < layer.heads.size(); ++h) {
      const TransformerHead& w = layer.heads[h];
      HeadTape ht;
      ht.q = mul(x, w.wq, fops);
      ht.k = mul(x, w.wk, fops);
      ht.v = mul(x, w.wv, fops);
      if (model.rope) {  // keep the rotated Q and K; the backward pass rotates back
        ht.q = rope_rotate(ht.q, *model.rope);
        ht.k = rope_rotate(ht.k, *model.rope);
      }
      Matrix s = model.scale * mul(ht.q, ht.k.transpose(), fops);
      if (model.causal) causal_mask(s);
      ht.p = model.attention == AttentionKind::kSoftmax ? softmax_rows(s, fops) : hardmax_rows(s);
      const Matrix o = mul(ht.p, ht.v, fops);
      if (concat)
        t.cat.middleCols(static_cast<Eigen::Index>(h) * o.cols(), o.cols()) = o;
      else
        y += o;
      t.heads.push_back(std::move(ht));
    }
    if (concat) y += mul(t.cat, layer.wo, fops);
    t.y = y;
    if (layer.mlp) {
      t.hidden = mul(y, layer.mlp->w1, fops).rowwise() + layer.mlp->b1.transpose();
      Matrix mlp_out =
          mul(t.hidden.cwiseMax(0.0), layer.mlp->w2, fops).rowwise() + layer.mlp->b2.transpose();
      x = resid ? Matrix(y + mlp_out) : mlp_out;
    } else {
      x = resid ? y : Matrix(y.cwiseMax(0.0));
    }
    tapes.push_back(std::move(t));
  }
  out.output = x;
  out.forward_seconds = forward_watch.seconds();

  // Backward, layer by layer from the top.
  Stopwatch backward_watch;
  std::uint64_t& bops = out.backward_ops;
  out.weights = zero_weights(model);
  Matrix g = upstream;  // dF/dX_l
  for (std::size_t l = model.layers.size(); l-- > 0;) {
    const TransformerLayer& layer = model.layers[l];
    const LayerTape& t = tapes[l];
    TransformerLayer& gl = out.weights.layers[l];
    Matrix dy;
    if (layer.mlp) {
      const Matrix relu = t.hidden.cwiseMax(0.0);
      gl.mlp->w2 = mul(relu.transpose(), g, bops);
      gl.mlp->b2 = g.colwise().sum().transpose();
      const Matrix dhidden = mul(g, layer.mlp->w2.transpose(), bops)
                                 .cwiseProduct((t.hidden.array() > 0).cast<double>().matrix());
      gl.mlp->w1 = mul(t.y.transpose(), dhidden, bops);
      gl.mlp->b1 = dhidden.colwise().sum().transpose();
      dy = mul(dhidden, layer.mlp->w1.transpose(), bops);
      if (resid) dy += g;
    } else {
      dy = resid ? g : Matrix(g.cwiseProduct((t.y.array() > 0).cast<double>().matrix()));
    }

    Matrix dx = dy;  // the residual path
    Matrix dcat;
    if (model.aggregation == Aggregation::kConcat) {
      gl.wo = mul(t.cat.transpose(), dy, bops);
      dcat = mul(dy, layer.wo.transpose(), bops);
    }
    for (std::size_t h = 0; h < layer.heads.size(); ++h) {
      const TransformerHead& w = layer.heads[h];
      const HeadTape& ht = t.heads[h];
      const Matrix d_o =
          dcat.size() == 0
              ? dy
              : Matrix(dcat.middleCols(static_cast<Eigen::Index>(h) * ht.v.cols(), ht.v.cols()));
      const Matrix dv = mul(ht.p.transpose(), d_o, bops);
      gl.heads[h].wv = mul(t.x.transpose(), dv, bops);
      dx += mul(dv, w.wv.transpose(), bops);
      if (model.attention == AttentionKind::kHardmax) continue;  // dS = 0
      const Matrix dp = mul(d_o, ht.v.transpose(), bops);
      const Eigen::VectorXd rowdot = dp.cwiseProduct(ht.p).rowwise().sum();
      const Matrix ds = ht.p.cwiseProduct(Matrix(dp.colwise() - rowdot));
      bops += 2 * static_cast<std::uint64_t>(ds.size());
      Matrix dq = model.scale * mul(ds, ht.k, bops);
      Matrix dk = model.scale * mul(ds.transpose(), ht.q, bops);
      if (model.rope) {  // d/dq of (R q): R^T dq, the inverse rotation
        dq = rope_rotate(dq, *model.rope, 0, true);
        dk = rope_rotate(dk, *model.rope, 0, true);
      }
      gl.heads[h].wq = mul(t.x.transpose(), dq, bops);
      gl.heads[h].wk = mul(t.x.transpose(), dk, bops);
      dx += mul(dq, w.wq.transpose(), bops) + mul(dk, w.wk.transpose(), bops);
    }
    g = std::move(dx);
  }
  out.x = std::move(g);
  out.backward_seconds = backward_watch.seconds();
  return out;
}

}  // namespace sethkit
