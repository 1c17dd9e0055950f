#include "instances/structured_attention.hpp"

#include <cmath>

#include "core/error.hpp"
#include "core/rng.hpp"

namespace sethkit {

StructuredQk gated_sinusoids(Eigen::Index n, const std::vector<Eigen::Index>& starts,
                             std::uint64_t seed) {
  require(n >= 1 && !starts.empty() && starts.front() == 0,
          "gated sinusoids: n >= 1 and the starts must begin with 0");
  for (std::size_t l = 1; l < starts.size(); ++l)
    require(starts[l] > starts[l - 1] && starts[l] < n,
            "gated sinusoids: the starts must increase and stay below n");
  Rng rng(seed);
  const auto k_count = static_cast<Eigen::Index>(starts.size());
  StructuredQk out;
  out.starts = starts;
  out.q.resize(n, 2 * k_count);
  out.k.resize(n, 2 * k_count);
  for (Eigen::Index l = 0; l < k_count; ++l) {
    const double t = rng.uniform(0.05, 1.5);
    for (Eigen::Index i = 0; i < n; ++i) {
      const double c = std::cos(static_cast<double>(i) * t),
                   s = std::sin(static_cast<double>(i) * t);
      const double gate = i >= starts[static_cast<std::size_t>(l)] ? 1.0 : 0.0;
      out.q(i, 2 * l) = c;
      out.q(i, 2 * l + 1) = s;
      out.k(i, 2 * l) = gate * c;
      out.k(i, 2 * l + 1) = gate * s;
    }
  }
  return out;
}

StructuredQk alibi_bias(Eigen::Index n, double slope) {
  require(n >= 1, "ALiBi bias: n >= 1");
  StructuredQk out;
  out.starts = {0};
  out.q.resize(n, 2);
  out.k.resize(n, 2);
  for (Eigen::Index i = 0; i < n; ++i) {
    out.q(i, 0) = 1;
    out.q(i, 1) = -slope * static_cast<double>(i);
    out.k(i, 0) = slope * static_cast<double>(i);
    out.k(i, 1) = 1;
  }
  return out;
}

StructuredQk position_only(Eigen::Index n, Eigen::Index d, std::uint64_t seed) {
  require(n >= 1 && d >= 1, "position-only content: n, d >= 1");
  Rng rng(seed);
  const Matrix q = uniform_matrix(rng, 1, d, 1.0), k = uniform_matrix(rng, 1, d, 1.0);
  StructuredQk out;
  out.starts = {0};
  out.q = q.replicate(n, 1);
  out.k = k.replicate(n, 1);
  return out;
}

}  // namespace sethkit
