#include "core/cleanup.hpp"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <mutex>

namespace sethkit {

namespace {
constexpr int kSlots = 256;
constexpr std::size_t kPathMax = 4096;

struct Slot {
  std::atomic<bool> used{false};
  std::atomic<bool> directory{false};
  std::atomic<unsigned long> order{0};
  char path[kPathMax];
};

Slot g_slots[kSlots];
std::atomic<unsigned long> g_next_order{1};
std::mutex g_register_mutex;

extern "C" void remove_registered_and_reraise(int sig) {
  // Newest first: files inside a folder were registered after it.
  for (;;) {
    int newest = -1;
    unsigned long best = 0;
    for (int i = 0; i < kSlots; ++i)
      if (g_slots[i].used.load() && g_slots[i].order.load() > best) {
        best = g_slots[i].order.load();
        newest = i;
      }
    if (newest < 0) break;
    Slot& s = g_slots[newest];
    if (s.directory.load())
      ::rmdir(s.path);
    else
      ::unlink(s.path);
    s.used.store(false);
  }
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}
}  // namespace

void install_cleanup_handlers() {
  static std::once_flag once;
  std::call_once(once, [] {
    struct sigaction action {};
    action.sa_handler = remove_registered_and_reraise;
    sigemptyset(&action.sa_mask);
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&action.sa_mask, sig);
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
      struct sigaction old {};
      sigaction(sig, nullptr, &old);
      if (old.sa_handler == SIG_IGN) continue;  // e.g. started under nohup
      sigaction(sig, &action, nullptr);
    }
  });
}

CleanupSignalsHeld::CleanupSignalsHeld() {
  sigset_t held;
  sigemptyset(&held);
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&held, sig);
  pthread_sigmask(SIG_BLOCK, &held, &previous_);
}

CleanupSignalsHeld::~CleanupSignalsHeld() {
  pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
}

TempPathGuard::TempPathGuard(const std::string& path, bool is_directory) {
  if (path.size() + 1 > kPathMax) return;
  std::lock_guard<std::mutex> lock(g_register_mutex);
  for (int i = 0; i < kSlots; ++i) {
    if (g_slots[i].used.load()) continue;
    std::memcpy(g_slots[i].path, path.c_str(), path.size() + 1);
    g_slots[i].directory.store(is_directory);
    g_slots[i].order.store(g_next_order.fetch_add(1));
    g_slots[i].used.store(true);
    slot_ = i;
    return;
  }
}

TempPathGuard::~TempPathGuard() {
  release();
}

TempPathGuard::TempPathGuard(TempPathGuard&& other) noexcept : slot_(other.slot_) {
  other.slot_ = -1;
}

TempPathGuard& TempPathGuard::operator=(TempPathGuard&& other) noexcept {
  if (this != &other) {
    release();
    slot_ = other.slot_;
    other.slot_ = -1;
  }
  return *this;
}

void TempPathGuard::release() {
  if (slot_ < 0) return;
  std::lock_guard<std::mutex> lock(g_register_mutex);
  g_slots[slot_].used.store(false);
  slot_ = -1;
}

}  // namespace sethkit
