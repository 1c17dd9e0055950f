// OV text format (docs/formats.md): round trip, known-answer comments,
// modes, malformed lines, limits before allocation.
#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "core/ov_format.hpp"
#include "instances/random_ov.hpp"
#include "test_seed.hpp"

using namespace sethkit;

namespace {
OvFile lenient(const std::string& t) {
  return parse_ov(t, "t.ov");
}
OvFile strict(const std::string& t) {
  return parse_ov(t, "t.ov", OvReadOptions{true, {}});
}
}  // namespace

TEST_CASE("OV format: the spec's example parses with its comments", "[ov-format]") {
  const std::string text =
      "c sethkit 0.1.0 (git 1a2b3c4)\nc planted 2 1\nc answer yes\np ov 4 4 6\n"
      "a 101100\na 011010\na 100001\na 110110\nb 010011\nb 011110\nb 101101\nb 001011\n";
  const auto f = strict(text);
  const auto& ov = f.instance;
  CHECK(ov.n_a() == 4);
  CHECK(ov.n_b() == 4);
  CHECK(ov.d() == 6);
  CHECK(ov.a(0)[0] == 1);
  CHECK(ov.a(0)[1] == 0);
  CHECK(ov.b(3)[5] == 1);
  REQUIRE(ov.planted.size() == 1);
  CHECK(ov.planted[0] == std::pair<std::size_t, std::size_t>{2, 1});
  CHECK(ov.known_answer == true);
}

TEST_CASE("OV format: write then read round trip", "[ov-format]") {
  const auto seed = test::test_seed("OV format round trip");
  for (std::uint64_t s = seed; s < seed + 10; ++s) {
    const auto g =
        random_ov({5 + s % 3, 4, 9, 0.4, s % 2 ? OvPlant::kPlantYes : OvPlant::kForceNo, s});
    const auto back = strict(format_ov(g.ov, g.provenance));
    CHECK(back.instance == g.ov);
  }
}

TEST_CASE("OV format: count mismatches", "[ov-format]") {
  const std::string text = "p ov 2 1 3\na 000\nb 111\n";
  const auto f = lenient(text);
  CHECK(f.instance.n_a() == 1);
  CHECK(f.warnings.size() == 1);
  CHECK_THROWS_WITH(strict(text), Catch::Contains("declares 2 'a' vectors, the file has 1"));
  CHECK_THROWS_WITH(strict("p ov 1 1 3\na 000\na 000\nb 111\n"),
                    Catch::Contains("t.ov:3") && Catch::Contains("more 'a'"));
}

TEST_CASE("OV format: malformed lines are errors in both modes", "[ov-format]") {
  for (bool s : {false, true}) {
    const OvReadOptions o{s, {}};
    CHECK_THROWS_WITH(parse_ov("p ov 1 1 3\na 0101\nb 000\n", "t.ov", o),
                      Catch::Contains("t.ov:2:3") && Catch::Contains("expected 3 characters"));
    CHECK_THROWS_WITH(parse_ov("p ov 1 1 3\na 021\nb 000\n", "t.ov", o),
                      Catch::Contains("t.ov:2:4") && Catch::Contains("expected '0' or '1'"));
    CHECK_THROWS_WITH(parse_ov("p ov 1 1 3\na 0 1 1\nb 000\n", "t.ov", o),
                      Catch::Contains("t.ov:2"));
    CHECK_THROWS_WITH(parse_ov("a 010\np ov 1 1 3\n", "t.ov", o),
                      Catch::Contains("before any vector"));
    CHECK_THROWS_WITH(parse_ov("p ov 1 1 3\nx 010\n", "t.ov", o),
                      Catch::Contains("'c', 'p', 'a' or 'b'"));
    CHECK_THROWS_WITH(parse_ov("p ov 1 1 0\n", "t.ov", o), Catch::Contains("d >= 1"));
    CHECK_THROWS_WITH(parse_ov("p ov 1 1 3\nc answer maybe\na 000\nb 000\n", "t.ov", o),
                      Catch::Contains("'yes' or 'no'"));
    CHECK_THROWS_WITH(parse_ov("c planted 5 0\np ov 1 1 3\na 000\nb 000\n", "t.ov", o),
                      Catch::Contains("t.ov:1") && Catch::Contains("beyond"));
    CHECK_THROWS_WITH(parse_ov("", "t.ov", o), Catch::Contains("found none"));
  }
}

TEST_CASE("OV format: absurd header sizes are refused before allocation", "[ov-format]") {
  CHECK_THROWS_WITH(lenient("p ov 1000000000000 2 3\n"),
                    Catch::Contains("t.ov:1:6") && Catch::Contains("limit"));
  CHECK_THROWS_WITH(lenient("p ov 2 2 99999999999\n"), Catch::Contains("dimension 99999999999"));
}
