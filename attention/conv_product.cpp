#include "attention/conv_product.hpp"

#include <fftw3.h>
#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <complex>
#include <memory>

#include "core/error.hpp"
#include "core/limits.hpp"

namespace sethkit {

namespace {
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
  return Plan(p);
}

constexpr Eigen::Index kMaxChunk = 64;  // columns per batch of transforms
}  // namespace

ConvProduct conv_basis_product(const ConvBasis& basis, const Matrix& x, ConvSide side,
                               std::uint64_t max_bytes) {
  const Eigen::Index n = basis.n, cols = x.cols();
  require(x.rows() == n,
          fmt::format("conv: the matrix has {} rows, the basis is for {}", x.rows(), n));
  const auto longest = static_cast<std::uint64_t>(std::bit_ceil(static_cast<std::uint64_t>(2 * n)));
  const std::uint64_t per_column = saturating_mul(longest, 3 * 8);
  const std::uint64_t bytes =
      saturating_mul(per_column, static_cast<std::uint64_t>(std::min(cols, kMaxChunk)));
  require(bytes <= max_bytes,
          fmt::format("conv: FFTs of length {} over {} columns need {:.3g} GiB, over the limit of "
                      "{:.3g} GiB",
                      longest, std::min(cols, kMaxChunk), static_cast<double>(bytes) / (1ULL << 30),
                      static_cast<double>(max_bytes) / (1ULL << 30)));
  ConvProduct result{Matrix::Zero(n, cols), Vector::Zero(n)};
  constexpr double kUnit = 0x1.0p-53;
  const bool transpose = side == ConvSide::kTranspose;
  for (std::size_t l = 0; l < basis.k(); ++l) {
    const Eigen::Index s = basis.starts[l], m = n - s;
    const Eigen::Index end = l + 1 < basis.k() ? basis.starts[l + 1] : n;
    const double c_l = basis.columns[l].maxCoeff();
    const Vector w = (basis.columns[l].array() - c_l).exp().matrix();
    const double weight = std::exp(c_l - basis.c_star);
    // Forward: inputs rows [s, end), outputs rows [s, n). Transpose: inputs
    // rows [s, n), outputs rows [s, end).
    const Eigen::Index in_rows = transpose ? m : end - s, out_rows = transpose ? end - s : m;

    const auto len = static_cast<int>(std::bit_ceil(static_cast<std::uint64_t>(2 * m - 1)));
    const int half = len / 2 + 1;
    const Eigen::Index chunk = std::min(cols, kMaxChunk);
    auto b_time = fftw_buffer<double>(static_cast<std::size_t>(len));
    auto b_freq = fftw_buffer<fftw_complex>(static_cast<std::size_t>(half));
    auto x_time =
        fftw_buffer<double>(static_cast<std::size_t>(len) * static_cast<std::size_t>(chunk));
    auto x_freq =
        fftw_buffer<fftw_complex>(static_cast<std::size_t>(half) * static_cast<std::size_t>(chunk));
    const Plan b_plan = make_plan(
        [&] { return fftw_plan_dft_r2c_1d(len, b_time.get(), b_freq.get(), FFTW_ESTIMATE); });
    require(b_plan != nullptr, "conv: FFTW could not plan the transforms");
    std::fill(b_time.get(), b_time.get() + len, 0.0);
    std::copy(w.data(), w.data() + m, b_time.get());
    fftw_execute(b_plan.get());
    const double rescale = weight / len;
    for (Eigen::Index c0 = 0; c0 < cols; c0 += chunk) {
      const Eigen::Index batch = std::min(chunk, cols - c0);
      // Plans first (FFTW_ESTIMATE leaves the arrays alone), then the data.
      const int dims[1] = {len};
      const Plan x_plan = make_plan([&] {
        return fftw_plan_many_dft_r2c(1, dims, static_cast<int>(batch), x_time.get(), nullptr, 1,
                                      len, x_freq.get(), nullptr, 1, half, FFTW_ESTIMATE);
      });
      const Plan y_plan = make_plan([&] {
        return fftw_plan_many_dft_c2r(1, dims, static_cast<int>(batch), x_freq.get(), nullptr, 1,
                                      half, x_time.get(), nullptr, 1, len, FFTW_ESTIMATE);
      });
      require(x_plan && y_plan, "conv: FFTW could not plan the transforms");
      std::fill(x_time.get(), x_time.get() + static_cast<std::ptrdiff_t>(len) * batch, 0.0);
      // Row by row: x is row-major, each row read once.
      for (Eigen::Index r = 0; r < in_rows; ++r)
        for (Eigen::Index c = 0; c < batch; ++c)
          x_time[static_cast<std::size_t>(c * len + r)] = x(s + r, c0 + c);
      fftw_execute(x_plan.get());
      for (Eigen::Index c = 0; c < batch; ++c)
        for (int f = 0; f < half; ++f) {
          auto* xf = reinterpret_cast<std::complex<double>*>(
              x_freq[static_cast<std::size_t>(c * half + f)]);
          const auto bf =
              *reinterpret_cast<std::complex<double>*>(b_freq[static_cast<std::size_t>(f)]);
          // Convolution multiplies by the kernel's spectrum, correlation by its conjugate.
          *xf *= transpose ? std::conj(bf) : bf;
        }
      fftw_execute(y_plan.get());
      for (Eigen::Index r = 0; r < out_rows; ++r)
        for (Eigen::Index c = 0; c < batch; ++c)
          result.y(s + r, c0 + c) += x_time[static_cast<std::size_t>(c * len + r)] * rescale;
    }
    // FFT convolution: ||error||_2 <= c u log2(len) ||b||_2 ||x||_2 (c = 5 here, generous);
    // every entry of one column's error is at most that.
    const double x_norm = cols ? x.middleRows(s, in_rows).colwise().norm().maxCoeff() : 0;
    result.noise.segment(s, out_rows).array() +=
        5 * kUnit * std::log2(static_cast<double>(len)) * w.norm() * x_norm * weight;
  }
  return result;
}

ConvEvaluation conv_basis_attention(const ConvBasis& basis, const Matrix& v,
                                    std::uint64_t max_bytes) {
  const Eigen::Index n = basis.n, d_v = v.cols();
  require(v.rows() == n, fmt::format("conv: V has {} rows, the basis is for {}", v.rows(), n));
  // [Num, Den] = e^(-c*) A~ [V, 1] (attention/conv_product.hpp).
  Matrix v1(n, d_v + 1);
  v1.leftCols(d_v) = v;
  v1.col(d_v).setOnes();
  const ConvProduct product = conv_basis_product(basis, v1, ConvSide::kForward, max_bytes);
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
