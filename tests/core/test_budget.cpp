// Budgets and size arithmetic (core/budget.hpp, core/limits.hpp): sizes parse
// as people write them, products saturate, a header cannot make a reader
// reserve more than its input could fill, and reads stop at their limit.
#include <sys/stat.h>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "core/budget.hpp"
#include "core/dimacs.hpp"
#include "core/error.hpp"
#include "core/file_io.hpp"
#include "core/limits.hpp"
#include "core/npy.hpp"
#include "core/ov_format.hpp"

using namespace sethkit;

TEST_CASE("parse_byte_size reads sizes as people write them", "[budget]") {
  CHECK(parse_byte_size("4096") == 4096u);
  CHECK(parse_byte_size("512M") == 512ull << 20);
  CHECK(parse_byte_size("4G") == 4ull << 30);
  CHECK(parse_byte_size("4GiB") == 4ull << 30);
  CHECK(parse_byte_size("1.5T") == 3ull << 39);
  CHECK(parse_byte_size("2k") == 2048u);
  for (const char* bad : {"", "-1G", "12Q", "G", "0", "1e30T", "4 G"})
    CHECK_FALSE(parse_byte_size(bad).has_value());
  CHECK(format_bytes(13ull << 30) == "13 GiB");
  CHECK(format_bytes(900) == "900 bytes");
  CHECK(format_seconds(0.001) == "under 0.01 s");
  CHECK(format_seconds(7200) == "2 h");
}

TEST_CASE("Size arithmetic saturates and reservations follow the input's length", "[budget]") {
  CHECK(saturating_mul(1ull << 40, 1ull << 40) == UINT64_MAX);
  CHECK(saturating_add(UINT64_MAX - 1, 5) == UINT64_MAX);
  CHECK(saturating_mul(3, 5) == 15u);
  CHECK(reserve_bound(1'000'000, 1000, 10) == 100u);
  CHECK(reserve_bound(7, 1000, 10) == 7u);
  CHECK(reserve_bound(7, 1000, 0) == 7u);
}

TEST_CASE("An OV header's two sides count together against the memory limit", "[budget]") {
  OvReadOptions options;
  options.limits.max_bytes = 1000;
  // 20 + 20 vectors of dimension 30: 600 + 600 bytes, above 1000 together.
  CHECK_THROWS_WITH(parse_ov("p ov 20 20 30\n", "two.ov", options),
                    "two.ov:1:6: header declares nA = 20 and nB = 20 vectors of dimension 30: "
                    "600 bytes + 600 bytes, above the memory limit of 1000 bytes (--max-memory)");
  options.limits.max_ov_vectors = 10;
  CHECK_THROWS_WITH(parse_ov("p ov 11 1 1\n", "many.ov", options),
                    "many.ov:1:6: header declares nA = 11 vectors, above the limit of 10 vectors "
                    "per side for the memory budget of 1000 bytes (--max-memory)");
}

TEST_CASE("Count limits follow the memory budget", "[budget]") {
  const Budget saved = process_budget();
  Budget small = saved;
  small.max_bytes = 1ull << 30;
  set_process_budget(small);
  const Limits at_1g;
  Budget large = saved;
  large.max_bytes = 1ull << 40;
  set_process_budget(large);
  const Limits at_1t;
  set_process_budget(saved);
  CHECK(at_1g.max_vars == (1ull << 30) / kBytesPerVariable);
  CHECK(at_1g.max_ov_vectors == (1ull << 30) / kBytesPerVector);
  CHECK(at_1t.max_vars == kMaxDimacsVariables);  // the format's limit: 32-bit literals
  CHECK(at_1t.max_ov_vectors == (1ull << 40) / kBytesPerVector);
  CHECK(at_1t.max_clauses == 1024 * at_1g.max_clauses);
  // A header above the small budget's limit, refused naming that budget; the
  // same header within the larger budget reads.
  DimacsOptions options;
  options.limits = at_1g;
  const std::string text = fmt::format("p cnf {} 1\n1 0\n", at_1g.max_vars + 1);
  CHECK_THROWS_WITH(parse_dimacs(text, "wide.cnf", options),
                    Catch::Contains("wide.cnf:1:7: header declares") &&
                        Catch::Contains("for the memory budget of 1 GiB (--max-memory)"));
  options.limits = at_1t;
  CHECK(parse_dimacs(text, "wide.cnf", options).cnf.num_vars() ==
        static_cast<int>(at_1g.max_vars + 1));
}

TEST_CASE("A DIMACS header cannot make the reader reserve beyond its text", "[budget]") {
  // 10^8 declared clauses in a file of a few bytes: the reader reserves room
  // for what the text can hold, not for the header's figure.
  const DimacsFile f = parse_dimacs("p cnf 3 100000000\n1 -2 0\n", "lying.cnf");
  CHECK(f.cnf.num_clauses() == 1);
  CHECK(f.cnf.literal_capacity() <= 16);
}

TEST_CASE("An empty .npy's dimensions are bounded too", "[budget]") {
  std::string header = "{'descr': '<f8', 'fortran_order': False, 'shape': (0, 100000000000000), }";
  header += std::string(118 - header.size(), ' ') + "\n";
  std::string bytes = "\x93NUMPY\x01";
  bytes += '\0';
  bytes += static_cast<char>(header.size() & 0xff);
  bytes += static_cast<char>(header.size() >> 8);
  bytes += header;
  Limits limits;
  limits.max_bytes = 1ull << 30;
  CHECK_THROWS_WITH(parse_npy(bytes, "empty.npy", limits),
                    Catch::Contains("empty.npy: npy shape: dimension 1 is 100000000000000, above "
                                    "the limit"));
}

TEST_CASE("read_text_file stops at its limit, and outputs get 0666 & ~umask", "[budget]") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "sethkit_test_budget";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string file = (dir / "ten.txt").string();
  write_file_atomic(file, "0123456789");
  CHECK(read_text_file(file, 10) == "0123456789");
  CHECK_THROWS_WITH(read_text_file(file, 9), Catch::Contains("file has 10 bytes, above the limit"));
  const mode_t old = ::umask(022);
  write_file_atomic((dir / "m.txt").string(), "x");
  ::umask(old);
  CHECK((fs::status(dir / "m.txt").permissions() & fs::perms::all) ==
        (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
         fs::perms::others_read));
  fs::remove_all(dir);
}
