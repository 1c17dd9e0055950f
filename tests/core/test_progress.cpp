// Progress lines (core/progress.hpp) as a log file sees them: nothing for a
// loop under a second, then plain lines (no carriage return) at most every
// ten seconds, a closing line, the running time for work of unknown length,
// and nothing at all once progress is disabled (-q).
#include <unistd.h>
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

#include "core/progress.hpp"

using namespace sethkit;

namespace {
// Standard error goes to a file while `work` runs; returns what was written.
template <class Work>
std::string captured_stderr(Work work) {
  char path[] = "/tmp/sethkit-progress-XXXXXX";
  const int fd = ::mkstemp(path);
  REQUIRE(fd >= 0);
  std::fflush(stderr);
  const int saved = ::dup(STDERR_FILENO);
  ::dup2(fd, STDERR_FILENO);
  work();
  std::fflush(stderr);
  ::dup2(saved, STDERR_FILENO);
  ::close(saved);
  ::close(fd);
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  ::unlink(path);
  return text.str();
}

void wait_past_quiet_second() {
  std::this_thread::sleep_for(std::chrono::milliseconds(1050));
}
}  // namespace

TEST_CASE("Progress lines in a log: quiet for a second, then plain periodic lines", "[progress]") {
  const std::string quick = captured_stderr([] {
    ProgressLine line("blocks");
    for (std::size_t i = 1; i <= 10; ++i) line.update(i, 10);
  });
  CHECK(quick.empty());

  const std::string slow = captured_stderr([] {
    ProgressLine line("blocks");
    line.update(1, 10);
    wait_past_quiet_second();
    line.update(5, 10);
    line.update(6, 10);  // within ten seconds of the last line: not shown
    line.finish();
  });
  CHECK(slow.find('\r') == std::string::npos);
  CHECK_THAT(slow, Catch::StartsWith("blocks: 5/10 (50%), ") && Catch::Contains(" left\n") &&
                       Catch::EndsWith("\n"));
  CHECK(slow.find("blocks: 6/10 (60%)") != std::string::npos);  // the closing line
  CHECK(std::count(slow.begin(), slow.end(), '\n') == 2);
}

TEST_CASE("Work of unknown length shows its running time", "[progress]") {
  const std::string text = captured_stderr([] {
    ProgressLine line("CaDiCaL");
    wait_past_quiet_second();
    line.running("time limit 5 s");
  });
  CHECK_THAT(text,
             Catch::StartsWith("CaDiCaL: running for 1") && Catch::Contains("time limit 5 s\n"));
}

TEST_CASE("Disabled progress (-q) prints nothing", "[progress]") {
  set_progress_enabled(false);
  const std::string text = captured_stderr([] {
    ProgressLine line("blocks");
    wait_past_quiet_second();
    line.update(5, 10);
    line.running("no time limit");
  });
  set_progress_enabled(true);
  CHECK(text.empty());
}
