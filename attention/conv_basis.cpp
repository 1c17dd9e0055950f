#include "attention/conv_basis.hpp"

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
// Entries of the causal score matrix, read on demand.
class ScoreOracle {
 public:
  ScoreOracle(const Matrix& q, const Matrix& k, double scale) : q_(q), k_(k), scale_(scale) {}
  double operator()(Eigen::Index i, Eigen::Index j) const {
    return scale_ * q_.row(i).dot(k_.row(j));
  }
  // H(j + r, j) for r < length.
  Vector column(Eigen::Index j, Eigen::Index length) const {
    return scale_ * (q_.middleRows(j, length) * k_.row(j).transpose());
  }

 private:
  const Matrix& q_;
  const Matrix& k_;
  double scale_;
};

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

struct PlanFree {
  void operator()(fftw_plan p) const { fftw_destroy_plan(p); }
};
using Plan = std::unique_ptr<std::remove_pointer_t<fftw_plan>, PlanFree>;
}  // namespace

ConvRecovery recover_conv_basis(const Matrix& q, const Matrix& k, double scale,
                                const ConvRecoveryParams& p) {
  require(q.rows() == k.rows() && q.cols() == k.cols(),
          "conv: the basis needs causal self-attention, Q and K of the same shape");
  require(p.window >= 1, "conv: the window T must be at least 1");
  const Eigen::Index n = q.rows(), t_len = p.window;
  const ScoreOracle h(q, k, scale);
  ConvRecovery result;
  ConvBasis basis;
  basis.n = n;
  const auto window = [&](Eigen::Index j) {
    const Eigen::Index len = std::min(t_len, n - j);
    basis.window_reads += static_cast<std::uint64_t>(len);
    return Vector(h.column(j, len));
  };
  Vector w = window(0);
  const double tau =
      p.tau >= 0 ? p.tau : 1e-9 * (1 + w.cwiseAbs().maxCoeff()) * static_cast<double>(t_len);
  const auto differs = [&](Eigen::Index t, const Vector& ref) {
    const Vector wt = window(t);
    return (wt - ref.head(wt.size())).lpNorm<1>() > tau;
  };
  basis.starts.push_back(0);
  const auto add_start = [&](Eigen::Index s) {
    basis.starts.push_back(s);
    if (basis.starts.size() > p.k_max) {
      result.reason = fmt::format(
          "the causal scores need more than k_max = {} conv bases at window T = {} and "
          "threshold tau = {:.3g} (change point {} at column {} of {}); they are not "
          "position-structured: use flash",
          p.k_max, t_len, tau, basis.starts.size(), s, n);
      return false;
    }
    return true;
  };
  Eigen::Index cur = 0;
  // Binary search over the columns whose windows are whole (1.5).
  while (cur < n - t_len && differs(n - t_len, w)) {
    Eigen::Index lo = cur + 1, hi = n - t_len;
    while (lo < hi) {
      const Eigen::Index mid = lo + (hi - lo) / 2;
      if (differs(mid, w))
        hi = mid;
      else
        lo = mid + 1;
    }
    if (!add_start(lo)) return result;
    cur = lo;
    w = window(lo);
  }
  // The last T columns have shortened windows: scan them.
  for (Eigen::Index t = std::max(cur + 1, n - t_len + 1); t < n; ++t)
    if (differs(t, w)) {
      if (!add_start(t)) return result;
      w = window(t);
    }
  basis.c_star = -INFINITY;
  for (Eigen::Index s : basis.starts) {
    basis.columns.push_back(h.column(s, n - s));
    basis.c_star = std::max(basis.c_star, basis.columns.back().maxCoeff());
  }
  if (!std::isfinite(basis.c_star)) {
    result.reason = "a logit scale * <q_i, k_j> is not finite";
    return result;
  }
  result.basis = std::move(basis);
  return result;
}

double conv_basis_score(const ConvBasis& basis, Eigen::Index i, Eigen::Index j) {
  const auto it = std::upper_bound(basis.starts.begin(), basis.starts.end(), j);
  const auto l = static_cast<std::size_t>(it - basis.starts.begin()) - 1;
  return basis.columns[l](i - j);
}

ConvEvaluation conv_basis_attention(const ConvBasis& basis, const Matrix& v,
                                    std::uint64_t max_bytes) {
  const Eigen::Index n = basis.n, d_v = v.cols(), cols = d_v + 1;  // V and a ones column
  require(v.rows() == n, fmt::format("conv: V has {} rows, the basis is for {}", v.rows(), n));
  const auto longest = static_cast<std::uint64_t>(std::bit_ceil(static_cast<std::uint64_t>(2 * n)));
  const std::uint64_t bytes =
      saturating_mul(saturating_mul(longest, static_cast<std::uint64_t>(cols)), 3 * 8);
  require(bytes <= max_bytes,
          fmt::format("conv: FFTs of length {} over {} columns need {:.3g} GiB, over the limit of "
                      "{:.3g} GiB",
                      longest, cols, static_cast<double>(bytes) / (1ULL << 30),
                      static_cast<double>(max_bytes) / (1ULL << 30)));
  // sum_l conv(bt_l, m_l) V regrouped by regions: columns j in [s_l, s_(l+1)) all
  // carry the aligned column exp(C_l), so Num = sum_l exp(C_l) * V[s_l : s_(l+1)]
  // (a causal convolution on rows s_l ..), the same sum as the bt_l telescope
  // but without differences of exponentials. Each region is shifted by its own
  // maximum c_l and scaled back by e^(c_l - c*); the ones column gives Den.
  Matrix acc = Matrix::Zero(n, cols);
  Vector noise = Vector::Zero(n);  // the FFT rounding bound on each row's sums
  constexpr double kUnit = 0x1.0p-53;
  for (std::size_t l = 0; l < basis.k(); ++l) {
    const Eigen::Index s = basis.starts[l], m = n - s;
    const Eigen::Index end = l + 1 < basis.k() ? basis.starts[l + 1] : n;
    const double c_l = basis.columns[l].maxCoeff();
    const Vector w = (basis.columns[l].array() - c_l).exp().matrix();
    const double weight = std::exp(c_l - basis.c_star);

    const auto len = static_cast<int>(std::bit_ceil(static_cast<std::uint64_t>(2 * m - 1)));
    const int half = len / 2 + 1;
    auto b_time = fftw_buffer<double>(static_cast<std::size_t>(len));
    auto b_freq = fftw_buffer<fftw_complex>(static_cast<std::size_t>(half));
    auto x_time =
        fftw_buffer<double>(static_cast<std::size_t>(len) * static_cast<std::size_t>(cols));
    auto x_freq =
        fftw_buffer<fftw_complex>(static_cast<std::size_t>(half) * static_cast<std::size_t>(cols));
    // Plans first (FFTW_ESTIMATE leaves the arrays alone), then the data.
    const Plan b_plan(fftw_plan_dft_r2c_1d(len, b_time.get(), b_freq.get(), FFTW_ESTIMATE));
    const int dims[1] = {len};
    const Plan x_plan(fftw_plan_many_dft_r2c(1, dims, static_cast<int>(cols), x_time.get(), nullptr,
                                             1, len, x_freq.get(), nullptr, 1, half,
                                             FFTW_ESTIMATE));
    const Plan y_plan(fftw_plan_many_dft_c2r(1, dims, static_cast<int>(cols), x_freq.get(), nullptr,
                                             1, half, x_time.get(), nullptr, 1, len,
                                             FFTW_ESTIMATE));
    require(b_plan && x_plan && y_plan, "conv: FFTW could not plan the transforms");
    std::fill(b_time.get(), b_time.get() + len, 0.0);
    std::copy(w.data(), w.data() + m, b_time.get());
    std::fill(x_time.get(), x_time.get() + static_cast<std::ptrdiff_t>(len) * cols, 0.0);
    for (Eigen::Index c = 0; c < cols; ++c)
      for (Eigen::Index r = 0; r < end - s; ++r)
        x_time[static_cast<std::size_t>(c * len + r)] = c < d_v ? v(s + r, c) : 1.0;
    fftw_execute(b_plan.get());
    fftw_execute(x_plan.get());
    for (Eigen::Index c = 0; c < cols; ++c)
      for (int f = 0; f < half; ++f) {
        auto* x =
            reinterpret_cast<std::complex<double>*>(x_freq[static_cast<std::size_t>(c * half + f)]);
        *x *= *reinterpret_cast<std::complex<double>*>(b_freq[static_cast<std::size_t>(f)]);
      }
    fftw_execute(y_plan.get());
    const double scale = weight / len;
    for (Eigen::Index c = 0; c < cols; ++c)
      for (Eigen::Index r = 0; r < m; ++r)
        acc(s + r, c) += x_time[static_cast<std::size_t>(c * len + r)] * scale;
    // FFT convolution: ||error||_2 <= c u log2(len) ||b||_2 ||x||_2 (c = 5 here, generous);
    // every entry of one column's error is at most that.
    const double x_norm = std::max(v.middleRows(s, end - s).colwise().norm().maxCoeff(),
                                   std::sqrt(static_cast<double>(end - s)));
    noise.segment(s, m).array() +=
        5 * kUnit * std::log2(static_cast<double>(len)) * w.norm() * x_norm * weight;
  }
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
