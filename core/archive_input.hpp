// Compressed and archived input, recognised by content and read through
// libarchive (docs/formats.md, "Compressed input"): gzip, xz, bzip2 and
// zstd streams by their magic bytes, whatever the file is called and also on
// standard input; zip archives (NumPy's .npz) member by member. Every read
// stops at its byte limit as the data arrives, so a decompression bomb is
// refused at the limit rather than after filling memory.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sethkit {

enum class Compression { kNone, kGzip, kXz, kBzip2, kZstd };

// "gzip", "xz", "bzip2", "zstd"; "none".
const char* to_string(Compression compression);

// The compression the first bytes announce (kNone for anything else).
Compression detect_compression(std::string_view head);

// Whether the bytes start a zip archive ("PK\3\4", or "PK\5\6" when empty).
bool is_zip(std::string_view head);

// The decompressed bytes. InputError naming `name` for corrupt data or more
// than `max_bytes` of output.
std::string decompress(const std::string& bytes, Compression compression, const std::string& name,
                       std::uint64_t max_bytes);

// The (member name, bytes) pairs of a zip archive, in archive order; members
// are decompressed as they are read, with at most `max_bytes` in all.
// InputError naming `name` for a damaged archive or the limit.
std::vector<std::pair<std::string, std::string>> zip_members(const std::string& bytes,
                                                             const std::string& name,
                                                             std::uint64_t max_bytes);

}  // namespace sethkit
