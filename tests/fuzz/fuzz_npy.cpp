// Fuzz target: the .npy reader (core/npy.hpp), then the conversion to a
// matrix (or an N-D array to its stack of matrices) and the finiteness
// check every command applies to Q, K, V.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/error.hpp"
#include "core/matrix.hpp"
#include "core/npy.hpp"
#include "fuzz_limits.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  try {
    const sethkit::NpyArray array = sethkit::parse_npy(bytes, "fuzz.npy", sethkit::fuzz::limits());
    if (array.shape.size() > 2) {
      for (const auto& m : sethkit::npy_to_stack(array, "fuzz.npy").items)
        sethkit::require_finite(m, "fuzz.npy");
    } else {
      const sethkit::Matrix m = sethkit::npy_to_matrix(array, "fuzz.npy");
      sethkit::require_finite(m, "fuzz.npy");
    }
  } catch (const sethkit::InputError&) {
  }
  return 0;
}
