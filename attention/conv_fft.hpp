// The FFTs of the conv basis's products (Liang et al., "Conv-Basis", 2024:
// each product is O(k m n log n) through real FFTs; docs/conv_basis.md,
// "Transform lengths and plans"). Lengths come from one fixed ladder,
// 2^a * {1, 9/8, 5/4, 3/2, 7/4}, so that FFTW plans measured once per
// machine (`sethkit tune fft`, saved as FFTW wisdom) serve every later run.
// Plans come from that wisdom when it has them and from FFTW_ESTIMATE's
// heuristic otherwise; the wisdom is read once per process, from
// $SETHKIT_FFTW_WISDOM when set, else from the cache file fft_wisdom_path()
// names when it exists. FFTW's types stay in the .cpp.
#pragma once

#include <complex>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/matrix.hpp"

namespace sethkit {

// The least ladder length >= at_least: the least even number of the form
// 2^a * m with m in {8, 9, 10, 12, 14}.
std::int64_t fft_length(std::int64_t at_least);

// Every ladder length up to fft_length(points), ascending.
std::vector<std::int64_t> fft_lengths_up_to(std::int64_t points);

// Buffers for a batch of columns, each transformed on its own (real to half
// spectrum and back, unnormalised). Columns sit at strides that keep each at
// the first one's alignment, so one plan serves them all; plans are made
// once per length and process and shared by every FftColumns (at most 64
// lengths are kept).
class FftColumns {
 public:
  FftColumns();
  ~FftColumns();
  FftColumns(const FftColumns&) = delete;
  FftColumns& operator=(const FftColumns&) = delete;

  // Buffers for `batch` columns of `length` points, and plans for that length.
  void ready(int length, Eigen::Index batch);
  double* time(Eigen::Index column);                    // `length` reals
  std::complex<double>* spectrum(Eigen::Index column);  // length / 2 + 1 values
  void forward(Eigen::Index column);                    // time -> spectrum
  void inverse(Eigen::Index column);                    // spectrum -> time (times length)
  std::size_t bytes() const;                            // of buffers held

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// Where `sethkit tune fft` writes its wisdom by default and where it is read
// when $SETHKIT_FFTW_WISDOM is not set: $XDG_CACHE_HOME/sethkit/fftw-wisdom,
// else $HOME/.cache/sethkit/fftw-wisdom ("" when neither is set).
std::string fft_wisdom_path();

// Plans made in this process so far: from measured wisdom, or estimated.
struct FftPlanCounts {
  std::uint64_t measured = 0, estimated = 0;
};
FftPlanCounts fft_plan_counts();

// How hard FFTW's planner searches: FFTW_MEASURE, or FFTW_PATIENT (a wider
// search, about 15 times as long, whose plans are faster on long
// transforms that outgrow the caches).
enum class FftEffort { kMeasure, kPatient };

// Measures FFTW's plans for every ladder length up to fft_length(points),
// calling progress(done, total) after each, then writes all of this
// process's wisdom to `path` atomically; plans made afterwards in this
// process come from it. Lengths of 2^17 points take several seconds each
// (FFTW_MEASURE).
void tune_fft_plans(std::int64_t points, const std::string& path,
                    const std::function<void(std::size_t, std::size_t)>& progress = {},
                    FftEffort effort = FftEffort::kMeasure);

}  // namespace sethkit
