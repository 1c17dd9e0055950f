// Loading a source file (core/instance_file.hpp): the kind is told by the
// header line, the content hash is of the bytes read, lenient warnings are
// kept, and a construction's ContractError becomes an InputError naming the file.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/file_io.hpp"
#include "core/instance_file.hpp"

using namespace sethkit;
namespace fs = std::filesystem;

namespace {
std::string write_temp(const std::string& name, const std::string& text) {
  const fs::path path = fs::temp_directory_path() / name;
  std::ofstream(path) << text;
  return path.string();
}
}  // namespace

TEST_CASE("Source files are told apart by their header line", "[instance_file]") {
  const std::string cnf = write_temp("sethkit_if.cnf", "c hi\np cnf 2 1\n1 -2 0\n");
  const SourceFile a = load_source(cnf, true);
  REQUIRE(a.cnf);
  CHECK_FALSE(a.ov);
  CHECK(std::string(problem_name(problem_value(a))) == "cnf-sat");
  CHECK(a.sha256 == sha256_hex(read_text_file(cnf)));

  const SourceFile b =
      load_source(write_temp("sethkit_if.ov", "p ov 1 2 3\na 101\nb 010\nb 111\n"), true);
  REQUIRE(b.ov);
  CHECK(b.ov->n_b() == 2);
  CHECK(problem_params(problem_value(b))["d"] == 3);

  const SourceFile c = load_source(
      write_temp("sethkit_if.gh", "p gap-hamming 1 1 4 1 1\nc label 0 yes\na 1100\nb 1000\n"),
      true);
  REQUIRE(c.gap);
  CHECK(c.gap->t == 1);

  const SourceFile lenient = load_source(write_temp("sethkit_if2.cnf", "p cnf 2 2\n1 0\n"), false);
  CHECK(lenient.warnings.size() == 1);
  CHECK_THROWS_AS(load_source(write_temp("sethkit_if3.cnf", "p cnf 2 2\n1 0\n"), true), InputError);
  for (const char* f :
       {"sethkit_if.cnf", "sethkit_if.ov", "sethkit_if.gh", "sethkit_if2.cnf", "sethkit_if3.cnf"})
    fs::remove(fs::temp_directory_path() / f);
}

TEST_CASE("naming_source turns a refusal into an error naming the file", "[instance_file]") {
  CHECK(naming_source("x.cnf", [] { return 7; }) == 7);
  CHECK_THROWS_WITH(naming_source("big.cnf", []() -> int { throw ContractError("too large"); }),
                    Catch::Contains("big.cnf") && Catch::Contains("too large"));
}
