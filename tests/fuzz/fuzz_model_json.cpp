// Fuzz target: a transformer model directory's model.json
// (attention/transformer_io.hpp). The input becomes model.json in a private
// folder that holds the weight files of the seed model (SETHKIT_FUZZ_MODEL_DIR),
// so mutations that keep the file names reach the shape and value checks.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "attention/transformer_io.hpp"
#include "core/error.hpp"
#include "fuzz_folder.hpp"
#include "fuzz_limits.hpp"

namespace {
namespace fs = std::filesystem;

// The private folder, holding the seed model's weight files.
const std::string& folder() {
  static const std::string& dir = []() -> const std::string& {
    const std::string& made = sethkit::fuzz::private_folder("sethkit-fuzz-model");
    for (const auto& entry : fs::directory_iterator(SETHKIT_FUZZ_MODEL_DIR))
      if (entry.path().extension() == ".npy")
        fs::copy_file(entry.path(), fs::path(made) / entry.path().filename());
    return made;
  }();
  return dir;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string dir = folder();
  {
    std::ofstream out(dir + "/model.json", std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  try {
    sethkit::read_transformer(dir, sethkit::fuzz::limits());
  } catch (const sethkit::InputError&) {
  }
  return 0;
}
