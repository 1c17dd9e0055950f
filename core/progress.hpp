// Progress of a loop longer than a second (docs/cli.md, "Budgets and
// progress"), on standard error.
//
// On a terminal: one line redrawn in place (at most five times a second) with
// the count, the rate and the estimated time left. Elsewhere (a log file, a
// pipe): a plain line every ten seconds, never a carriage-return frame. A
// loop that ends within a second prints nothing. Work of unknown length shows
// the time it has run instead of a count. set_progress_enabled(false)
// (the commands' -q) silences every progress line.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>

namespace sethkit {

void set_progress_enabled(bool enabled);
bool progress_enabled();

class ProgressLine {
 public:
  explicit ProgressLine(std::string label);
  ~ProgressLine();
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  // `done` of `total` units finished.
  void update(std::size_t done, std::size_t total);
  // One more unit of `total` finished; safe to call from every thread of a
  // parallel loop (one of them draws, the others go on).
  void advance(std::size_t total);
  // For work of unknown length (a SAT solver's search): the time it has run
  // so far and `detail` ("time limit 60 s"), at the same pace as update().
  void running(const std::string& detail);
  // Ends the line (on a terminal) once anything was shown.
  void finish();

 private:
  using Clock = std::chrono::steady_clock;
  std::string label_;
  Clock::time_point start_, last_;
  bool terminal_ = false, shown_ = false, finished_ = false, unknown_length_ = false;
  std::string detail_;
  std::size_t done_ = 0, total_ = 0;
  std::atomic<std::size_t> advanced_{0};
  std::mutex draw_;
  std::string text() const;
  void draw(std::size_t done, std::size_t total);
  void show();
};

}  // namespace sethkit
