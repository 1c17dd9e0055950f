// Karp-style checking (check/reduction_check.hpp): every reduction's
// checker passes on exhaustive tiny and random YES / NO instances; a
// deliberately broken reduction (a wrong decoding threshold) is caught, its
// counterexample shrunk and written with its seed and run bundle; every file in
// instances/regressions is replayed.
#include <catch2/catch.hpp>
#include <filesystem>

#include "attention/registry.hpp"
#include "chain/executor.hpp"
#include "chain/run_bundle.hpp"
#include "check/reduction_check.hpp"
#include "core/file_io.hpp"
#include "core/ov_format.hpp"
#include "reductions/ov_to_attention.hpp"
#include "solvers/ov_solver.hpp"
#include "test_seed.hpp"

using namespace sethkit;
namespace fs = std::filesystem;

TEST_CASE("Every reduction passes its check on YES and NO instances", "[check]") {
  CheckParams p;
  p.trials = 12;
  p.max_size = 5;
  p.seed = test::test_seed("reduction check", 59);
  p.regressions_dir = (fs::temp_directory_path() / "sethkit_check_ok").string();
  const auto checkers = default_checkers();
  CHECK(checkers.size() == 11);  // one per edge of the reduction graph
  for (const auto& c : checkers) {
    INFO(c.name);
    const CheckResult r = run_check(c, p);
    CHECK_FALSE(r.failure.has_value());
    if (r.failure) FAIL_CHECK(r.failure->message);
    CHECK(r.exhaustive > 40);
    CHECK(r.random_trials == 12);
    CHECK(r.yes > 0);
    CHECK(r.no > 0);
    // The sample run bundle records the last random instance's whole chain.
    REQUIRE(r.sample_bundle.is_object());
    CHECK(r.sample_bundle["verdict"] == "agree");
    CHECK(r.sample_bundle["source"]["content_sha256"].get<std::string>().size() == 64);
    CHECK(r.sample_bundle["chain"]["steps"].back()["overhead_ok"] == true);
  }
}

TEST_CASE("A reduction with a wrong threshold is caught with a shrunk counterexample", "[check]") {
  // OV -> attention decoded with the threshold 0.95 instead of 25/36: NO rows
  // (>= 8/9) are read as YES.
  const ReductionChecker broken{
      "broken-threshold",
      [](const OvInstance& ov, std::uint64_t) {
        const AttentionInstance inst = OvToAttention().encode(ov);
        const Matrix out = make_backend("naive")->run({inst.q, inst.k, inst.v, inst.scale}).out;
        const bool yes =
            (out.col(0).head(static_cast<Eigen::Index>(ov.n_a())).array() < 0.95).any();
        const bool truth = solve_ov_naive(ov).found;
        return yes == truth ? std::string() : std::string("decoded yes, the OV solver says no");
      },
      nullptr, [](const ProblemValue& ov, std::uint64_t) {  // the sound chain, for the bundle
        return to_run_bundle(run_chain("ov-attention", ov, "check", ChainOptions{}), "sha");
      }};
  const fs::path dir = fs::temp_directory_path() / "sethkit_check_broken";
  fs::remove_all(dir);
  CheckParams p;
  p.trials = 10;
  p.seed = 7;
  p.regressions_dir = dir.string();
  p.command = "sethkit check broken-threshold --seed 7";
  const CheckResult r = run_check(broken, p);
  REQUIRE(r.failure.has_value());
  CHECK(r.failure->message == "decoded yes, the OV solver says no");
  REQUIRE_FALSE(r.failure->file.empty());
  CHECK(fs::exists(r.failure->file));
  CHECK(fs::path(r.failure->file).filename() == "broken-threshold-7.ov");
  const std::string text = read_text_file(r.failure->file);
  CHECK_THAT(text, Catch::Contains("c seed: 7") &&
                       Catch::Contains("sethkit check broken-threshold") &&
                       Catch::Contains("failure: decoded yes"));
  const OvInstance shrunk = parse_ov(text, r.failure->file).instance;
  CHECK(shrunk.n_a() == 1);  // shrunk to one vector per side and one coordinate
  CHECK(shrunk.n_b() == 1);
  CHECK(shrunk.d() == 1);
  CHECK_FALSE(solve_ov_naive(shrunk).found);
  // The counterexample's run bundle: the sound chain decodes it correctly as NO.
  CHECK(r.failure->bundle["decoded_answer"]["verdict"] == "no");
  CHECK(r.failure->bundle["source"]["params"]["nA"] == 1);
  fs::remove_all(dir);
}

TEST_CASE("Every regression instance replays without failure", "[check]") {
  const fs::path dir = fs::path(SETHKIT_TEST_DATA) / ".." / ".." / "instances" / "regressions";
  REQUIRE(fs::is_directory(dir));
  std::size_t replayed = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string ext = entry.path().extension().string();
    if (ext != ".ov" && ext != ".cnf") continue;
    INFO(entry.path().string());
    CHECK(replay_regression(entry.path().string()).empty());
    ++replayed;
  }
  // Replay itself works: a counterexample written by check round-trips.
  const fs::path tmp = fs::temp_directory_path() / "sethkit_replay";
  fs::create_directories(tmp);
  OvInstance ov(2, 2, 2);
  ov.a(0)[0] = 1;
  ov.b(1)[1] = 1;
  write_file_atomic((tmp / "ov-to-diameter-3.ov").string(), format_ov(ov, Provenance{}));
  CHECK(replay_regression((tmp / "ov-to-diameter-3.ov").string()).empty());
  CHECK_THROWS_WITH(replay_regression((tmp / "nonesuch-3.ov").string()),
                    Catch::Contains("no checker"));
  fs::remove_all(tmp);
  INFO(replayed << " regression files replayed");
}
