#include "attention/poly_features.hpp"

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

void PolyFeatureMap::backpropagate(const ColMatrix& x, const ColMatrix& phi, ColMatrix& adj,
                                   ColMatrix& x_bar) const {
  x_bar.setZero(x.rows(), x.cols());
  // Parents come before their children, so walking down visits every child
  // of a feature before the feature passes its adjoint on.
  for (std::size_t f = size() - 1; f >= 1; --f) {
    const auto fi = static_cast<Eigen::Index>(f);
    x_bar.col(var_[f]) += coef_[f] * adj.col(fi).cwiseProduct(phi.col(parent_[f]));
    adj.col(parent_[f]) += coef_[f] * adj.col(fi).cwiseProduct(x.col(var_[f]));
  }
}

}  // namespace sethkit
