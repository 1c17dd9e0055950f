#include "core/progress.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdio>

#include <fmt/format.h>

#include "core/budget.hpp"

namespace sethkit {

namespace {
std::atomic<bool> g_enabled{true};
constexpr double kQuietSeconds = 1.0;    // nothing for a loop shorter than this
constexpr double kTerminalPeriod = 0.2;  // redraws on a terminal
constexpr double kLogPeriod = 10.0;      // plain lines elsewhere

double seconds_between(std::chrono::steady_clock::time_point a,
                       std::chrono::steady_clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}
}  // namespace

void set_progress_enabled(bool enabled) {
  g_enabled = enabled;
}

bool progress_enabled() {
  return g_enabled;
}

ProgressLine::ProgressLine(std::string label)
    : label_(std::move(label)),
      start_(Clock::now()),
      last_(start_),
      terminal_(::isatty(STDERR_FILENO) == 1) {}

ProgressLine::~ProgressLine() {
  finish();
}

std::string ProgressLine::text() const {
  const double elapsed = seconds_between(start_, Clock::now());
  if (unknown_length_)
    return fmt::format("{}: running for {}{}", label_, format_seconds(elapsed),
                       detail_.empty() ? "" : ", " + detail_);
  const double rate = elapsed > 0 ? static_cast<double>(done_) / elapsed : 0;
  std::string eta;
  if (rate > 0 && total_ > done_)
    eta = fmt::format(", {} left", format_seconds(static_cast<double>(total_ - done_) / rate));
  return fmt::format("{}: {}/{} ({:.0f}%), {:.3g} a second{}", label_, done_, total_,
                     total_ ? 100.0 * static_cast<double>(done_) / static_cast<double>(total_) : 0,
                     rate, eta);
}

void ProgressLine::update(std::size_t done, std::size_t total) {
  std::lock_guard<std::mutex> lock(draw_);
  draw(done, total);
}

void ProgressLine::advance(std::size_t total) {
  const std::size_t done = ++advanced_;
  if (!g_enabled || (done & 15) != 0) return;
  std::unique_lock<std::mutex> lock(draw_, std::try_to_lock);
  if (lock.owns_lock()) draw(done, total);
}

void ProgressLine::running(const std::string& detail) {
  if (!g_enabled) return;
  std::lock_guard<std::mutex> lock(draw_);
  unknown_length_ = true;
  detail_ = detail;
  show();
}

void ProgressLine::draw(std::size_t done, std::size_t total) {
  done_ = done;
  total_ = total;
  show();
}

void ProgressLine::show() {
  if (!g_enabled || finished_) return;
  const auto now = Clock::now();
  if (seconds_between(start_, now) < kQuietSeconds) return;
  if (seconds_between(last_, now) < (terminal_ ? kTerminalPeriod : kLogPeriod) && shown_) return;
  last_ = now;
  if (terminal_)
    fmt::print(stderr, "\r{}\033[K", text());
  else
    fmt::print(stderr, "{}\n", text());
  std::fflush(stderr);
  shown_ = true;
}

void ProgressLine::finish() {
  std::lock_guard<std::mutex> lock(draw_);
  if (finished_) return;
  finished_ = true;
  if (!g_enabled || !shown_) return;
  if (terminal_)
    fmt::print(stderr, "\r{}\033[K\n", text());
  else
    fmt::print(stderr, "{}\n", text());
}

}  // namespace sethkit
