// Removing temporary files and folders when a run is interrupted
// (docs/cli.md, "Interrupted runs").
//
// A temporary path is registered while it exists; on SIGINT, SIGTERM or
// SIGHUP the handler unlinks every registered file and removes every
// registered (then empty) folder, newest first, restores the default action
// and re-raises the signal, so the process still dies of it and its parent
// sees why. The handler uses only async-signal-safe calls (unlink, rmdir,
// signal, raise) on a fixed table of paths copied at registration.
#pragma once

#include <signal.h>

#include <string>

namespace sethkit {

// Installs the handler (idempotent). main() calls it once.
void install_cleanup_handlers();

// A registration that lasts as long as the object: the path is removed by the
// handler if a signal arrives before the object is destroyed or released.
class TempPathGuard {
 public:
  TempPathGuard() = default;
  TempPathGuard(const std::string& path, bool is_directory);
  ~TempPathGuard();
  TempPathGuard(TempPathGuard&& other) noexcept;
  TempPathGuard& operator=(TempPathGuard&& other) noexcept;
  TempPathGuard(const TempPathGuard&) = delete;
  TempPathGuard& operator=(const TempPathGuard&) = delete;

  // Stops watching the path (after it was renamed into place or removed).
  void release();

 private:
  int slot_ = -1;
};

// Holds SIGINT, SIGTERM and SIGHUP back in this thread for its lifetime, so
// that creating a path whose name is chosen on creation (mkstemp, mkdtemp)
// and registering it is one step: a signal in between would find the path
// made but not yet registered, and leave it behind. A signal that arrives
// meanwhile is delivered when the object goes.
class CleanupSignalsHeld {
 public:
  CleanupSignalsHeld();
  ~CleanupSignalsHeld();
  CleanupSignalsHeld(const CleanupSignalsHeld&) = delete;
  CleanupSignalsHeld& operator=(const CleanupSignalsHeld&) = delete;

 private:
  sigset_t previous_;
};

}  // namespace sethkit
