// Shards (core/shard.hpp): I/K parsed with its range checked, every key owned
// by exactly one of the K shards and the keys spread over all of them, the
// journal file named per shard, and a command stripped of its output.
#include <fmt/format.h>
#include <catch2/catch.hpp>

#include <vector>

#include "core/error.hpp"
#include "core/shard.hpp"

using namespace sethkit;

TEST_CASE("A shard I/K is parsed and its range checked", "[shard]") {
  CHECK_FALSE(parse_shard("").active());
  const Shard s = parse_shard("2/5");
  CHECK(s.index == 2);
  CHECK(s.count == 5);
  CHECK(s.suffix() == ".shard-2-of-5");
  CHECK(parse_shard("1/1").suffix().empty());
  for (const char* bad :
       {"0/3", "4/3", "3", "1/", "/2", "a/b", "1/2/3", "-1/2", "1/100001", " 1/2"})
    CHECK_THROWS_AS(parse_shard(bad), ContractError);
}

TEST_CASE("Every key belongs to exactly one shard, and every shard gets keys", "[shard]") {
  for (std::size_t k : {2, 3, 7}) {
    std::vector<std::size_t> per_shard(k, 0);
    for (int cell = 0; cell < 300; ++cell) {
      const std::string key = fmt::format("{}/{}/{}", cell % 5, cell, cell * 0.5);
      int owners = 0;
      for (std::size_t i = 1; i <= k; ++i)
        if (Shard{i, k}.owns(key)) {
          ++owners;
          ++per_shard[i - 1];
        }
      CHECK(owners == 1);
    }
    for (std::size_t n : per_shard) CHECK(n > 300 / k / 2);  // roughly even
  }
  CHECK(Shard{}.owns("anything"));
}

TEST_CASE("A shard's command loses its shard, output, resume and force", "[shard]") {
  const std::vector<std::string> args{"sweep",   "transition", "--quick", "--shard",    "1/2",
                                      "-o",      "dir",        "--seed",  "3",          "--resume",
                                      "--force", "--out=x",    "-odir2",  "--shard=2/2"};
  CHECK(command_without_output(args, "-o", "--out") ==
        std::vector<std::string>{"sweep", "transition", "--quick", "--seed", "3"});
  const std::vector<std::string> check{"check", "all", "--json", "c.json", "--trials", "5"};
  CHECK(command_without_output(check, "", "--json") ==
        std::vector<std::string>{"check", "all", "--trials", "5"});
}
