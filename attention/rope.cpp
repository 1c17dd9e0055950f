#include "attention/rope.hpp"

#include <fmt/format.h>

#include <cmath>

#include "core/error.hpp"

namespace sethkit {

namespace {
void check(Eigen::Index d, const Rope& rope) {
  require(d % 2 == 0, fmt::format("RoPE: the head dimension must be even, found {}", d));
  require(std::isfinite(rope.base) && rope.base > 1, "RoPE: the base must be a number above 1");
}

// The two coordinates of pair p.
std::pair<Eigen::Index, Eigen::Index> pair_of(Eigen::Index p, Eigen::Index d, RopeLayout layout) {
  return layout == RopeLayout::kInterleaved ? std::pair{2 * p, 2 * p + 1} : std::pair{p, p + d / 2};
}

double theta(Eigen::Index p, Eigen::Index d, double base) {
  return std::pow(base, -2.0 * static_cast<double>(p) / static_cast<double>(d));
}
}  // namespace

const char* to_string(RopeLayout layout) {
  return layout == RopeLayout::kInterleaved ? "interleaved" : "half";
}

std::optional<RopeLayout> rope_layout_from_word(const std::string& word) {
  if (word == "interleaved") return RopeLayout::kInterleaved;
  if (word == "half" || word == "split-halves") return RopeLayout::kSplitHalves;
  return std::nullopt;
}

Matrix rope_rotate(const Matrix& x, const Rope& rope, Eigen::Index first_position, bool inverse) {
  const Eigen::Index d = x.cols();
  check(d, rope);
  Matrix out(x.rows(), d);
  for (Eigen::Index p = 0; p < d / 2; ++p) {
    const auto [a, b] = pair_of(p, d, rope.layout);
    const double t = theta(p, d, rope.base) * (inverse ? -1 : 1);
    for (Eigen::Index r = 0; r < x.rows(); ++r) {
      const double phi = static_cast<double>(first_position + r) * t;
      const double c = std::cos(phi), s = std::sin(phi);
      out(r, a) = c * x(r, a) - s * x(r, b);
      out(r, b) = s * x(r, a) + c * x(r, b);
    }
  }
  return out;
}

Matrix rope_matrix(Eigen::Index d, Eigen::Index m, const Rope& rope) {
  check(d, rope);
  Matrix r = Matrix::Zero(d, d);
  for (Eigen::Index p = 0; p < d / 2; ++p) {
    const auto [a, b] = pair_of(p, d, rope.layout);
    const double phi = static_cast<double>(m) * theta(p, d, rope.base);
    r(a, a) = std::cos(phi);
    r(a, b) = -std::sin(phi);
    r(b, a) = std::sin(phi);
    r(b, b) = std::cos(phi);
  }
  return r;
}

RopeInputs inverse_rope_inputs(const Matrix& q, const Matrix& k, const Rope& rope) {
  const Eigen::Index d = q.cols(), padded = d % 2;
  Matrix q_pad = Matrix::Zero(q.rows(), d + padded), k_pad = Matrix::Zero(k.rows(), d + padded);
  q_pad.leftCols(d) = q;
  k_pad.leftCols(d) = k;
  RopeInputs out;
  out.padded_columns = padded;
  out.query_positions_start = k.rows() - q.rows();
  out.q = rope_rotate(q_pad, rope, out.query_positions_start, true);
  out.k = rope_rotate(k_pad, rope, 0, true);
  return out;
}

}  // namespace sethkit
