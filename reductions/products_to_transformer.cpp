#include "reductions/products_to_transformer.hpp"

#include <fmt/format.h>

#include <cmath>

#include "core/error.hpp"

namespace sethkit {

ProductsTransformer encode_products(const std::vector<MatrixProduct>& products,
                                    const ProductsToTransformerParams& p) {
  require(p.layers >= 1 && p.heads >= 1, "products-to-transformer: L and H must be at least 1");
  require(products.size() == p.layers * p.heads,
          fmt::format("products-to-transformer: {} products for L H = {} heads", products.size(),
                      p.layers * p.heads));
  const Eigen::Index n = products.front().a.rows();
  require(n >= 1, "products-to-transformer: N must be at least 1");
  ProductsTransformer out;
  out.n = static_cast<std::size_t>(n);
  const Eigen::Index m = 2 * n + 3, col_const = 2 * n, col_anch = 2 * n + 1;
  out.model.width = m;
  out.model.mlp_mode = p.mlp_mode;
  out.model.scale = 1;
  for (std::size_t l = 0; l < p.layers; ++l) {
    TransformerLayer layer;
    for (std::size_t h = 0; h < p.heads; ++h) {
      const std::size_t k = l * p.heads + h;
      const MatrixProduct& prod = products[k];
      require(prod.a.rows() == n && prod.a.cols() == n && prod.b.rows() == n && prod.b.cols() == n,
              fmt::format("products-to-transformer: product {} is not {} x {} times {} x {}", k, n,
                          n, n, n));
      require(prod.a.allFinite() && prod.b.allFinite(),
              fmt::format("products-to-transformer: product {} has a non-finite entry", k));
      // M_c >= max |A B|: the largest row l1 norm of A times the largest |B|.
      const double anchor =
          prod.a.cwiseAbs().rowwise().sum().maxCoeff() * prod.b.cwiseAbs().maxCoeff();
      require(
          2 * anchor <= p.max_exponent,
          fmt::format("products-to-transformer: product {} needs the anchor score M_c = {:.4g}; "
                      "attention weights down to e^(-2 M_c) leave double range beyond 2 M_c = "
                      "{:.4g}",
                      k, anchor, p.max_exponent));
      TransformerHead head{Matrix::Zero(m, n + 1), Matrix::Zero(m, n + 1), Matrix::Zero(m, m)};
      head.wq.topLeftCorner(n, n) = prod.a;
      head.wq(col_const, n) = 1;
      head.wk.topLeftCorner(n, n) = prod.b.transpose();
      head.wk(col_anch, n) = anchor;
      for (Eigen::Index a = 0; a < n; ++a) head.wv(a, n + a) = 1;
      layer.heads.push_back(std::move(head));
      out.anchors.push_back(anchor);
    }
    out.model.layers.push_back(std::move(layer));
  }
  out.x = Matrix::Zero(n + 1, m);
  out.x.topLeftCorner(n, n).setIdentity();
  out.x.col(col_const).setOnes();
  out.x(n, col_anch) = 1;
  out.upstream = Matrix::Zero(n + 1, m);
  for (Eigen::Index i = 0; i < n; ++i) out.upstream(i, n + i) = 1;
  return out;
}

std::vector<Matrix> extract_products(const ProductsTransformer& target,
                                     const TransformerGradient& gradient) {
  const auto n = static_cast<Eigen::Index>(target.n);
  std::vector<Matrix> out;
  std::size_t k = 0;
  for (const TransformerLayer& layer : gradient.weights.layers)
    for (const TransformerHead& head : layer.heads) {
      // P[b][a] = dF/dWv[a][N + b]
      const Matrix p = head.wv.block(0, n, n, n).transpose();
      Matrix prod(n, n);
      for (Eigen::Index b = 0; b < n; ++b) {
        const double rest = std::log(1 - p.row(b).sum());  // ln P[b][anchor]
        for (Eigen::Index a = 0; a < n; ++a)
          prod(b, a) = std::log(p(b, a)) - rest + target.anchors[k];
      }
      out.push_back(std::move(prod));
      ++k;
    }
  return out;
}

}  // namespace sethkit
