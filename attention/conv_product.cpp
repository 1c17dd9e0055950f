#include "attention/conv_product.hpp"

#include <fftw3.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <memory>
#include <mutex>

#include "core/error.hpp"
#include "core/limits.hpp"

namespace sethkit {

// FFTW's buffers and plans, owned (named, not anonymous: ConvWorkspace's
// buffers hold them).
namespace conv_fft {
struct FftwFree {
  void operator()(void* p) const { fftw_free(p); }
};
template <typename T>
using FftwBuffer = std::unique_ptr<T[], FftwFree>;
template <typename T>
FftwBuffer<T> fftw_buffer(std::size_t count) {
  auto* p = static_cast<T*>(fftw_malloc(sizeof(T) * count));
  if (!p) throw ContractError("conv: FFTW could not allocate its buffers");
  return FftwBuffer<T>(p);
}

// FFTW's planner is not thread-safe (only fftw_execute is): plans are made and
// destroyed one thread at a time, so products may run in parallel.
struct PlanFree {
  void operator()(fftw_plan p) const {
#pragma omp critical(sethkit_fftw_planner)
    fftw_destroy_plan(p);
  }
};
using Plan = std::unique_ptr<std::remove_pointer_t<fftw_plan>, PlanFree>;

template <typename MakePlan>
Plan make_plan(MakePlan make) {
  fftw_plan p = nullptr;
#pragma omp critical(sethkit_fftw_planner)
  p = make();
  require(p != nullptr, "conv: FFTW could not plan the transforms");
  return Plan(p);
}
}  // namespace conv_fft

using conv_fft::fftw_buffer;
using conv_fft::FftwBuffer;
using conv_fft::make_plan;
using conv_fft::Plan;

namespace {
constexpr Eigen::Index kMaxChunk = 64;  // columns per batch of transforms
constexpr std::size_t kMaxPlans = 16;   // plan pairs a workspace keeps

// Bytes of one column's transforms of length `length`: the real signal and
// its half spectrum, 3 doubles a point (rounded up).
std::uint64_t column_bytes(int length) {
  return saturating_mul(static_cast<std::uint64_t>(length), 3 * 8);
}

void require_within(std::uint64_t bytes, int length, Eigen::Index columns,
                    std::uint64_t max_bytes) {
  require(bytes <= max_bytes,
          fmt::format("conv: FFTs of length {} over {} columns need {:.3g} GiB, over the limit of "
                      "{:.3g} GiB",
                      length, columns, static_cast<double>(bytes) / (1ULL << 30),
                      static_cast<double>(max_bytes) / (1ULL << 30)));
}
}  // namespace

std::int64_t fft_length(std::int64_t at_least) {
  require(at_least >= 1 && at_least <= (std::int64_t{1} << 40),
          fmt::format("conv: no transform length for {} points", at_least));
  std::int64_t best = 2;
  while (best < at_least) best *= 2;  // a power of two is always a candidate
  for (std::int64_t p7 = 2; p7 < best; p7 *= 7)
    for (std::int64_t p5 = p7; p5 < best; p5 *= 5)
      for (std::int64_t p3 = p5; p3 < best; p3 *= 3) {
        std::int64_t x = p3;
        while (x < at_least) x *= 2;
        best = std::min(best, x);
      }
  return best;
}

// Buffers for `batch` columns of length `length`, and the plans made on
// them; grown when a product needs more, plans dropped with the old buffers.
struct ConvWorkspace::Buffers {
  FftwBuffer<double> time;
  FftwBuffer<fftw_complex> freq;
  std::size_t time_size = 0, freq_size = 0;
  struct Plans {
    int length = 0;
    Eigen::Index batch = 0;
    Plan forward, inverse;
  };
  std::vector<Plans> plans;
  std::vector<double> column_squares;

  Plans& ready(int length, Eigen::Index batch) {
    const auto half = static_cast<std::size_t>(length / 2 + 1);
    const std::size_t need_time =
                          static_cast<std::size_t>(length) * static_cast<std::size_t>(batch),
                      need_freq = half * static_cast<std::size_t>(batch);
    if (need_time > time_size || need_freq > freq_size) {
      const std::size_t new_time = std::max(need_time, time_size),
                        new_freq = std::max(need_freq, freq_size);
      plans.clear();
      time.reset();
      freq.reset();
      time_size = freq_size = 0;  // until both are allocated
      time = fftw_buffer<double>(new_time);
      freq = fftw_buffer<fftw_complex>(new_freq);
      time_size = new_time;
      freq_size = new_freq;
    }
    for (Plans& p : plans)
      if (p.length == length && p.batch == batch) return p;
    if (plans.size() >= kMaxPlans) plans.clear();
    // FFTW_ESTIMATE plans leave the arrays alone.
    const int dims[1] = {length};
    const int h = static_cast<int>(half), howmany = static_cast<int>(batch);
    Plans p{length, batch, make_plan([&] {
              return fftw_plan_many_dft_r2c(1, dims, howmany, time.get(), nullptr, 1, length,
                                            freq.get(), nullptr, 1, h, FFTW_ESTIMATE);
            }),
            make_plan([&] {
              return fftw_plan_many_dft_c2r(1, dims, howmany, freq.get(), nullptr, 1, h, time.get(),
                                            nullptr, 1, length, FFTW_ESTIMATE);
            })};
    plans.push_back(std::move(p));
    return plans.back();
  }
};

ConvWorkspace::ConvWorkspace() : buffers_(std::make_unique<Buffers>()) {}
ConvWorkspace::~ConvWorkspace() = default;
std::size_t ConvWorkspace::bytes() const {
  return buffers_->time_size * sizeof(double) + buffers_->freq_size * sizeof(fftw_complex);
}

namespace {
// Workspaces between passes. Never destroyed: FFTW's plans would otherwise
// be destroyed during the program's exit, after the OpenMP runtime.
struct WorkspacePool {
  std::mutex mutex;
  std::vector<std::unique_ptr<ConvWorkspace>> idle;
};
WorkspacePool& workspace_pool() {
  static auto* pool = new WorkspacePool;
  return *pool;
}
constexpr std::size_t kMaxPooled = 64;
constexpr std::size_t kMaxPooledBytes = std::size_t{64} << 20;
}  // namespace

PooledConvWorkspace::PooledConvWorkspace() {
  WorkspacePool& pool = workspace_pool();
  {
    const std::lock_guard lock(pool.mutex);
    if (!pool.idle.empty()) {
      workspace_ = std::move(pool.idle.back());
      pool.idle.pop_back();
    }
  }
  if (!workspace_) workspace_ = std::make_unique<ConvWorkspace>();
}

PooledConvWorkspace::~PooledConvWorkspace() {
  if (workspace_->bytes() > kMaxPooledBytes) return;
  WorkspacePool& pool = workspace_pool();
  const std::lock_guard lock(pool.mutex);
  if (pool.idle.size() < kMaxPooled) pool.idle.push_back(std::move(workspace_));
}

ConvOperator::ConvOperator(const ConvBasis& basis, std::uint64_t max_bytes)
    : n_(basis.n), max_bytes_(max_bytes) {
  const std::size_t k = basis.k();
  regions_.resize(k);
  for (std::size_t l = 0; l < k; ++l) {
    Region& r = regions_[l];
    r.start = basis.starts[l];
    r.end = l + 1 < k ? basis.starts[l + 1] : n_;
    r.m = n_ - r.start;
    r.length = static_cast<int>(fft_length(r.end - r.start + r.m - 1));
    longest_ = std::max(longest_, r.length);
    spectra_bytes_ = saturating_add(
        spectra_bytes_, saturating_mul(static_cast<std::uint64_t>(r.length / 2 + 1), 16));
  }
  require_within(saturating_add(spectra_bytes_, column_bytes(longest_)), longest_, 1, max_bytes);
  // Each kernel's spectrum, once: exp(C_l - c_l) zero-padded to the length.
  PooledConvWorkspace workspace;
  ConvWorkspace::Buffers& b = (*workspace).buffers();
  for (std::size_t l = 0; l < k; ++l) {
    Region& r = regions_[l];
    const auto len = static_cast<std::size_t>(r.length), half = len / 2 + 1;
    const double c_l = basis.columns[l].maxCoeff();
    const Vector w = (basis.columns[l].array() - c_l).exp().matrix();
    const double weight = std::exp(c_l - basis.c_star);
    r.weight = weight / r.length;
    r.kernel_norm = w.norm() * weight;
    const ConvWorkspace::Buffers::Plans& plans = b.ready(r.length, 1);
    std::fill(b.time.get(), b.time.get() + len, 0.0);
    std::copy(w.data(), w.data() + r.m, b.time.get());
    fftw_execute(plans.forward.get());
    r.spectrum.resize(half);
    for (std::size_t f = 0; f < half; ++f) r.spectrum[f] = {b.freq[f][0], b.freq[f][1]};
  }
}

void ConvOperator::apply(const Matrix& x, ConvSide side, ConvWorkspace& workspace, ConvProduct& out,
                         const Vector* row_factor) const {
  const Eigen::Index cols = x.cols();
  require(x.rows() == n_,
          fmt::format("conv: the matrix has {} rows, the basis is for {}", x.rows(), n_));
  require(!row_factor || row_factor->size() == n_, "conv: the row factor has the wrong length");
  const Eigen::Index chunk = std::max<Eigen::Index>(1, std::min(cols, kMaxChunk));
  require_within(saturating_add(spectra_bytes_, saturating_mul(column_bytes(longest_),
                                                               static_cast<std::uint64_t>(chunk))),
                 longest_, chunk, max_bytes_);
  // Region 0 starts at row 0: its forward output covers every row and the
  // regions' transposed outputs tile them, so the first write of each row
  // assigns and nothing is zeroed first.
  out.y.resize(n_, cols);
  if (regions_.empty() || regions_.front().start != 0) out.y.setZero();
  out.noise.setZero(n_);
  constexpr double kUnit = 0x1.0p-53;
  const bool transpose = side == ConvSide::kTranspose;
  ConvWorkspace::Buffers& b = workspace.buffers();
  for (const Region& region : regions_) {
    const Eigen::Index s = region.start, m = region.m;
    const bool assign = s == 0 || transpose;
    // Forward: inputs rows [s, end), outputs rows [s, n). Transpose: inputs
    // rows [s, n), outputs rows [s, end).
    const Eigen::Index in_rows = transpose ? m : region.end - s,
                       out_rows = transpose ? region.end - s : m;
    const int len = region.length, half = len / 2 + 1;
    double largest_square = 0;
    for (Eigen::Index c0 = 0; c0 < cols; c0 += chunk) {
      const Eigen::Index batch = std::min(chunk, cols - c0);
      ConvWorkspace::Buffers::Plans& plans = b.ready(len, batch);
      double* time = b.time.get();
      b.column_squares.assign(static_cast<std::size_t>(batch), 0.0);
      // Row by row: x is row-major, each row read once; the tail is the padding.
      for (Eigen::Index r = 0; r < in_rows; ++r) {
        const double f = row_factor ? (*row_factor)(s + r) : 1.0;
        for (Eigen::Index c = 0; c < batch; ++c) {
          const double value = x(s + r, c0 + c) * f;
          time[c * len + r] = value;
          b.column_squares[static_cast<std::size_t>(c)] += value * value;
        }
      }
      for (Eigen::Index c = 0; c < batch; ++c)
        std::fill(time + c * len + in_rows, time + (c + 1) * len, 0.0);
      for (double square : b.column_squares) largest_square = std::max(largest_square, square);
      fftw_execute(plans.forward.get());
      auto* freq = reinterpret_cast<std::complex<double>*>(b.freq.get());
      for (Eigen::Index c = 0; c < batch; ++c) {
        std::complex<double>* column = freq + c * half;
        // Convolution multiplies by the kernel's spectrum, correlation by its conjugate.
        if (transpose)
          for (int f = 0; f < half; ++f) column[f] *= std::conj(region.spectrum[f]);
        else
          for (int f = 0; f < half; ++f) column[f] *= region.spectrum[f];
      }
      fftw_execute(plans.inverse.get());
      for (Eigen::Index r = 0; r < out_rows; ++r)
        for (Eigen::Index c = 0; c < batch; ++c) {
          const double value = time[c * len + r] * region.weight;
          double& to = out.y(s + r, c0 + c);
          to = assign ? value : to + value;
        }
    }
    // FFT convolution: ||error||_2 <= c u log2(len) ||b||_2 ||x||_2 (c = 5 here, generous);
    // every entry of one column's error is at most that.
    out.noise.segment(s, out_rows).array() += 5 * kUnit * std::log2(static_cast<double>(len)) *
                                              region.kernel_norm * std::sqrt(largest_square);
  }
}

ConvProduct ConvOperator::apply(const Matrix& x, ConvSide side) const {
  PooledConvWorkspace workspace;
  ConvProduct out;
  apply(x, side, *workspace, out);
  return out;
}

ConvProduct conv_basis_product(const ConvBasis& basis, const Matrix& x, ConvSide side,
                               std::uint64_t max_bytes) {
  require(x.rows() == basis.n,
          fmt::format("conv: the matrix has {} rows, the basis is for {}", x.rows(), basis.n));
  return ConvOperator(basis, max_bytes).apply(x, side);
}

ConvEvaluation conv_basis_attention(const ConvBasis& basis, const Matrix& v,
                                    std::uint64_t max_bytes) {
  const Eigen::Index n = basis.n, d_v = v.cols();
  require(v.rows() == n, fmt::format("conv: V has {} rows, the basis is for {}", v.rows(), n));
  // [Num, Den] = e^(-c*) A~ [V, 1] (attention/conv_product.hpp).
  Matrix v1(n, d_v + 1);
  v1.leftCols(d_v) = v;
  v1.col(d_v).setOnes();
  const ConvProduct product = ConvOperator(basis, max_bytes).apply(v1, ConvSide::kForward);
  const Matrix& acc = product.y;
  const Vector& noise = product.noise;
  ConvEvaluation out;
  const Vector den = acc.col(d_v);
  // Den_i >= its exact value minus the rounding bound: refuse rows it may have made <= 0.
  require(((den - noise).array() > 0).all(),
          "conv: the FFT's rounding can reach a row sum of the attention matrix (the scores span "
          "too wide a range of exponents for one convolution); use flash");
  out.out = acc.leftCols(d_v).array().colwise() / den.array();
  out.lse = den.array().log() + basis.c_star;
  // |Num~/Den~ - Num/Den| <= (|dNum| + |Y| |dDen|) / Den~, |Y| <= max|V|.
  const double v_max = v.size() ? v.cwiseAbs().maxCoeff() : 0;
  out.rounding_bound = ((noise.array() * (1 + v_max)) / (den - noise).array()).maxCoeff();
  return out;
}

}  // namespace sethkit
