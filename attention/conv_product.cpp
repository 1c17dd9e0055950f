#include "attention/conv_product.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <memory>
#include <mutex>

#include "core/error.hpp"
#include "core/limits.hpp"

namespace sethkit {

namespace {
using ColumnMap = Eigen::Map<ColMatrix>;

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

// One thread's transforms (attention/conv_fft.hpp) and scratch vectors.
struct ConvWorkspace::Buffers {
  FftColumns fft;
  std::vector<double> staged;  // a row-major x, column by column
};

ConvWorkspace::ConvWorkspace() : buffers_(std::make_unique<Buffers>()) {}
ConvWorkspace::~ConvWorkspace() = default;
std::size_t ConvWorkspace::bytes() const {
  return buffers_->fft.bytes() + buffers_->staged.capacity() * sizeof(double);
}

namespace {
// Workspaces between passes. Never destroyed, like the plans
// (attention/conv_fft.cpp): nothing of FFTW's is freed during the program's
// exit, after the OpenMP runtime.
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
  require_within(bytes_for(0), longest_, 1, max_bytes);
  // Each kernel's spectrum, once: exp(C_l - c_l) zero-padded to the length.
  PooledConvWorkspace workspace;
  for (std::size_t l = 0; l < k; ++l) {
    Region& r = regions_[l];
    const auto len = static_cast<std::size_t>(r.length), half = len / 2 + 1;
    const double c_l = basis.columns[l].maxCoeff();
    const Vector w = (basis.columns[l].array() - c_l).exp().matrix();
    const double weight = std::exp(c_l - basis.c_star);
    r.weight = weight / r.length;
    r.kernel_norm = w.norm() * weight;
    FftColumns& fft = (*workspace).buffers().fft;
    fft.ready(r.length, 1);
    std::fill(fft.time(0), fft.time(0) + len, 0.0);
    std::copy(w.data(), w.data() + r.m, fft.time(0));
    fft.forward(0);
    r.spectrum.assign(fft.spectrum(0), fft.spectrum(0) + half);
  }
}

void ConvOperator::apply(const ColMatrix& x, ConvSide side, ConvWorkspace& workspace,
                         ConvProduct& out, const Vector* row_factor) const {
  require(x.rows() == n_,
          fmt::format("conv: the matrix has {} rows, the basis is for {}", x.rows(), n_));
  apply_columns(x.data(), x.cols(), side, workspace, out, row_factor);
}

void ConvOperator::apply(const Matrix& x, ConvSide side, ConvWorkspace& workspace, ConvProduct& out,
                         const Vector* row_factor) const {
  require(x.rows() == n_,
          fmt::format("conv: the matrix has {} rows, the basis is for {}", x.rows(), n_));
  // bytes_for's, and x's copy, as large as the output.
  require_within(
      saturating_add(bytes_for(x.cols()),
                     saturating_mul(static_cast<std::uint64_t>(x.size()), sizeof(double))),
      longest_, x.cols(), max_bytes_);
  std::vector<double>& staged = workspace.buffers().staged;
  if (staged.size() < static_cast<std::size_t>(x.size()))
    staged.resize(static_cast<std::size_t>(x.size()));
  ColumnMap(staged.data(), x.rows(), x.cols()) = x;
  apply_columns(staged.data(), x.cols(), side, workspace, out, row_factor);
}

void ConvOperator::apply_columns(const double* x, Eigen::Index cols, ConvSide side,
                                 ConvWorkspace& workspace, ConvProduct& out,
                                 const Vector* row_factor) const {
  require(!row_factor || row_factor->size() == n_, "conv: the row factor has the wrong length");
  require_within(bytes_for(cols), longest_, cols, max_bytes_);
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
    b.fft.ready(len, 1);
    double* time = b.fft.time(0);
    double* spectrum = reinterpret_cast<double*>(b.fft.spectrum(0));
    const double* kernel = reinterpret_cast<const double*>(region.spectrum.data());
    // Convolution multiplies by the kernel's spectrum, correlation by its conjugate.
    const double sign = transpose ? -1.0 : 1.0;
    const double weight = region.weight;
    double largest_square = 0;
    for (Eigen::Index c = 0; c < cols; ++c) {
      const double* in = x + c * n_ + s;
      if (row_factor) {
        const double* f = row_factor->data() + s;
        for (Eigen::Index r = 0; r < in_rows; ++r) time[r] = in[r] * f[r];
      } else {
        std::copy(in, in + in_rows, time);
      }
      largest_square =
          std::max(largest_square, Eigen::Map<const Vector>(time, in_rows).squaredNorm());
      std::fill(time + in_rows, time + len, 0.0);
      b.fft.forward(0);
      for (int f = 0; f < half; ++f) {
        const double re = spectrum[2 * f], im = spectrum[2 * f + 1];
        const double k_re = kernel[2 * f], k_im = sign * kernel[2 * f + 1];
        spectrum[2 * f] = re * k_re - im * k_im;
        spectrum[2 * f + 1] = re * k_im + im * k_re;
      }
      b.fft.inverse(0);
      double* to = out.y.col(c).data() + s;
      if (assign)
        for (Eigen::Index r = 0; r < out_rows; ++r) to[r] = time[r] * weight;
      else
        for (Eigen::Index r = 0; r < out_rows; ++r) to[r] += time[r] * weight;
    }
    // FFT convolution: ||error||_2 <= c u log2(len) ||b||_2 ||x||_2 (c = 5 here, generous);
    // every entry of one column's error is at most that.
    out.noise.segment(s, out_rows).array() += 5 * kUnit * std::log2(static_cast<double>(len)) *
                                              region.kernel_norm * std::sqrt(largest_square);
  }
}

std::uint64_t ConvOperator::bytes_for(Eigen::Index cols) const {
  // The spectra, one column's transforms and the n x cols output.
  return saturating_add(saturating_add(spectra_bytes_, column_bytes(longest_)),
                        saturating_mul(static_cast<std::uint64_t>(n_) * sizeof(double),
                                       static_cast<std::uint64_t>(cols)));
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
