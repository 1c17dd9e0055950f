#include "core/matrix.hpp"

#include <fmt/format.h>

#include <cmath>

#include "core/error.hpp"
#include "core/rng.hpp"

namespace sethkit {

void require_finite(const Matrix& m, const std::string& source) {
  if (m.allFinite()) return;
  for (Eigen::Index i = 0; i < m.rows(); ++i)
    for (Eigen::Index j = 0; j < m.cols(); ++j)
      if (!std::isfinite(m(i, j)))
        throw InputError(source, fmt::format("entry ({}, {}) is {}; expected a finite number", i, j,
                                             std::isnan(m(i, j)) ? "NaN" : "infinite"));
}

Matrix uniform_matrix(Rng& rng, Eigen::Index rows, Eigen::Index cols, double bound) {
  Matrix m(rows, cols);
  for (Eigen::Index i = 0; i < rows; ++i)
    for (Eigen::Index j = 0; j < cols; ++j) m(i, j) = rng.uniform(-bound, bound);
  return m;
}

double max_abs_entry(const Matrix& m) {
  return m.size() == 0 ? 0.0 : m.cwiseAbs().maxCoeff();
}

}  // namespace sethkit
