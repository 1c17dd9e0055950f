// The transition sweep on a tiny grid: well below the threshold poly reaches
// its target error at a small rank while the construction cannot separate YES
// from NO; well above it the exact oracle decodes every row and poly refuses.
#include <catch2/catch.hpp>

#include "reductions/transition_sweep.hpp"
#include "test_seed.hpp"

using namespace sethkit;

TEST_CASE("Transition sweep: both sides of B = Theta(sqrt(log n))", "[transition]") {
  TransitionParams p;
  p.log_n = {6, 7};
  p.kappas = {0.5, 16};
  p.seed = test::test_seed("transition sweep", 3);
  const auto cells = run_transition(p, {});
  REQUIRE(cells.size() == 4);
  for (const auto& c : cells) {
    INFO("n " << c.n << " kappa " << c.kappa);
    CHECK(c.entry_bound ==
          Approx(std::max(1.0, c.kappa * std::sqrt(std::log(static_cast<double>(c.n))))));
    if (c.kappa < c.kappa_required) {
      CHECK(c.degree_needed >= 0);
      CHECK(c.rank_needed <= static_cast<double>(p.max_rank));
      CHECK(c.poly_error <= p.target_error);
      CHECK(c.exact_accuracy < 1.0);  // below the rule the sink cannot separate the rows
    } else {
      CHECK(c.exact_accuracy == 1.0);
      CHECK(c.degree_needed == -1);
      CHECK_THAT(c.note, Catch::Contains("use flash"));
    }
  }
  CHECK_THAT(transition_csv(cells), Catch::StartsWith("n,kappa,dim,d,B,kappa_required"));
}
