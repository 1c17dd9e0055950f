#include "attention/poly_features.hpp"

#include <algorithm>
#include <cmath>

namespace sethkit {

PolyFeatureMap::PolyFeatureMap(Eigen::Index d, int g, double sigma, std::uint64_t rank) {
  parent_.reserve(rank);
  var_.reserve(rank);
  coef_.reserve(rank);
  std::vector<std::uint32_t> last_var{0},
      last_exp{0};  // per feature: largest variable used, its exponent
  parent_.push_back(0);
  var_.push_back(0);
  coef_.push_back(1.0);
  std::size_t level_begin = 0, level_end = 1;
  for (int t = 1; t <= g; ++t) {
    for (std::size_t f = level_begin; f < level_end; ++f)
      for (auto l = static_cast<std::uint32_t>(last_var[f]); l < static_cast<std::uint32_t>(d);
           ++l) {
        const std::uint32_t beta_l = (l == last_var[f]) ? last_exp[f] : 0;
        parent_.push_back(static_cast<std::uint32_t>(f));
        var_.push_back(l);
        coef_.push_back(std::sqrt(sigma / (beta_l + 1.0)));
        last_var.push_back(l);
        last_exp.push_back(beta_l + 1);
      }
    level_begin = level_end;
    level_end = parent_.size();
  }
}

void PolyFeatureMap::apply(const Eigen::Ref<const Matrix>& x, ColMatrix& phi) const {
  const Eigen::Index rows = x.rows();
  const ColMatrix xc = x;  // columns contiguous
  phi.resize(rows, static_cast<Eigen::Index>(size()));
  phi.col(0).setOnes();
  for (std::size_t f = 1; f < size(); ++f)
    phi.col(static_cast<Eigen::Index>(f)) =
        phi.col(parent_[f]).cwiseProduct(xc.col(var_[f])) * coef_[f];
}

void PolyFeatureMap::reverse_rows(const ColMatrix& x, const ColMatrix& phi, Eigen::Index r0,
                                  ColMatrix& adj, ColMatrix& x_bar) const {
  const Eigen::Index rows = adj.rows();
  // Parents come before their children, so walking down visits every child
  // of a feature before the feature passes its adjoint on.
  for (std::size_t f = size() - 1; f >= 1; --f) {
    const double c = coef_[f];
    const double* own = adj.col(static_cast<Eigen::Index>(f)).data();
    double* parent_adj = adj.col(parent_[f]).data();
    double* var_bar = x_bar.col(var_[f]).data() + r0;
    const double* var = x.col(var_[f]).data() + r0;
    const double* parent = phi.col(parent_[f]).data() + r0;
    for (Eigen::Index t = 0; t < rows; ++t) {
      const double s = c * own[t];
      var_bar[t] += s * parent[t];
      parent_adj[t] += s * var[t];
    }
  }
}

void PolyFeatureMap::backpropagate(const ColMatrix& x, const ColMatrix& phi, ColMatrix& adj,
                                   ColMatrix& x_bar) const {
  x_bar.setZero(x.rows(), x.cols());
  reverse_rows(x, phi, 0, adj, x_bar);
}

void PolyFeatureMap::backpropagate_product(const ColMatrix& x, const ColMatrix& phi,
                                           const Eigen::Ref<const ColMatrix>& a,
                                           const Eigen::Ref<const ColMatrix>& b,
                                           ColMatrix& x_bar) const {
  constexpr Eigen::Index kChunk = 48;  // rows: chunk x r adjoints, about 1 MiB at r = 3003
  x_bar.setZero(x.rows(), x.cols());
  ColMatrix adj;
  for (Eigen::Index r0 = 0; r0 < x.rows(); r0 += kChunk) {
    const Eigen::Index rows = std::min(kChunk, x.rows() - r0);
    adj.noalias() = a.middleRows(r0, rows) * b.transpose();
    reverse_rows(x, phi, r0, adj, x_bar);
  }
}

}  // namespace sethkit
