#include "bench/eigen_peer.hpp"

#include <Eigen/Core>

#include "bench/bench_rows.hpp"

namespace sethkit::bench {

namespace {
using Mat = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// softmax(q k^T scale) v as a careful Eigen user writes it: products into
// preallocated matrices with noalias() (a plain `(q * k.transpose()) * scale`
// falls back to a lazy coefficient-wise product, 20x slower), the softmax as
// in-place array operations on the rows.
void eigen_attention(const Mat& q, const Mat& k, const Mat& v, float scale, Mat& s, Mat& out) {
  s.noalias() = (q * scale) * k.transpose();
  s.array().colwise() -= s.rowwise().maxCoeff().array();
  s = s.array().exp();
  s.array().colwise() /= s.rowwise().sum().array();
  out.noalias() = s * v;
}
}  // namespace

void eigen_peer_grid(int repeats) {
  row("info", "eigen", 0, 0, "threads", Eigen::nbThreads());
  for (long n : {2048L, 8192L, 16384L})
    for (long d : {16L, 64L}) {
      Rng rng(static_cast<std::uint64_t>(n * 100 + d));  // flash-grid's inputs
      const auto q = uniform<Mat>(rng, n, d, 1), k = uniform<Mat>(rng, n, d, 1),
                 v = uniform<Mat>(rng, n, d, 1);
      Mat s(n, n), out(n, d);
      const double seconds = median_seconds(n < 16384 ? repeats : std::min(repeats, 3), [&] {
        eigen_attention(q, k, v, 1.0f / static_cast<float>(d), s, out);
      });
      row("flash", "eigen", n, d, "seconds", seconds);
      if (!out.allFinite()) row("flash", "eigen", n, d, "output_not_finite", 1);
    }
}

}  // namespace sethkit::bench
