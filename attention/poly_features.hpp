// The feature map of the polynomial method (Alman & Song, "Fast Attention
// Requires Bounded Entries", NeurIPS 2023; docs/backends.md, "poly"): the
// monomials of degree <= g over d variables in graded order, each one multiply
// from its parent,
//   phi(x)_(beta + e_l) = phi(x)_beta * x_l * sqrt(sigma / (beta_l + 1)),
// so that phi(q) . phi(k) = P_g(sigma <q, k>), the Taylor polynomial of exp.
// The reverse pass (backpropagate) is the transposed Jacobian of this
// recursion, O(r) per row: the poly backward pass (docs/backends.md,
// "Backward pass") differentiates through it.
#pragma once

#include <cstdint>
#include <vector>

#include "core/matrix.hpp"

namespace sethkit {

class PolyFeatureMap {
 public:
  // The C(d + g, g) features of degree <= g; `rank` reserves their count.
  PolyFeatureMap(Eigen::Index d, int g, double sigma, std::uint64_t rank);

  std::size_t size() const { return parent_.size(); }

  // phi(X) for the rows of x (rows x d): a rows x r column-major matrix.
  void apply(const Eigen::Ref<const Matrix>& x, ColMatrix& phi) const;

  // Given phi = apply(x) and adj = dLoss/dphi (rows x r, overwritten),
  // x_bar = dLoss/dx (rows x d).
  void backpropagate(const ColMatrix& x, const ColMatrix& phi, ColMatrix& adj,
                     ColMatrix& x_bar) const;

  // The same for dLoss/dphi = a b^T (a: rows x m, b: r x m), the product
  // formed a few dozen rows at a time so that it stays in cache.
  void backpropagate_product(const ColMatrix& x, const ColMatrix& phi,
                             const Eigen::Ref<const ColMatrix>& a,
                             const Eigen::Ref<const ColMatrix>& b, ColMatrix& x_bar) const;

 private:
  // The reverse recursion on rows [r0, r0 + adj.rows()) of x, phi and x_bar.
  void reverse_rows(const ColMatrix& x, const ColMatrix& phi, Eigen::Index r0, ColMatrix& adj,
                    ColMatrix& x_bar) const;

  std::vector<std::uint32_t> parent_, var_;
  std::vector<double> coef_;
};

}  // namespace sethkit
