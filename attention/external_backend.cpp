#include "attention/external_backend.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <thread>
#include <vector>

#include "core/cleanup.hpp"
#include "core/error.hpp"
#include "core/npy.hpp"

namespace sethkit {

namespace {
namespace fs = std::filesystem;

// A private folder, removed with everything in it when the guard goes, and
// with the files the protocol names in it on SIGINT or SIGTERM (core/cleanup.hpp).
class TempFolder {
 public:
  TempFolder() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = fmt::format("{}/sethkit-oracle-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    {
      const CleanupSignalsHeld held;  // the folder exists only registered
      if (mkdtemp(pattern.data()) == nullptr)
        throw ContractError(
            fmt::format("external oracle: cannot create a temporary folder {}", pattern));
      guards_.emplace_back(pattern, true);
    }
    path_ = pattern;
    for (const char* name : {"q.npy", "k.npy", "v.npy", "out.npy", "lse.npy"})
      guards_.emplace_back(file(name), false);
  }
  ~TempFolder() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
    guards_.clear();
  }
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;
  std::string file(const std::string& name) const { return path_ + "/" + name; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::vector<TempPathGuard> guards_;
};

std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

std::string substitute(std::string command, const std::string& key, const std::string& value) {
  const std::string token = "{" + key + "}";
  for (std::size_t at = command.find(token); at != std::string::npos;
       at = command.find(token, at + value.size()))
    command.replace(at, token.size(), value);
  return command;
}

// Runs `/bin/sh -c command` in its own process group, its output relayed to
// standard error; returns its exit status, throws on a time-out.
int run_command(const std::string& command, const std::string& shown, double limit_s) {
  std::fflush(nullptr);
  const pid_t pid = fork();
  if (pid < 0) throw ContractError(fmt::format("external oracle '{}': cannot fork", shown));
  if (pid == 0) {
    setpgid(0, 0);
    dup2(STDERR_FILENO, STDOUT_FILENO);  // our standard output stays the report's
    execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  setpgid(pid, pid);
  const auto start = std::chrono::steady_clock::now();
  auto pause = std::chrono::milliseconds(1);
  for (;;) {
    int status = 0;
    const pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) {
      if (WIFEXITED(status)) return WEXITSTATUS(status);
      return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
    }
    if (std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() > limit_s) {
      kill(-pid, SIGTERM);
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      kill(-pid, SIGKILL);
      waitpid(pid, &status, 0);
      throw ContractError(
          fmt::format("external oracle '{}': no answer within the time limit of {:g} s; stopped",
                      shown, limit_s));
    }
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(50));
  }
}

Matrix read_answer(const std::string& path, const std::string& role, const std::string& shown,
                   Eigen::Index rows, Eigen::Index cols, bool vector) {
  if (!fs::exists(path))
    throw ContractError(
        fmt::format("external oracle '{}': exited 0 but wrote no {} file", shown, role));
  NpyArray a;
  try {
    a = read_npy(path);
  } catch (const Error& e) {
    throw ContractError(fmt::format("external oracle '{}': its {} is not a readable .npy ({})",
                                    shown, role, e.what()));
  }
  if (a.dtype != NpyDtype::kFloat32 && a.dtype != NpyDtype::kFloat64)
    throw ContractError(
        fmt::format("external oracle '{}': its {} has dtype {}; expected float32 or float64", shown,
                    role, npy_descr(a.dtype)));
  const std::vector<std::uint64_t> want =
      vector ? std::vector<std::uint64_t>{static_cast<std::uint64_t>(rows)}
             : std::vector<std::uint64_t>{static_cast<std::uint64_t>(rows),
                                          static_cast<std::uint64_t>(cols)};
  if (a.shape != want)
    throw ContractError(fmt::format("external oracle '{}': its {} has shape ({}); expected ({})",
                                    shown, role, fmt::join(a.shape, ", "), fmt::join(want, ", ")));
  Matrix m = npy_to_matrix(a, path);
  for (Eigen::Index i = 0; i < m.rows(); ++i)
    for (Eigen::Index j = 0; j < m.cols(); ++j)
      if (!std::isfinite(m(i, j)))
        throw ContractError(fmt::format(
            "external oracle '{}': its {} has a non-finite entry {} at row {}, column {}", shown,
            role, m(i, j), i, j));
  return m;
}
}  // namespace

ExternalBackend::ExternalBackend(ExternalParams params) : params_(std::move(params)) {
  require(params_.command.empty() || params_.command.find("{out}") != std::string::npos,
          fmt::format("external: the command '{}' has no {{out}}; it must write the output there",
                      params_.command));
  require(params_.time_limit_s > 0 && std::isfinite(params_.time_limit_s),
          fmt::format("external: the time limit must be a positive number of seconds, found {}",
                      params_.time_limit_s));
}

std::string ExternalBackend::description() const {
  return params_.command.empty()
             ? "any command as the oracle (--oracle-cmd), output read back and checked"
             : fmt::format("the command '{}', time limit {:g} s, output checked; error unknown",
                           params_.command, params_.time_limit_s);
}

Support ExternalBackend::supports(const AttentionShape& shape) const {
  if (params_.command.empty())
    return {false, "no command given: pass --oracle-cmd 'CMD {q} {k} {v} {out} {scale} {causal}'"};
  if (shape.n_k < 1) return {false, "needs at least one key"};
  return {};
}

AttentionOutput ExternalBackend::compute(const AttentionInput& in) const {
  const auto start = std::chrono::steady_clock::now();
  TempFolder dir;
  const std::string q = dir.file("q.npy"), k = dir.file("k.npy"), v = dir.file("v.npy");
  const std::string out = dir.file("out.npy"), lse = dir.file("lse.npy");
  write_npy(q, in.q);
  write_npy(k, in.k);
  write_npy(v, in.v);
  std::string command = params_.command;
  for (const auto& [key, value] : {std::pair<std::string, std::string>{"q", shell_quote(q)},
                                   {"k", shell_quote(k)},
                                   {"v", shell_quote(v)},
                                   {"out", shell_quote(out)},
                                   {"lse", shell_quote(lse)},
                                   {"dir", shell_quote(dir.path())},
                                   {"scale", fmt::format("{:.17g}", in.scale)},
                                   {"causal", in.causal ? "1" : "0"}})
    command = substitute(command, key, value);
  const std::string& shown = params_.command;
  const int status = run_command(command, shown, params_.time_limit_s);
  if (status == 127)
    throw ContractError(fmt::format(
        "external oracle '{}': exited 127 (command not found, or it could not be run)", shown));
  if (status != 0)
    throw ContractError(fmt::format("external oracle '{}': exited with status {}", shown, status));
  AttentionOutput result;
  result.out = read_answer(out, "output", shown, in.q.rows(), in.v.cols(), false);
  if (params_.command.find("{lse}") != std::string::npos && fs::exists(lse))
    result.lse = read_answer(lse, "log-sum-exp", shown, in.q.rows(), 1, true).col(0);
  result.error_bound = INFINITY;
  result.details = fmt::format("external command '{}'", shown);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace sethkit
