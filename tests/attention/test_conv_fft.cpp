// The conv basis's FFTs (attention/conv_fft.hpp; docs/conv_basis.md,
// "Transform lengths and plans"): the ladder of lengths against a
// brute-force definition, column transforms against a direct DFT at every
// column of a batch, and measured plans written as wisdom and used.
#include <catch2/catch.hpp>
#include <cmath>
#include <complex>
#include <filesystem>
#include <numbers>

#include "attention/conv_fft.hpp"
#include "core/error.hpp"
#include "core/file_io.hpp"
#include "core/rng.hpp"
#include "test_seed.hpp"

using namespace sethkit;

namespace {
// x >= 8, even, and 2^a * m for m in {8, 9, 10, 12, 14}.
bool on_ladder(std::int64_t x) {
  if (x < 8 || x % 2) return false;
  while (x >= 16 && x % 2 == 0) x /= 2;
  return x == 8 || x == 9 || x == 10 || x == 12 || x == 14;
}
}  // namespace

TEST_CASE("conv transform lengths are the least ladder lengths", "[conv]") {
  std::int64_t want = 8;
  for (std::int64_t at_least = 1; at_least <= 5000; ++at_least) {
    while (want < at_least || !on_ladder(want)) ++want;
    INFO(at_least);
    CHECK(fft_length(at_least) == want);
  }
  CHECK(fft_length(9 * 1024 + 1) == 10 * 1024);
  CHECK(fft_length(std::int64_t{1} << 30) == std::int64_t{1} << 30);
  CHECK_THROWS_WITH(fft_length(0), Catch::Contains("no transform length"));
  std::vector<std::int64_t> ladder;
  for (std::int64_t x = 1; x <= fft_length(3000); ++x)
    if (on_ladder(x)) ladder.push_back(x);
  CHECK(fft_lengths_up_to(3000) == ladder);
  CHECK(fft_lengths_up_to(3000).back() == fft_length(3000));
}

TEST_CASE("conv column transforms are the DFT at every column of a batch", "[conv]") {
  Rng rng(test::test_seed("conv fft columns", 5));
  FftColumns fft;
  for (const int length : {8, 18, 28, 40, 8}) {  // 8 again: its kept plans
    const Eigen::Index batch = 3;
    fft.ready(length, batch);
    std::vector<std::vector<double>> x(batch);
    for (Eigen::Index c = 0; c < batch; ++c) {
      for (int t = 0; t < length; ++t) x[c].push_back(2 * rng.uniform01() - 1);
      std::copy(x[c].begin(), x[c].end(), fft.time(c));
    }
    for (Eigen::Index c = 0; c < batch; ++c) fft.forward(c);
    for (Eigen::Index c = 0; c < batch; ++c)
      for (int f = 0; f <= length / 2; ++f) {
        std::complex<double> want = 0;
        for (int t = 0; t < length; ++t)
          want += x[c][t] * std::polar(1.0, -2 * std::numbers::pi * f * t / length);
        INFO("length " << length << " column " << c << " frequency " << f);
        CHECK(std::abs(fft.spectrum(c)[f] - want) < 1e-12 * length);
      }
    for (Eigen::Index c = 0; c < batch; ++c) fft.inverse(c);  // unnormalised: length * x
    for (Eigen::Index c = 0; c < batch; ++c)
      for (int t = 0; t < length; ++t) CHECK(std::abs(fft.time(c)[t] - length * x[c][t]) < 1e-11);
  }
  CHECK(fft.bytes() >= 3 * (40 * sizeof(double) + 21 * 2 * sizeof(double)));
}

TEST_CASE("measured FFT plans are written as wisdom and used by later plans", "[conv]") {
  const auto dir = std::filesystem::temp_directory_path() / "sethkit_test_fft_wisdom";
  std::filesystem::remove_all(dir);
  const std::string path = (dir / "fftw-wisdom").string();
  std::size_t calls = 0, total = 0;
  tune_fft_plans(60, path, [&](std::size_t done, std::size_t of) {
    ++calls;
    CHECK(done == calls);
    total = of;
  });
  CHECK(total == fft_lengths_up_to(60).size());
  CHECK(calls == total);
  const std::string text = read_text_file(path);
  CHECK(text.find("fftw_wisdom") != std::string::npos);
  CHECK(std::filesystem::directory_iterator(dir) != std::filesystem::directory_iterator());
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir)) ++files;
  CHECK(files == 1);  // no temporary left
  // This process now holds the measured plans: a fresh workspace's come from them.
  const FftPlanCounts before = fft_plan_counts();
  FftColumns fft;
  fft.ready(56, 1);
  const FftPlanCounts after = fft_plan_counts();
  CHECK(after.measured == before.measured + 2);
  CHECK(after.estimated == before.estimated);
  // A length off the ladder is never measured: it is estimated.
  fft.ready(5002, 1);
  CHECK(fft_plan_counts().estimated == after.estimated + 2);
  std::filesystem::remove_all(dir);
  CHECK_THROWS_WITH(tune_fft_plans(60, ""), Catch::Contains("no path"));
}

TEST_CASE("FFTW_PATIENT's wisdom serves the plans made afterwards", "[conv]") {
  const auto dir = std::filesystem::temp_directory_path() / "sethkit_test_fft_patient";
  std::filesystem::remove_all(dir);
  const std::string path = (dir / "fftw-wisdom").string();
  // Lengths 72 to 320: above the other test's, so only this search makes them.
  FftColumns before_tuning;
  before_tuning.ready(288, 1);
  const FftPlanCounts before = fft_plan_counts();
  tune_fft_plans(300, path, {}, FftEffort::kPatient);
  CHECK(read_text_file(path).find("fftw_wisdom") != std::string::npos);
  FftColumns fft;
  fft.ready(288, 1);  // not the cached estimated plans: tuning cleared the cache
  CHECK(fft_plan_counts().measured == before.measured + 2);
  CHECK(fft_plan_counts().estimated == before.estimated);
  std::filesystem::remove_all(dir);
}
