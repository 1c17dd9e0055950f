// Reading whole input files and writing output files atomically.
//
// read_text_file: a path or "-" for standard input, decompressed when its
// first bytes announce gzip, xz, bzip2 or zstd (core/archive_input.hpp,
// whatever the name); a missing or unreadable file is an InputError that
// names it. Every read stops at its byte limit (default: the budget's input
// limit, core/budget.hpp) before buffering more, whether or not the size is
// known in advance (pipes, devices, standard input, decompressed streams).
// AtomicOutput: writes to a temporary file beside the target and renames it
// into place on commit(), so an interrupted or failed run leaves no
// half-written file (docs/formats.md, "All or none"); the temporary file is
// removed on SIGINT/SIGTERM (core/cleanup.hpp) and the output gets the mode
// 0666 & ~umask, or the replaced file's mode. "-" writes to standard output.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "core/cleanup.hpp"

namespace sethkit {

// The bytes of a file, decompressed, at most `max_bytes` of them (0: input_byte_limit()).
std::string read_text_file(const std::string& path, std::uint64_t max_bytes = 0);
// The bytes as stored, never decompressed (an archive's reader takes them).
std::string read_stored_file(const std::string& path, std::uint64_t max_bytes = 0);

class AtomicOutput {
 public:
  explicit AtomicOutput(std::string path);
  ~AtomicOutput();  // removes the temporary file unless commit() succeeded
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  std::ostream& stream();
  // Flushes, checks the stream and renames the temporary file into place.
  void commit();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::string temp_path_;
  std::unique_ptr<std::ostream> file_;
  bool to_stdout_ = false;
  bool committed_ = false;
  TempPathGuard guard_;
};

// Writes `content` to `path` atomically.
void write_file_atomic(const std::string& path, const std::string& content);

// Writes every (file name, bytes) pair into directory `dir` (created if
// missing): all files go to temporaries first and are renamed into place only
// when every one of them is complete, so a failure leaves none of them behind.
// "-" is refused: a folder of files cannot be standard output. Whether an
// existing folder may be written into is the caller's decision, made before
// its work (reduce's --force, the sweeps' --resume and --force).
void write_files_atomic(const std::string& dir,
                        const std::vector<std::pair<std::string, std::string>>& files);

// Hex SHA-256 of a byte string (OpenSSL), for content hashes in run bundles.
std::string sha256_hex(const std::string& bytes);

}  // namespace sethkit
