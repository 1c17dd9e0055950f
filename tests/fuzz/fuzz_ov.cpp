// Fuzz target: the OV text reader (core/ov_format.hpp), lenient and strict.
// Any input either parses or is refused with an InputError.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/error.hpp"
#include "core/ov_format.hpp"
#include "fuzz_limits.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  for (const bool strict : {false, true}) {
    sethkit::OvReadOptions options;
    options.strict = strict;
    options.limits = sethkit::fuzz::limits();
    try {
      sethkit::parse_ov(text, "fuzz.ov", options);
    } catch (const sethkit::InputError&) {
    }
  }
  return 0;
}
