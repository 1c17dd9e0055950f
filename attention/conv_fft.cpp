#include "attention/conv_fft.hpp"

#include <fftw3.h>
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>

#include "core/error.hpp"
#include "core/file_io.hpp"

namespace sethkit {

// FFTW's buffers and plans, owned (named, not anonymous: FftColumns::Impl
// holds them).
namespace fftw_owned {
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

// FFTW's planner is not thread-safe (only the execute calls are): plans are
// made, destroyed and wisdom read one thread at a time, so products may run
// in parallel.
struct PlanFree {
  void operator()(fftw_plan p) const {
#pragma omp critical(sethkit_fftw_planner)
    fftw_destroy_plan(p);
  }
};
using Plan = std::unique_ptr<std::remove_pointer_t<fftw_plan>, PlanFree>;

// The plans of one length, shared by every FftColumns of the process.
struct PlanPair {
  Plan forward, inverse;
};
}  // namespace fftw_owned

using fftw_owned::fftw_buffer;
using fftw_owned::FftwBuffer;
using fftw_owned::Plan;
using fftw_owned::PlanPair;

namespace {
// Column strides of 64 bytes' multiples: every column has the first one's
// alignment, as FFTW's new-array execute requires.
std::size_t time_stride(int length) {
  return (static_cast<std::size_t>(length) + 7) / 8 * 8;
}
std::size_t spectrum_stride(int length) {
  return (static_cast<std::size_t>(length) / 2 + 1 + 3) / 4 * 4;
}

std::atomic<std::uint64_t> plans_measured{0}, plans_estimated{0};

// Reads the wisdom once per process: "" when read or absent, else the error.
const std::string& wisdom_error() {
  static const std::string error = [] {
    const char* set = std::getenv("SETHKIT_FFTW_WISDOM");
    const bool named = set && *set;
    const std::string path = named ? std::string(set) : fft_wisdom_path();
    std::error_code ec;
    if (path.empty() || (!named && !std::filesystem::exists(path, ec))) return std::string();
    const std::string source = named ? " (SETHKIT_FFTW_WISDOM)" : "";
    if (!std::filesystem::exists(path, ec)) return fmt::format("{}{}: no such file", path, source);
    if (!std::filesystem::is_regular_file(path, ec))
      return fmt::format("{}{}: not a file", path, source);
    int read = 0;
#pragma omp critical(sethkit_fftw_planner)
    read = fftw_import_wisdom_from_filename(path.c_str());
    if (read) return std::string();
    return fmt::format(
        "{}: not FFTW wisdom that this FFTW ({}) can read; make it again with `sethkit tune fft`",
        path, fftw_version);
  }();
  return error;
}
}  // namespace

namespace {
// The least even length of each ladder step m in {8, 9, 10, 12, 14} (9's is
// 18); the ladder is these times the powers of two.
constexpr std::int64_t kLadderStarts[] = {8, 10, 12, 14, 18};
}  // namespace

std::int64_t fft_length(std::int64_t at_least) {
  require(at_least >= 1 && at_least <= (std::int64_t{1} << 40),
          fmt::format("conv: no transform length for {} points", at_least));
  std::int64_t best = 0;
  for (std::int64_t m : kLadderStarts) {
    while (m < at_least) m *= 2;
    best = best == 0 ? m : std::min(best, m);
  }
  return best;
}

std::vector<std::int64_t> fft_lengths_up_to(std::int64_t points) {
  const std::int64_t last = fft_length(points);
  std::vector<std::int64_t> lengths;
  for (const std::int64_t m : kLadderStarts)
    for (std::int64_t x = m; x <= last; x *= 2) lengths.push_back(x);
  std::sort(lengths.begin(), lengths.end());
  return lengths;
}

namespace {
// Plans by length, made once per process (FFTW's execute calls may share a
// plan across threads). Never destroyed, as FFTW's plans would otherwise be
// destroyed during the program's exit, after the OpenMP runtime; past 64
// lengths the cache starts again (plans in use live on in their holders).
struct PlanCache {
  std::mutex mutex;
  std::map<int, std::shared_ptr<const PlanPair>> by_length;
};
PlanCache& plan_cache() {
  static auto* cache = new PlanCache;
  return *cache;
}
constexpr std::size_t kMaxCachedLengths = 64;

// Measured wisdom first (FFTW_WISDOM_ONLY leaves the arrays alone), else
// FFTW_ESTIMATE (which does too). Plans for t and s serve every array of
// their alignment.
std::shared_ptr<const PlanPair> make_plans(int n, double* t, fftw_complex* s) {
  require(wisdom_error().empty(), wisdom_error());
  fftw_plan f = nullptr, i = nullptr;
  int measured = 0;
#pragma omp critical(sethkit_fftw_planner)
  {
    f = fftw_plan_dft_r2c_1d(n, t, s, FFTW_MEASURE | FFTW_WISDOM_ONLY);
    i = fftw_plan_dft_c2r_1d(n, s, t, FFTW_MEASURE | FFTW_WISDOM_ONLY);
    measured = (f != nullptr) + (i != nullptr);
    if (!f) f = fftw_plan_dft_r2c_1d(n, t, s, FFTW_ESTIMATE);
    if (!i) i = fftw_plan_dft_c2r_1d(n, s, t, FFTW_ESTIMATE);
  }
  auto plans = std::make_shared<PlanPair>(PlanPair{Plan(f), Plan(i)});
  require(f != nullptr && i != nullptr, "conv: FFTW could not plan the transforms");
  plans_measured += static_cast<std::uint64_t>(measured);
  plans_estimated += static_cast<std::uint64_t>(2 - measured);
  return plans;
}

std::shared_ptr<const PlanPair> cached_plans(int n, double* t, fftw_complex* s) {
  PlanCache& cache = plan_cache();
  {
    const std::lock_guard lock(cache.mutex);
    const auto found = cache.by_length.find(n);
    if (found != cache.by_length.end()) return found->second;
  }
  // Made outside the lock: two threads may both plan a new length; one is kept.
  std::shared_ptr<const PlanPair> plans = make_plans(n, t, s);
  const std::lock_guard lock(cache.mutex);
  if (cache.by_length.size() >= kMaxCachedLengths) cache.by_length.clear();
  return cache.by_length.emplace(n, std::move(plans)).first->second;
}
}  // namespace

struct FftColumns::Impl {
  FftwBuffer<double> time;
  FftwBuffer<fftw_complex> spectrum;
  std::size_t time_size = 0, spectrum_size = 0;  // doubles, complex values
  int length = 0;
  std::size_t time_step = 0, spectrum_step = 0;
  std::shared_ptr<const PlanPair> plans;  // for `length`
};

FftColumns::FftColumns() : impl_(std::make_unique<Impl>()) {}
FftColumns::~FftColumns() = default;

void FftColumns::ready(int length, Eigen::Index batch) {
  Impl& b = *impl_;
  b.time_step = time_stride(length);
  b.spectrum_step = spectrum_stride(length);
  const auto columns = static_cast<std::size_t>(std::max<Eigen::Index>(batch, 1));
  const std::size_t need_time = b.time_step * columns, need_spectrum = b.spectrum_step * columns;
  // Plans outlive the buffers: they are executed on arrays of the same alignment.
  if (need_time > b.time_size || need_spectrum > b.spectrum_size) {
    const std::size_t new_time = std::max(need_time, b.time_size),
                      new_spectrum = std::max(need_spectrum, b.spectrum_size);
    b.time.reset();
    b.spectrum.reset();
    b.time_size = b.spectrum_size = 0;  // until both are allocated
    b.time = fftw_buffer<double>(new_time);
    b.spectrum = fftw_buffer<fftw_complex>(new_spectrum);
    b.time_size = new_time;
    b.spectrum_size = new_spectrum;
  }
  if (b.plans && b.length == length) return;
  b.plans = cached_plans(length, b.time.get(), b.spectrum.get());
  b.length = length;
}

double* FftColumns::time(Eigen::Index column) {
  return impl_->time.get() + static_cast<std::size_t>(column) * impl_->time_step;
}

std::complex<double>* FftColumns::spectrum(Eigen::Index column) {
  return reinterpret_cast<std::complex<double>*>(
      impl_->spectrum.get() + static_cast<std::size_t>(column) * impl_->spectrum_step);
}

void FftColumns::forward(Eigen::Index column) {
  fftw_execute_dft_r2c(impl_->plans->forward.get(), time(column),
                       reinterpret_cast<fftw_complex*>(spectrum(column)));
}

void FftColumns::inverse(Eigen::Index column) {
  fftw_execute_dft_c2r(impl_->plans->inverse.get(),
                       reinterpret_cast<fftw_complex*>(spectrum(column)), time(column));
}

std::size_t FftColumns::bytes() const {
  return impl_->time_size * sizeof(double) + impl_->spectrum_size * sizeof(fftw_complex);
}

std::string fft_wisdom_path() {
  const char* cache = std::getenv("XDG_CACHE_HOME");
  if (cache && *cache) return std::string(cache) + "/sethkit/fftw-wisdom";
  const char* home = std::getenv("HOME");
  if (home && *home) return std::string(home) + "/.cache/sethkit/fftw-wisdom";
  return "";
}

FftPlanCounts fft_plan_counts() {
  return {plans_measured.load(), plans_estimated.load()};
}

void tune_fft_plans(std::int64_t points, const std::string& path,
                    const std::function<void(std::size_t, std::size_t)>& progress,
                    FftEffort effort) {
  const unsigned flags = effort == FftEffort::kPatient ? FFTW_PATIENT : FFTW_MEASURE;
  require(!path.empty(), "tune: no path for the FFTW wisdom");
  const std::vector<std::int64_t> lengths = fft_lengths_up_to(points);
  const int longest = static_cast<int>(lengths.back());
  FftwBuffer<double> time = fftw_buffer<double>(time_stride(longest));
  FftwBuffer<fftw_complex> spectrum = fftw_buffer<fftw_complex>(spectrum_stride(longest));
  for (std::size_t k = 0; k < lengths.size(); ++k) {
    const int n = static_cast<int>(lengths[k]);
    bool planned = false;
#pragma omp critical(sethkit_fftw_planner)
    {
      // The planner runs the candidates on the arrays; the plans are kept as
      // wisdom, which serves FFTW_MEASURE requests whichever effort made it.
      fftw_plan f = fftw_plan_dft_r2c_1d(n, time.get(), spectrum.get(), flags);
      fftw_plan i = fftw_plan_dft_c2r_1d(n, spectrum.get(), time.get(), flags);
      planned = f != nullptr && i != nullptr;
      if (f) fftw_destroy_plan(f);
      if (i) fftw_destroy_plan(i);
    }
    require(planned, fmt::format("tune: FFTW could not plan transforms of length {}", n));
    if (progress) progress(k + 1, lengths.size());
  }
  std::string text;
#pragma omp critical(sethkit_fftw_planner)
  {
    char* exported = fftw_export_wisdom_to_string();
    if (exported) {
      text = exported;
      fftw_free(exported);
    }
  }
  require(!text.empty(), "tune: FFTW exported no wisdom");
  {
    // Plans made from here on come from the measured wisdom.
    PlanCache& cache = plan_cache();
    const std::lock_guard lock(cache.mutex);
    cache.by_length.clear();
  }
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  std::error_code ec;
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  require(!ec, fmt::format("{}: cannot create its folder: {}", path, ec.message()));
  write_file_atomic(path, text);
}

}  // namespace sethkit
