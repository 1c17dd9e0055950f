// Fuzz target: compressed and archived input (core/archive_input.hpp) as
// every reader meets it: gzip, xz, bzip2 and zstd streams recognised by their
// magic and decompressed within the limit, zip archives (.npz) read member by
// member, and each member through the .npy reader and its N-D stacks.
// InputError is the only way to refuse.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/archive_input.hpp"
#include "core/error.hpp"
#include "core/npy.hpp"
#include "fuzz_limits.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  const auto limits = sethkit::fuzz::limits();
  try {
    if (sethkit::is_zip(bytes)) {
      for (const auto& [name, member] : sethkit::zip_members(bytes, "fuzz.npz", limits.max_bytes)) {
        try {
          const auto array = sethkit::parse_npy(member, "fuzz.npz:" + name, limits);
          sethkit::npy_to_stack(array, "fuzz.npz:" + name);
        } catch (const sethkit::InputError&) {
        }
      }
    } else if (const auto c = sethkit::detect_compression(bytes);
               c != sethkit::Compression::kNone) {
      sethkit::decompress(bytes, c, "fuzz.gz", limits.max_bytes);
    }
  } catch (const sethkit::InputError&) {
  }
  return 0;
}
