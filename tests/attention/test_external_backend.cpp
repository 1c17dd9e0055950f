// The `external` backend (attention/external_backend.hpp): a round trip
// through the NumPy example oracles, and every way a command can fail (exit
// status, missing, time-out, no file, wrong shape, wrong dtype, NaN) as a
// one-line error naming the command, with no temporary folder left behind.
#include <stdlib.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>

#include "attention/naive_backend.hpp"
#include "attention/registry.hpp"
#include "attention/stats.hpp"
#include "core/error.hpp"
#include "core/rng.hpp"
#include "test_seed.hpp"

using namespace sethkit;
namespace fs = std::filesystem;

namespace {
const std::string kPython = SETHKIT_PYTHON;
const std::string kExamples = std::string(SETHKIT_SOURCE_DIR) + "/examples/oracles/";

std::unique_ptr<AttentionBackend> external(const std::string& command, double limit_s = 60) {
  BackendOptions o;
  o.external.command = command;
  o.external.time_limit_s = limit_s;
  return make_backend("external", o);
}

// Points TMPDIR at a fresh folder of its own for the test and restores it after.
struct ScratchTmp {
  fs::path dir;
  std::string old;
  ScratchTmp() {
    std::string pattern = (fs::temp_directory_path() / "sethkit-test-external-XXXXXX").string();
    REQUIRE(mkdtemp(pattern.data()) != nullptr);
    dir = pattern;
    if (const char* t = getenv("TMPDIR")) old = t;
    setenv("TMPDIR", dir.c_str(), 1);
  }
  ~ScratchTmp() {
    if (old.empty())
      unsetenv("TMPDIR");
    else
      setenv("TMPDIR", old.c_str(), 1);
    fs::remove_all(dir);
  }
  bool empty() const { return fs::is_empty(dir); }
};

std::string python_writing(const std::string& expression) {
  return kPython + " -c 'import sys, numpy as np; np.save(sys.argv[1], " + expression + ")' {out}";
}
}  // namespace

TEST_CASE("external: the NumPy oracles round trip", "[external]") {
  ScratchTmp tmp;
  Rng rng(test::test_seed("external round trip"));
  const Matrix q = uniform_matrix(rng, 37, 6, 1.0), k = uniform_matrix(rng, 53, 6, 1.0),
               v = uniform_matrix(rng, 53, 4, 1.0);
  for (bool causal : {false, true}) {
    INFO("causal " << causal);
    const AttentionInput in{q, k, v, 0.3, causal};
    const AttentionOutput want = NaiveBackend().run(in);
    const AttentionOutput got = external(kPython + " " + kExamples +
                                         "numpy_exact.py {q} {k} {v} {out} {scale} {causal} {lse}")
                                    ->run(in);
    CHECK(linf_error(got.out, want.out) < 1e-12);
    REQUIRE(got.lse.size() == 37);
    CHECK((got.lse - want.lse).cwiseAbs().maxCoeff() < 1e-12);
    CHECK(got.error_bound == INFINITY);
    const AttentionOutput performer =
        external(kPython + " " + kExamples +
                 "numpy_performer.py {q} {k} {v} {out} {scale} {causal} 4096")
            ->run(in);
    const double err = linf_error(performer.out, want.out);
    CHECK(err > 0);
    CHECK(err < 0.1);
  }
  CHECK(tmp.empty());
}

TEST_CASE("external: a failing command is a one-line error naming it", "[external]") {
  ScratchTmp tmp;
  const Matrix q = Matrix::Ones(4, 2), k = Matrix::Ones(5, 2), v = Matrix::Ones(5, 3);
  const AttentionInput in{q, k, v, 1.0};
  const auto fails_with = [&](const std::string& command, const std::string& words,
                              double limit_s = 60) {
    INFO(command);
    try {
      external(command, limit_s)->run(in);
      FAIL("no error");
    } catch (const ContractError& e) {
      const std::string what = e.what();
      CHECK_THAT(what, Catch::Contains(words));
      CHECK_THAT(what, Catch::Contains(command.substr(0, 10)));
      CHECK(what.find('\n') == std::string::npos);
    }
  };
  fails_with("exit 3 # {out}", "exited with status 3");
  fails_with("/nonexistent/oracle {out}", "exited 127");
  fails_with("true {out}", "wrote no output file");
  fails_with(python_writing("np.zeros((2, 2))"), "has shape (2, 2); expected (4, 3)");
  fails_with(python_writing("np.full((4, 3), np.nan)"), "non-finite entry");
  fails_with(python_writing("np.ones((4, 3), dtype=np.int32)"), "dtype <i4");
  fails_with("echo not an array > {out}", "not a readable .npy");
  const auto start = std::chrono::steady_clock::now();
  fails_with("sleep 20 # {out}", "time limit of 0.3 s", 0.3);
  CHECK(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() < 5);
  CHECK(tmp.empty());

  BackendOptions o;
  o.external.command = "cat {q}";
  CHECK_THROWS_WITH(make_backend("external", o), Catch::Contains("no {out}"));
  CHECK_THROWS_WITH(make_backend("external")->run(in), Catch::Contains("--oracle-cmd"));
}
