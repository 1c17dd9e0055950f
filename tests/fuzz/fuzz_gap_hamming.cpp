// Fuzz target: the Gap-Hamming reader (core/gap_hamming.hpp): the OV syntax
// with a 'p gap-hamming' header and labels, whose promise is then checked.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/error.hpp"
#include "core/gap_hamming.hpp"
#include "fuzz_limits.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  sethkit::OvReadOptions options;
  options.limits = sethkit::fuzz::limits();
  try {
    sethkit::parse_gap_hamming(text, "fuzz.gh", options);
  } catch (const sethkit::InputError&) {
  }
  return 0;
}
