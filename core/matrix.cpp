#include "core/matrix.hpp"

#include <fmt/format.h>

#include <cmath>

#include "core/error.hpp"

namespace sethkit {

void require_finite(const Matrix& m, const std::string& source) {
  if (m.allFinite()) return;
  for (Eigen::Index i = 0; i < m.rows(); ++i)
    for (Eigen::Index j = 0; j < m.cols(); ++j)
      if (!std::isfinite(m(i, j)))
        throw InputError(source, fmt::format("entry ({}, {}) is {}; expected a finite number", i, j,
                                             std::isnan(m(i, j)) ? "NaN" : "infinite"));
}

double max_abs_entry(const Matrix& m) {
  return m.size() == 0 ? 0.0 : m.cwiseAbs().maxCoeff();
}

}  // namespace sethkit
