#include "bench/machine_limits.hpp"

#include <omp.h>

#include <algorithm>

#include <Eigen/Core>

#include "attention/flash_kernel.hpp"
#include "bench/bench_rows.hpp"
#include "core/ov.hpp"
#include "solvers/ov_block_scan.hpp"

namespace sethkit::bench {

namespace {
// A limit is the best the machine did: the fastest of the repeats (at least 5).
template <typename F>
double fastest_seconds(int repeats, F&& f) {
  return time_runs(std::max(repeats, 5), f).min;
}

// Both products of flash on one tile (block_q x d times d x block_k, then
// block_q x block_k times block_k x d), every thread on its own tiles: GF/s.
double tile_product_rate(int repeats, long d) {
  const FlashTiles tiles;
  const long bq = tiles.block_q, bk = tiles.block_k, reps = 1000;
  const double seconds = fastest_seconds(repeats, [&] {
#pragma omp parallel
    {
      Rng rng(static_cast<std::uint64_t>(omp_get_thread_num()) + 1);
      const auto q = uniform<RowMatrix<float>>(rng, bq, d, 1),
                 k = uniform<RowMatrix<float>>(rng, bk, d, 1),
                 v = uniform<RowMatrix<float>>(rng, bk, d, 1);
      RowMatrix<float> s(bq, bk), acc = RowMatrix<float>::Zero(bq, d);
      for (long r = 0; r < reps; ++r) {
        s.noalias() = q * k.transpose();
        acc.noalias() += s * v;
      }
      if (!acc.allFinite()) row("limits", "error", 0, d, "tile_products_not_finite", 1);
    }
  });
  return 4.0 * bq * bk * d * reps * omp_get_max_threads() / seconds / 1e9;
}

// Eigen's vectorised exp over 4096 L1-resident floats, every thread: elements per second.
double exp_rate(int repeats) {
  const long size = 4096, reps = 40000;
  const double seconds = fastest_seconds(repeats, [&] {
#pragma omp parallel
    {
      Eigen::ArrayXf x = Eigen::ArrayXf::LinSpaced(size, -20.0f, 0.0f), y(size);
      float sink = 0;
      for (long r = 0; r < reps; ++r) {
        y = x.exp();
        sink += y(r % size);
      }
      if (!(sink >= 0)) row("limits", "error", 0, 0, "exp_not_finite", 1);
    }
  });
  return static_cast<double>(size) * reps * omp_get_max_threads() / seconds;
}

// The OV solver's block scan (solvers/ov_block_scan.hpp) on rows that stay in
// L1 and are never orthogonal (all ones), every thread: pairs per second.
double and_test_rate(int repeats, long d) {
  const std::size_t rows = 512, reps = 20000;
  OvInstance ov(kBlockRows, rows, static_cast<std::size_t>(d));
  for (std::size_t i = 0; i < kBlockRows; ++i) std::fill(ov.a(i).begin(), ov.a(i).end(), 1);
  for (std::size_t j = 0; j < rows; ++j) std::fill(ov.b(j).begin(), ov.b(j).end(), 1);
  const PackedRows a(ov, true);
  const WordMajorRows b(PackedRows(ov, false));
  const double seconds = fastest_seconds(repeats, [&] {
#pragma omp parallel
    {
      bool hit = false;
      for (std::size_t r = 0; r < reps; ++r) hit = block_has_orthogonal_pair(a, 0, b) || hit;
      if (hit) row("limits", "error", 0, d, "all_ones_orthogonal", 1);
    }
  });
  return static_cast<double>(kBlockRows * rows * reps) * omp_get_max_threads() / seconds;
}
}  // namespace

void machine_limits(int repeats) {
  row("limits", "threads", 0, 0, "openmp_threads", omp_get_max_threads());
  for (long d : {16L, 64L})
    row("limits", "eigen_tile_products", 0, d, "gflops", tile_product_rate(repeats, d));
  row("limits", "eigen_exp", 0, 0, "elements_per_second", exp_rate(repeats));
  for (long d : {32L, 64L, 128L})
    row("limits", "ov_and_test", 0, d, "pairs_per_second", and_test_rate(repeats, d));
}

}  // namespace sethkit::bench
