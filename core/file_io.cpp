#include "core/file_io.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <vector>

#include <fmt/format.h>

#include "core/archive_input.hpp"
#include "core/budget.hpp"
#include "core/error.hpp"

namespace sethkit {

namespace {
// Reads `fd` to its end, refusing as soon as more than `max_bytes` arrive.
std::string read_bounded(int fd, const std::string& name, std::uint64_t max_bytes,
                         std::uint64_t size_hint) {
  std::string out;
  if (size_hint > 0) out.reserve(static_cast<std::size_t>(std::min(size_hint, max_bytes)));
  char buffer[1 << 16];
  for (;;) {
    const ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got < 0) {
      if (errno == EINTR) continue;
      throw InputError(name, fmt::format("read error: {}", std::strerror(errno)));
    }
    if (got == 0) break;
    if (out.size() + static_cast<std::uint64_t>(got) > max_bytes)
      throw InputError(name, fmt::format("input exceeds the limit of {} ({} bytes; a quarter of "
                                         "the memory budget, raise it with --max-memory)",
                                         format_bytes(max_bytes), max_bytes));
    out.append(buffer, static_cast<std::size_t>(got));
  }
  return out;
}
}  // namespace

namespace {
// The bytes as stored: a file or standard input, at most `max_bytes`.
std::string read_stored(const std::string& path, std::uint64_t max_bytes) {
  if (path == "-") return read_bounded(STDIN_FILENO, "<stdin>", max_bytes, 0);
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw InputError(path, "expected a file, found a directory");
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw InputError(path, fmt::format("cannot open file: {}", std::strerror(errno)));
  struct stat st {};
  std::uint64_t size = 0;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
    size = static_cast<std::uint64_t>(st.st_size);
    if (size > max_bytes) {
      ::close(fd);
      throw InputError(path, fmt::format("file has {} bytes, above the limit of {} ({} bytes; "
                                         "raise it with --max-memory)",
                                         size, format_bytes(max_bytes), max_bytes));
    }
  }
  try {
    std::string out = read_bounded(fd, path, max_bytes, size);
    ::close(fd);
    return out;
  } catch (...) {
    ::close(fd);
    throw;
  }
}
}  // namespace

std::string read_stored_file(const std::string& path, std::uint64_t max_bytes) {
  return read_stored(path, max_bytes == 0 ? input_byte_limit() : max_bytes);
}

std::string read_text_file(const std::string& path, std::uint64_t max_bytes) {
  if (max_bytes == 0) max_bytes = input_byte_limit();
  std::string stored = read_stored(path, max_bytes);
  const Compression compression = detect_compression(stored);
  if (compression == Compression::kNone) return stored;
  return decompress(stored, compression, path == "-" ? "<stdin>" : path, max_bytes);
}

namespace {
// The mode a new output file gets: 0666 & ~umask, or that of the file it replaces.
mode_t output_mode(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode)) return st.st_mode & 07777;
  static const mode_t mask = [] {
    const mode_t m = ::umask(0);
    ::umask(m);
    return m;
  }();
  return 0666 & ~mask;
}
}  // namespace

AtomicOutput::AtomicOutput(std::string path) : path_(std::move(path)) {
  if (path_ == "-") {
    to_stdout_ = true;
    return;
  }
  const std::filesystem::path target(path_);
  if (std::filesystem::is_directory(target))
    throw InputError(path_, "cannot write output: the path is a directory");
  const auto dir = target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
  std::string pattern = (dir / (target.filename().string() + ".tmp.XXXXXX")).string();
  const mode_t mode = output_mode(path_);
  int fd = -1;
  {
    const CleanupSignalsHeld held;  // the file exists only registered
    fd = mkstemp(pattern.data());
    if (fd >= 0) guard_ = TempPathGuard(pattern, false);
  }
  if (fd < 0) throw InputError(path_, fmt::format("cannot write output: {}", std::strerror(errno)));
  const bool moded = ::fchmod(fd, mode) == 0;
  ::close(fd);
  temp_path_ = pattern;
  if (!moded) {
    std::remove(temp_path_.c_str());
    throw InputError(path_, fmt::format("cannot write output: {}", std::strerror(errno)));
  }
  file_ = std::make_unique<std::ofstream>(temp_path_, std::ios::binary | std::ios::trunc);
  if (!*file_) {
    std::remove(temp_path_.c_str());
    throw InputError(path_, "cannot write output: cannot open a temporary file beside it");
  }
}

AtomicOutput::~AtomicOutput() {
  if (!to_stdout_ && !committed_) {
    file_.reset();
    std::remove(temp_path_.c_str());
  }
  guard_.release();
}

std::ostream& AtomicOutput::stream() {
  return to_stdout_ ? std::cout : *file_;
}

void AtomicOutput::commit() {
  if (to_stdout_) {
    std::cout.flush();
    committed_ = true;
    return;
  }
  auto* out = static_cast<std::ofstream*>(file_.get());
  out->flush();
  const bool ok = static_cast<bool>(*out);
  out->close();
  if (!ok || out->fail()) throw InputError(path_, "cannot write output: write failed (disk full?)");
  if (std::rename(temp_path_.c_str(), path_.c_str()) != 0)
    throw InputError(path_, fmt::format("cannot write output: {}", std::strerror(errno)));
  committed_ = true;
  guard_.release();
}

void write_file_atomic(const std::string& path, const std::string& content) {
  AtomicOutput out(path);
  out.stream().write(content.data(), static_cast<std::streamsize>(content.size()));
  out.commit();
}

void write_files_atomic(const std::string& dir,
                        const std::vector<std::pair<std::string, std::string>>& files) {
  if (dir == "-")
    throw InputError(dir,
                     "this output is a folder of files; standard output cannot hold it, "
                     "name a folder");
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw InputError(dir, fmt::format("cannot create output directory: {}", ec.message()));
  std::vector<std::unique_ptr<AtomicOutput>> outputs;
  for (const auto& [name, bytes] : files) {
    outputs.push_back(std::make_unique<AtomicOutput>((std::filesystem::path(dir) / name).string()));
    outputs.back()->stream().write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  for (auto& out : outputs) out->commit();
}

std::string sha256_hex(const std::string& bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &len, EVP_sha256(), nullptr) != 1)
    throw Error("SHA-256 computation failed");
  std::string hex;
  for (unsigned int i = 0; i < len; ++i) hex += fmt::format("{:02x}", digest[i]);
  return hex;
}

}  // namespace sethkit
