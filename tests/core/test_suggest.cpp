// "Did you mean" (core/suggest.hpp): the edit distance, and which names count
// as close enough to suggest.
#include <catch2/catch.hpp>

#include "core/suggest.hpp"

using namespace sethkit;

TEST_CASE("edit distance counts insertions, deletions, substitutions and swaps", "[suggest]") {
  CHECK(edit_distance("", "") == 0);
  CHECK(edit_distance("flash", "flash") == 0);
  CHECK(edit_distance("flsh", "flash") == 1);    // a deletion
  CHECK(edit_distance("flashh", "flash") == 1);  // an insertion
  CHECK(edit_distance("flesh", "flash") == 1);   // a substitution
  CHECK(edit_distance("lfash", "flash") == 1);   // a swap of neighbours
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("abc", "") == 3);
}

TEST_CASE("a close name is suggested, a far one is not", "[suggest]") {
  const std::vector<std::string> commands = {"gen", "solve", "reduce", "verify", "check", "path"};
  CHECK(closest_name("verfy", commands) == "verify");
  CHECK(closest_name("chek", commands) == "check");
  CHECK(closest_name("frobnicate", commands) == std::nullopt);
  CHECK(closest_name("", commands) == std::nullopt);
  CHECK(closest_name("ver", commands) == "verify");  // a prefix of three or more letters
  CHECK(closest_name("x", commands) == std::nullopt);
  CHECK(did_you_mean("sovle", commands) == "; did you mean 'solve'?");
  CHECK(did_you_mean("zzzzzz", commands).empty());
  // The first of equally close names.
  CHECK(closest_name("gan", {"gen", "gun"}) == "gen");
}
