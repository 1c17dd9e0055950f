// CNF -> unbalanced 3-OV (reductions/cnf_to_three_ov.hpp): the split with
// padding against brute-force SAT and a plain triple loop, on random 3-CNFs
// with K = 1 .. 7 (C padded unless K is a power of two), YES and NO both;
// every decoded triple satisfies the formula.
#include <catch2/catch.hpp>

#include "core/verify.hpp"
#include "instances/random_cnf.hpp"
#include "reductions/cnf_to_three_ov.hpp"
#include "solvers/brute_force_sat.hpp"
#include "solvers/three_ov_solver.hpp"
#include "test_seed.hpp"

using namespace sethkit;

namespace {
bool any_triple(const ThreeOvInstance& in) {
  for (std::size_t i = 0; i < in.n_a(); ++i)
    for (std::size_t j = 0; j < in.n_b(); ++j)
      for (std::size_t k = 0; k < in.n_c(); ++k)
        if (triple_product(in.a(i), in.b(j), in.c(k)) == 0) return true;
  return false;
}
}  // namespace

TEST_CASE("CNF -> 3-OV with padding agrees with brute-force SAT", "[three_ov]") {
  const auto seed = test::test_seed("cnf to 3ov");
  int sat = 0, unsat = 0;
  for (std::uint64_t s = seed; s < seed + 40; ++s) {
    const int n = 3 + static_cast<int>(s % 8);
    const std::uint64_t k = 1 + s % 7;  // K = 1 .. 7: C padded unless a power of two
    const auto g = random_kcnf({n, clauses_for_ratio(n, 3.5 + (s % 3) * 0.8), 3, false, s});
    INFO("seed " << s << " n " << n << " K " << k);
    const CnfToThreeOv split({k, {}});
    const SplitThreeOv t = split.encode(g.cnf);
    CHECK(t.instance.n_a() == t.instance.n_b());
    CHECK(t.instance.n_c() == k);
    const bool truth = solve_brute_force(g.cnf).status == SatStatus::kSat;
    const ThreeOvAnswer answer = solve_three_ov(t.instance);
    CHECK(answer.triple.has_value() == truth);
    CHECK(any_triple(t.instance) == truth);
    if (answer.triple) {
      ++sat;
      CHECK(is_orthogonal_triple(t.instance, *answer.triple));
      REQUIRE(answer.triple->j < t.real_b);
      REQUIRE(answer.triple->k < t.real_c);
      CHECK(satisfies(g.cnf, split.decode(g.cnf, t, *answer.triple)));
    } else {
      ++unsat;
    }
  }
  CHECK(sat >= 5);
  CHECK(unsat >= 5);
}
