// DIMACS reader and writer (docs/formats.md): syntax variants, both modes,
// bad input with file:line:col messages, limits before allocation, round trip
// and a mutation fuzzer (parse or InputError, never a crash).
#include <zlib.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "core/archive_input.hpp"
#include "core/dimacs.hpp"
#include "core/error.hpp"
#include "core/file_io.hpp"
#include "core/rng.hpp"
#include "instances/random_cnf.hpp"
#include "test_seed.hpp"

using namespace sethkit;

namespace {
DimacsFile lenient(const std::string& text) {
  return parse_dimacs(text, "t.cnf");
}
DimacsFile strict(const std::string& text) {
  return parse_dimacs(text, "t.cnf", DimacsOptions{true, {}});
}
std::vector<int> clause(const Cnf& cnf, std::size_t c) {
  return {cnf.clause(c).begin(), cnf.clause(c).end()};
}
}  // namespace

TEST_CASE("DIMACS: multi-line clauses and several clauses per line", "[dimacs]") {
  const auto f = strict("c hi\np cnf 3 3\n1 -2\n 3 0 -1 0\n2\n0\n");
  REQUIRE(f.cnf.num_clauses() == 3);
  CHECK(clause(f.cnf, 0) == std::vector<int>{1, -2, 3});
  CHECK(clause(f.cnf, 1) == std::vector<int>{-1});
  CHECK(clause(f.cnf, 2) == std::vector<int>{2});
  CHECK(f.warnings.empty());
}

TEST_CASE("DIMACS: CRLF, tabs, blank lines, no final newline, c ind lines", "[dimacs]") {
  const auto f = strict("p\tcnf  2 2\r\n\r\nc ind 1 2 0\r\n1\t2 0\r\n  -1 0   \r\n\r\n");
  REQUIRE(f.cnf.num_clauses() == 2);
  CHECK(f.cnf.num_vars() == 2);
  const auto g = strict("p cnf 1 1\n1 0");
  CHECK(g.cnf.num_clauses() == 1);
}

TEST_CASE("DIMACS: empty clause and tautologies are kept", "[dimacs]") {
  const auto f = strict("p cnf 2 2\n0\n1 -1 1 0\n");
  REQUIRE(f.cnf.num_clauses() == 2);
  CHECK(f.cnf.clause(0).empty());
  CHECK(clause(f.cnf, 1) == std::vector<int>{1, -1, 1});
}

TEST_CASE("DIMACS: SATLIB % end marker", "[dimacs]") {
  const std::string with_zero = "p cnf 2 1\n1 2 0\n%\n0\n\n";
  const std::string without_zero = "p cnf 2 1\n1 2 0\n%\n";
  for (const auto& text : {with_zero, without_zero}) {
    const auto f = lenient(text);
    CHECK(f.cnf.num_clauses() == 1);
    REQUIRE(f.warnings.size() == 1);
    CHECK_THAT(f.warnings[0], Catch::Contains("SATLIB"));
    CHECK_THROWS_WITH(strict(text), Catch::Contains("t.cnf:3:1") && Catch::Contains("SATLIB"));
  }
}

TEST_CASE("DIMACS: clause count mismatch warns (lenient) or fails (strict)", "[dimacs]") {
  const std::string text = "p cnf 3 5\n1 0\n2 0\n";
  const auto f = lenient(text);
  CHECK(f.cnf.num_clauses() == 2);
  REQUIRE(f.warnings.size() == 1);
  CHECK_THAT(f.warnings[0], Catch::Contains("declares 5 clauses, the file has 2"));
  CHECK_THROWS_WITH(strict(text), Catch::Contains("declares 5 clauses, but the file has 2"));
}

TEST_CASE("DIMACS: a literal beyond the declared variables", "[dimacs]") {
  const std::string text = "p cnf 2 1\n1 -7 0\n";
  const auto f = lenient(text);
  CHECK(f.cnf.num_vars() == 7);
  CHECK(f.warnings.size() == 1);
  CHECK_THROWS_WITH(strict(text), Catch::Contains("t.cnf:2:3") && Catch::Contains("variable 7") &&
                                      Catch::Contains("declares 2"));
}

TEST_CASE("DIMACS: unterminated last clause", "[dimacs]") {
  const std::string text = "p cnf 2 2\n1 0\n2";
  CHECK(lenient(text).cnf.num_clauses() == 2);
  CHECK_THROWS_WITH(strict(text), Catch::Contains("t.cnf:3") && Catch::Contains("expected 0"));
}

TEST_CASE("DIMACS: garbage is refused with line and column", "[dimacs]") {
  CHECK_THROWS_AS(lenient("hello world\n"), InputError);
  CHECK_THROWS_WITH(lenient("hello world\n"),
                    Catch::Contains("t.cnf:1:1") && Catch::Contains("header"));
  CHECK_THROWS_WITH(lenient("p cnf 2 1\n1 x 0\n"),
                    Catch::Contains("t.cnf:2:3") && Catch::Contains("found 'x'"));
  CHECK_THROWS_WITH(lenient("p cnf 2 1\n1 2.5 0\n"), Catch::Contains("found '2.5'"));
  CHECK_THROWS_WITH(lenient("1 2 0\np cnf 2 1\n"),
                    Catch::Contains("t.cnf:1:1") && Catch::Contains("before any clause"));
  CHECK_THROWS_WITH(lenient("p cnf 2 1\np cnf 2 1\n1 0\n"),
                    Catch::Contains("t.cnf:2") && Catch::Contains("second"));
  CHECK_THROWS_WITH(lenient("p cnf x 1\n"), Catch::Contains("variable count"));
  CHECK_THROWS_WITH(lenient("p sat 2 1\n"), Catch::Contains("p cnf <vars> <clauses>"));
  CHECK_THROWS_WITH(lenient("c only comments\n"), Catch::Contains("found none"));
  CHECK_THROWS_WITH(lenient(""), Catch::Contains("found none"));
  CHECK_THROWS_WITH(lenient("p cnf 2 1\n1 99999999999 0\n"), Catch::Contains("32-bit"));
  CHECK_THROWS_WITH(lenient("p cnf 2 1\n-2147483648 0\n"), Catch::Contains("32-bit"));
}

TEST_CASE("DIMACS: absurd header sizes are refused before allocation", "[dimacs]") {
  CHECK_THROWS_WITH(lenient("p cnf 1000000000000 1\n"),
                    Catch::Contains("t.cnf:1:7") && Catch::Contains("1000000000000 variables") &&
                        Catch::Contains("limit"));
  CHECK_THROWS_WITH(lenient("p cnf 3 1000000000000\n"), Catch::Contains("1000000000000 clauses"));
  Limits tight;
  tight.max_vars = 10;
  CHECK_THROWS_WITH(parse_dimacs("p cnf 2 1\n1 -11 0\n", "t.cnf", {false, tight}),
                    Catch::Contains("limit of 10"));
}

TEST_CASE("DIMACS: writer gives exact header and provenance, round trip", "[dimacs]") {
  const auto seed = test::test_seed("DIMACS round trip");
  for (std::uint64_t s = seed; s < seed + 20; ++s) {
    const GeneratedCnf g = random_kcnf({12, 40, 3, (s % 2) == 0, s});
    const std::string text = format_dimacs(g.cnf, g.provenance);
    CHECK_THAT(text, Catch::Contains("c sethkit ") && Catch::Contains("c seed: ") &&
                         Catch::Contains("\np cnf 12 40\n"));
    const auto back = strict(text);
    CHECK(back.cnf == g.cnf);
  }
}

TEST_CASE("DIMACS: gzip input and a missing file", "[dimacs]") {
  const auto dir = std::filesystem::temp_directory_path() / "sethkit_test_gz";
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "f.cnf.gz").string();
  gzFile gz = gzopen(path.c_str(), "wb");
  const std::string text = "p cnf 2 2\n1 2 0\n-1 0\n";
  gzwrite(gz, text.data(), static_cast<unsigned>(text.size()));
  gzclose(gz);
  const auto f = read_dimacs(path, DimacsOptions{true, {}});
  CHECK(f.cnf.num_clauses() == 2);
  CHECK_THROWS_WITH(read_dimacs((dir / "missing.cnf").string()),
                    Catch::Contains("missing.cnf") && Catch::Contains("cannot open"));
  // Recognised by content: the same gzip bytes under a plain name.
  std::filesystem::rename(path, dir / "plain-name.cnf");
  CHECK(read_dimacs((dir / "plain-name.cnf").string()).cnf == f.cnf);
  std::filesystem::remove_all(dir);
}

TEST_CASE("DIMACS: xz, bzip2, zstd and gzip files from their own tools, by content",
          "[dimacs][compressed]") {
  // tests/data/compressed: instances/data/php-3-2.cnf compressed by xz 5.4,
  // bzip2 1.0.8, zstd 1.5.4 and gzip -n; one xz file without an extension;
  // one xz file cut after 60 bytes.
  const std::string data = SETHKIT_TEST_DATA "/compressed/";
  const Cnf want = read_dimacs(SETHKIT_SOURCE_DIR "/instances/data/php-3-2.cnf").cnf;
  REQUIRE(want.num_clauses() == 9);
  for (const char* name : {"php-3-2.cnf.xz", "php-3-2.cnf.bz2", "php-3-2.cnf.zst", "php-3-2.cnf.gz",
                           "php-3-2-xz-without-extension.cnf"}) {
    INFO(name);
    CHECK(read_dimacs(data + name).cnf == want);
  }
  CHECK(detect_compression(read_stored_file(data + "php-3-2.cnf.zst")) == Compression::kZstd);
  CHECK(detect_compression("p cnf 1 1\n1 0\n") == Compression::kNone);
  CHECK_THROWS_WITH(read_dimacs(data + "truncated.cnf.xz"),
                    Catch::Contains("truncated.cnf.xz") && Catch::Contains("corrupt xz data"));
}

TEST_CASE("Compressed input: the limit applies to the decompressed bytes", "[compressed]") {
  const auto dir = std::filesystem::temp_directory_path() / "sethkit_test_gz_limit";
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "comments.cnf").string();
  gzFile gz = gzopen(path.c_str(), "wb9");
  const std::string line = "c a comment line that compresses well\n";
  for (int i = 0; i < 5000; ++i) gzwrite(gz, line.data(), static_cast<unsigned>(line.size()));
  gzclose(gz);
  REQUIRE(std::filesystem::file_size(path) < 10000);
  CHECK(read_text_file(path, 1 << 20).size() == 5000 * line.size());
  CHECK_THROWS_WITH(read_text_file(path, 10000),
                    Catch::Contains("comments.cnf: decompressed size exceeds the limit"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("DIMACS: mutated inputs parse or raise InputError, never crash", "[dimacs][fuzz]") {
  const auto seed = test::test_seed("DIMACS fuzz");
  Rng rng(seed);
  const std::string base = format_dimacs(random_kcnf({8, 20, 3, false, seed}).cnf, {});
  const char alphabet[] = "0123456789- \n\r\tpcn%fx";
  int parsed = 0, refused = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    std::string text = base;
    const int edits = 1 + static_cast<int>(rng.uniform_int(6));
    for (int e = 0; e < edits; ++e) {
      const std::size_t pos = rng.uniform_int(text.size());
      switch (rng.uniform_int(3)) {
        case 0:
          text[pos] = alphabet[rng.uniform_int(sizeof alphabet - 1)];
          break;
        case 1:
          text.erase(pos, 1 + rng.uniform_int(4));
          break;
        default:
          text.insert(pos, 1, static_cast<char>(rng.uniform_int(256)));
          break;
      }
    }
    for (bool strict_mode : {false, true}) {
      try {
        parse_dimacs(text, "fuzz.cnf", DimacsOptions{strict_mode, {}});
        ++parsed;
      } catch (const InputError& e) {
        ++refused;
        CHECK_THAT(e.what(), Catch::StartsWith("fuzz.cnf"));
      }
    }
  }
  CHECK(parsed > 0);
  CHECK(refused > 0);
}
