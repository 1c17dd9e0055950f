// The sampled check against exact attention (attention/reference_check.hpp):
// the row samplers, exact rows equal to `naive` on plain, causal and RoPE
// inputs, and a perturbation of one sampled entry measured exactly.
#include <catch2/catch.hpp>

#include <cmath>
#include <set>

#include "attention/naive_backend.hpp"
#include "attention/reference_check.hpp"
#include "attention/stats.hpp"
#include "core/rng.hpp"
#include "test_seed.hpp"

using namespace sethkit;

TEST_CASE("Row samplers: evenly spaced, and random without repeats", "[reference_check]") {
  CHECK(evenly_spaced_rows(10, 4) == std::vector<Eigen::Index>{0, 2, 5, 7});
  CHECK(evenly_spaced_rows(3, 8) == std::vector<Eigen::Index>{0, 1, 2});
  const auto all = random_rows(5, 9, 1);
  CHECK(all == std::vector<Eigen::Index>{0, 1, 2, 3, 4});
  const auto some = random_rows(1000, 50, 7);
  REQUIRE(some.size() == 50);
  CHECK(std::set<Eigen::Index>(some.begin(), some.end()).size() == 50);
  CHECK(std::is_sorted(some.begin(), some.end()));
  CHECK(some.back() < 1000);
  CHECK(random_rows(1000, 50, 7) == some);
  CHECK(random_rows(1000, 50, 8) != some);
}

TEST_CASE("Exact rows equal naive's, with the causal mask and RoPE", "[reference_check]") {
  const auto seed = test::test_seed("reference rows");
  Rng rng(seed);
  const Matrix q = uniform_matrix(rng, 12, 6, 1.5), k = uniform_matrix(rng, 20, 6, 1.5),
               v = uniform_matrix(rng, 20, 3, 1.0);
  const std::vector<Eigen::Index> rows = {0, 3, 11};
  for (bool causal : {false, true})
    for (bool rope : {false, true}) {
      INFO("causal " << causal << " rope " << rope);
      std::optional<Rope> r;
      if (rope) r = Rope{100.0, RopeLayout::kInterleaved};
      const AttentionInput in{q, k, v, 0.4, causal, r};
      const Matrix all = NaiveBackend().run(in).out;
      CHECK(linf_error(reference_rows(in, rows), take_rows(all, rows)) < 1e-13);
      CHECK(sampled_error(in, all, rows) < 1e-13);
      Matrix off = all;
      off(3, 1) += 0.25;
      CHECK(sampled_error(in, off, rows) == Approx(0.25).margin(1e-12));
      off(5, 0) += 9;  // not a sampled row
      CHECK(sampled_error(in, off, rows) == Approx(0.25).margin(1e-12));
    }
}
