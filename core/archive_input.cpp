#include "core/archive_input.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <fmt/format.h>

#include <memory>

#include "core/budget.hpp"
#include "core/error.hpp"

namespace sethkit {

namespace {
using ArchivePtr = std::unique_ptr<archive, decltype(&archive_read_free)>;

std::string archive_message(archive* a) {
  const char* text = archive_error_string(a);
  return text != nullptr ? text : "unknown libarchive error";
}

// Appends the current entry's data to `out`, refusing past `max_bytes` in all
// (with `before` bytes of earlier entries).
void read_entry(archive* a, std::string& out, const std::string& name, std::uint64_t max_bytes,
                std::uint64_t before, const char* what) {
  char buffer[1 << 16];
  for (;;) {
    const la_ssize_t got = archive_read_data(a, buffer, sizeof buffer);
    if (got == 0) return;
    if (got < 0)
      throw InputError(name, fmt::format("corrupt {} data: {}", what, archive_message(a)));
    if (before + out.size() + static_cast<std::uint64_t>(got) > max_bytes)
      throw InputError(name, fmt::format("decompressed size exceeds the limit of {} ({} bytes; "
                                         "raise it with --max-memory)",
                                         format_bytes(max_bytes), max_bytes));
    out.append(buffer, static_cast<std::size_t>(got));
  }
}

// `what`: "xz", "gzip", ... for a compressed stream, null for a zip archive.
ArchivePtr open_memory(const std::string& bytes, const char* what, const std::string& name) {
  const bool zip = what == nullptr;
  ArchivePtr a(archive_read_new(), &archive_read_free);
  if (!a) throw Error("libarchive: out of memory");
  if (zip) {
    archive_read_support_format_zip(a.get());
  } else {
    archive_read_support_filter_all(a.get());
    archive_read_support_format_raw(a.get());
  }
  if (archive_read_open_memory(a.get(), bytes.data(), bytes.size()) != ARCHIVE_OK)
    throw InputError(name,
                     zip ? fmt::format("damaged zip archive: {}", archive_message(a.get()))
                         : fmt::format("corrupt {} data: {}", what, archive_message(a.get())));
  return a;
}
}  // namespace

const char* to_string(Compression c) {
  switch (c) {
    case Compression::kGzip:
      return "gzip";
    case Compression::kXz:
      return "xz";
    case Compression::kBzip2:
      return "bzip2";
    case Compression::kZstd:
      return "zstd";
    case Compression::kNone:
      break;
  }
  return "none";
}

Compression detect_compression(std::string_view h) {
  if (h.size() >= 2 && h.substr(0, 2) == "\x1f\x8b") return Compression::kGzip;
  if (h.size() >= 6 && h.substr(0, 6) == std::string_view("\xfd"
                                                          "7zXZ\0",
                                                          6))
    return Compression::kXz;
  if (h.size() >= 4 && h.substr(0, 3) == "BZh" && h[3] >= '1' && h[3] <= '9')
    return Compression::kBzip2;
  if (h.size() >= 4 && h.substr(0, 4) == "\x28\xb5\x2f\xfd") return Compression::kZstd;
  return Compression::kNone;
}

bool is_zip(std::string_view h) {
  return h.size() >= 4 && (h.substr(0, 4) == "PK\x03\x04" || h.substr(0, 4) == "PK\x05\x06");
}

std::string decompress(const std::string& bytes, Compression compression, const std::string& name,
                       std::uint64_t max_bytes) {
  const ArchivePtr a = open_memory(bytes, to_string(compression), name);
  archive_entry* entry = nullptr;
  const int status = archive_read_next_header(a.get(), &entry);
  std::string out;
  if (status == ARCHIVE_EOF) return out;  // an empty stream
  if (status != ARCHIVE_OK && status != ARCHIVE_WARN)
    throw InputError(
        name, fmt::format("corrupt {} data: {}", to_string(compression), archive_message(a.get())));
  read_entry(a.get(), out, name, max_bytes, 0, to_string(compression));
  return out;
}

std::vector<std::pair<std::string, std::string>> zip_members(const std::string& bytes,
                                                             const std::string& name,
                                                             std::uint64_t max_bytes) {
  const ArchivePtr a = open_memory(bytes, nullptr, name);
  std::vector<std::pair<std::string, std::string>> members;
  std::uint64_t total = 0;
  archive_entry* entry = nullptr;
  for (;;) {
    const int status = archive_read_next_header(a.get(), &entry);
    if (status == ARCHIVE_EOF) break;
    if (status != ARCHIVE_OK && status != ARCHIVE_WARN)
      throw InputError(name, fmt::format("damaged zip archive: {}", archive_message(a.get())));
    const char* path = archive_entry_pathname(entry);
    std::string data;
    read_entry(a.get(), data, name, max_bytes, total, "zip member");
    total += data.size();
    members.emplace_back(path != nullptr ? path : "", std::move(data));
  }
  return members;
}

}  // namespace sethkit
