// Central finite differences for the gradient tests (test_backward.cpp,
// test_poly_backward.cpp, test_attention_loss.cpp): f is evaluated with each
// entry moved by +h and -h in place, and the entry is restored.
#pragma once

#include <functional>

#include "core/matrix.hpp"

namespace sethkit::test {

inline double central_difference(double& x, const std::function<double()>& f, double h = 1e-6) {
  const double keep = x;
  x = keep + h;
  const double up = f();
  x = keep - h;
  const double down = f();
  x = keep;
  return (up - down) / (2 * h);
}

inline Matrix central_differences(Matrix& x, const std::function<double()>& f, double h = 1e-6) {
  Matrix grad(x.rows(), x.cols());
  for (Eigen::Index i = 0; i < x.rows(); ++i)
    for (Eigen::Index j = 0; j < x.cols(); ++j) grad(i, j) = central_difference(x(i, j), f, h);
  return grad;
}

}  // namespace sethkit::test
