// Atomic outputs: nothing is left behind unless commit() succeeds; unwritable
// targets give an InputError naming the path.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "core/error.hpp"
#include "core/file_io.hpp"

using namespace sethkit;
namespace fs = std::filesystem;

namespace {
std::size_t entries(const fs::path& dir) {
  return static_cast<std::size_t>(
      std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}
}  // namespace

TEST_CASE("AtomicOutput: commit renames, abandonment leaves nothing", "[file-io]") {
  const fs::path dir = fs::temp_directory_path() / "sethkit_test_atomic";
  fs::remove_all(dir);
  fs::create_directories(dir);
  {
    AtomicOutput out((dir / "a.txt").string());
    out.stream() << "hello";
    CHECK(!fs::exists(dir / "a.txt"));
    out.commit();
  }
  CHECK(fs::exists(dir / "a.txt"));
  {
    AtomicOutput out((dir / "b.txt").string());
    out.stream() << "partial";
  }  // no commit: as if an error was thrown mid-way
  CHECK(!fs::exists(dir / "b.txt"));
  CHECK(entries(dir) == 1);
  fs::remove_all(dir);
}

TEST_CASE("AtomicOutput: unwritable targets", "[file-io]") {
  CHECK_THROWS_WITH(AtomicOutput("/nonexistent-dir/x.cnf"),
                    Catch::Contains("/nonexistent-dir/x.cnf") && Catch::Contains("cannot write"));
  CHECK_THROWS_WITH(AtomicOutput(fs::temp_directory_path().string()), Catch::Contains("directory"));
}

TEST_CASE("read_text_file: directories and sha256", "[file-io]") {
  CHECK_THROWS_WITH(read_text_file(fs::temp_directory_path().string()),
                    Catch::Contains("directory"));
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}
