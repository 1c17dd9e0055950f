// Fuzz target: the DIMACS CNF reader (core/dimacs.hpp). Any input either
// parses or is refused with sethkit's InputError; anything else (another
// exception, a crash, a leak, an allocation above the limit) is a bug.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/dimacs.hpp"
#include "core/error.hpp"
#include "fuzz_limits.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  for (const bool strict : {false, true}) {
    sethkit::DimacsOptions options;
    options.strict = strict;
    options.limits = sethkit::fuzz::limits();
    try {
      sethkit::parse_dimacs(text, "fuzz.cnf", options);
    } catch (const sethkit::InputError&) {
    }
  }
  return 0;
}
