#include "core/matrix.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdint>

#include "core/error.hpp"
#include "core/rng.hpp"

namespace sethkit {

void require_finite(const Matrix& m, const std::string& source) {
  if (m.size() == 0 || m.allFinite()) return;
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

Matrix integer_matrix(Rng& rng, Eigen::Index rows, Eigen::Index cols, int lo, int hi) {
  require(lo <= hi, "integer_matrix: lo must not exceed hi");
  const auto span = static_cast<std::uint64_t>(static_cast<std::int64_t>(hi) - lo + 1);
  Matrix m(rows, cols);
  for (Eigen::Index i = 0; i < rows; ++i)
    for (Eigen::Index j = 0; j < cols; ++j)
      m(i, j) = static_cast<double>(lo + static_cast<std::int64_t>(rng.uniform_int(span)));
  return m;
}

double max_abs_entry(const Matrix& m) {
  return m.size() == 0 ? 0.0 : m.cwiseAbs().maxCoeff();
}

double max_row_norm(const Matrix& m) {
  return m.size() == 0 ? 0.0 : m.rowwise().norm().maxCoeff();
}

}  // namespace sethkit
