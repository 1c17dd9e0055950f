// `sethkit tune fft [--max-n N] [-o FILE] [--json F]` (docs/conv_basis.md,
// "Transform lengths and plans"): measures FFTW's plans for every transform
// length the conv basis uses up to n = N (attention/conv_fft.hpp) and saves
// them as FFTW wisdom, read by every later run of the `conv` backend.
#include <fmt/format.h>

#include <cstdio>
#include <memory>
#include <numeric>
#include <string>

#include "attention/conv_fft.hpp"
#include "cli/commands.hpp"
#include "cli/json_output.hpp"
#include "core/budget.hpp"
#include "core/error.hpp"
#include "core/progress.hpp"
#include "core/stopwatch.hpp"

namespace sethkit::cli {

namespace {
// FFTW_MEASURE's planning time per point of a length, both directions: 40 to
// 55 microseconds on one x86-64 core (2^17 to 3 * 2^16 points); FFTW_PATIENT's
// 780 (26 min for every length up to 2^18 points).
constexpr double kSecondsPerPoint = 50e-6;
constexpr double kPatientSecondsPerPoint = 800e-6;

struct TuneArgs {
  std::int64_t max_n = 65536;
  bool patient = false;
  std::string out, json;
};

void run_tune_fft(const TuneArgs& args) {
  const std::string path = args.out.empty() ? fft_wisdom_path() : args.out;
  require(!path.empty(), "tune: neither XDG_CACHE_HOME nor HOME is set; name the file with -o");
  // The longest transform: a region of the whole sequence, 2n - 1 terms.
  const std::int64_t points = 2 * args.max_n - 1;
  const std::vector<std::int64_t> lengths = fft_lengths_up_to(points);
  const char* planner = args.patient ? "FFTW_PATIENT" : "FFTW_MEASURE";
  const double estimate =
      (args.patient ? kPatientSecondsPerPoint : kSecondsPerPoint) *
      static_cast<double>(std::accumulate(lengths.begin(), lengths.end(), std::int64_t{0}));
  if (process_budget().max_seconds > 0 && estimate > process_budget().max_seconds)
    throw ContractError(fmt::format(
        "refused before starting: measuring {} lengths up to {} points takes about {}, above the "
        "time budget of {} (--max-seconds)",
        lengths.size(), lengths.back(), format_seconds(estimate),
        format_seconds(process_budget().max_seconds)));
  if (progress_enabled())
    fmt::print(stderr,
               "tune: plan: {} on {} transform lengths up to {} points, about {}; writing {}\n",
               planner, lengths.size(), lengths.back(), format_seconds(estimate), path);
  std::fflush(stderr);
  Stopwatch watch;
  ProgressLine progress("tune fft");
  tune_fft_plans(
      points, path, [&](std::size_t done, std::size_t total) { progress.update(done, total); },
      args.patient ? FftEffort::kPatient : FftEffort::kMeasure);
  progress.finish();
  const double seconds = watch.seconds();
  fmt::print(stderr, "wrote {}: FFTW wisdom for {} lengths from {} to {} points, measured in {}\n",
             path, lengths.size(), lengths.front(), lengths.back(), format_seconds(seconds));
  emit_json(args.json, "tune", 1,
            {{"tool", tool_json()},
             {"wisdom", path},
             {"max_n", args.max_n},
             {"planner", planner},
             {"lengths", lengths},
             {"seconds", seconds}});
}
}  // namespace

void add_tune_command(CLI::App& app, int& exit_code) {
  auto* tune = app.add_subcommand("tune", "Measure this machine's fastest plans for a backend");
  tune->require_subcommand(1);
  auto args = std::make_shared<TuneArgs>();
  auto* fft = tune->add_subcommand(
      "fft",
      "Measure FFTW's plans for the conv backend's transform lengths up to n = N and save them as "
      "FFTW wisdom, used by every later run (SETHKIT_FFTW_WISDOM names another file to read)");
  fft->add_option("--max-n", args->max_n, "The longest sequence the plans are for")
      ->check(CLI::Range(std::int64_t{4}, std::int64_t{1} << 24));
  fft->add_flag("--patient", args->patient,
                "Search with FFTW_PATIENT: about 15 times as long as the default FFTW_MEASURE, "
                "faster plans for transforms that outgrow the caches");
  fft->add_option("-o,--out", args->out,
                  "Where to write the wisdom (default: $XDG_CACHE_HOME/sethkit/fftw-wisdom, else "
                  "~/.cache/sethkit/fftw-wisdom, the file read when SETHKIT_FFTW_WISDOM is unset)");
  add_json_option(*fft, args->json, "The lengths measured, the file and the time");
  fft->callback([args, &exit_code] {
    run_tune_fft(*args);
    exit_code = kExitOk;
  });
}

}  // namespace sethkit::cli
