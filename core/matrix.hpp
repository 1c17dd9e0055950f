// Matrix vocabulary: row-major Eigen matrices, rows are tokens (docs/architecture.md).
// Q, K, V are n x d; every declaration taking a matrix states its shape.
#pragma once

#include <Eigen/Core>
#include <string>

namespace sethkit {

using Matrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using MatrixF = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Vector = Eigen::VectorXd;
// Column-major, for kernels that walk one column's rows contiguously (the
// poly features, the conv products).
using ColMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::ColMajor>;

// Throws InputError naming `source` and the first non-finite entry (row, col).
void require_finite(const Matrix& m /* rows x cols */, const std::string& source);

class Rng;

// rows x cols entries drawn uniformly from [-bound, bound], row by row.
Matrix uniform_matrix(Rng& rng, Eigen::Index rows, Eigen::Index cols, double bound);

// rows x cols integers drawn uniformly from [lo, hi] (lo <= hi), row by row.
Matrix integer_matrix(Rng& rng, Eigen::Index rows, Eigen::Index cols, int lo, int hi);

// max |m_ij|, 0 for an empty matrix.
double max_abs_entry(const Matrix& m /* rows x cols */);
// max_i ||m_i||_2 over the rows, 0 for an empty matrix.
double max_row_norm(const Matrix& m /* rows x cols */);

}  // namespace sethkit
