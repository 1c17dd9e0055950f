// The transition sweep on a tiny grid: well below the threshold poly reaches
// its target error at a small rank (and poly itself, run at that degree,
// measures the same error) while the construction cannot separate YES from
// NO; well above it the exact oracle decodes every row, and poly would need a
// rank far beyond any budget, even just to decode.
#include <catch2/catch.hpp>
#include <cmath>

#include "attention/taylor.hpp"
#include "experiments/transition_sweep.hpp"

#include <nlohmann/json.hpp>
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
    CHECK(c.sampled_rows == c.n);  // 512 sampled rows cover every row at n <= 512
    REQUIRE(c.degree_needed >= 0);
    CHECK(c.error_at_degree <= p.target_error);
    CHECK(c.rank_needed == feature_rank(c.d, c.degree_needed));
    CHECK(c.logit_radius <= c.logit_radius_bound);
    if (c.kappa < c.kappa_required) {
      CHECK(c.rank_needed <= static_cast<double>(p.max_rank));
      REQUIRE(c.poly_seconds >= 0);
      CHECK(std::abs(c.poly_error - c.error_at_degree) <= 1e-9);  // poly == its kernel
      CHECK(c.exact_accuracy < 1.0);  // below the rule the sink cannot separate the rows
      CHECK(c.decode_degree == -1);   // nothing to decode
    } else {
      CHECK(c.exact_accuracy == 1.0);
      CHECK(c.rank_needed > 1e40);
      CHECK(c.poly_seconds == -1);
      CHECK_THAT(c.note, Catch::Contains("poly not run"));
      REQUIRE(c.decode_degree >= 0);
      CHECK(c.decode_degree <= c.degree_needed);
      CHECK(c.decode_rank > static_cast<double>(p.budget_rank));
      CHECK(c.budget_accuracy < 1.0);  // within the budget poly cannot decode
    }
  }
  CHECK(cells[1].degree_needed > 10 * cells[0].degree_needed);
  const std::string csv = transition_csv(cells);
  CHECK_THAT(csv, Catch::StartsWith("n,kappa,dim,d,B,kappa_required,R,"));
  // "Not run" and "none found" are empty fields and nulls, never -1.
  CHECK_THAT(csv, !Catch::Contains(",-1,"));
  const nlohmann::json doc = transition_json(p, cells);
  CHECK(doc["cells"][0]["decode_degree"].is_null());  // below the threshold: nothing decoded
  CHECK(doc["cells"][3]["poly_s"].is_null());         // above it: poly not run
  CHECK(doc["cells"][0]["poly_s"].is_number());
}

TEST_CASE("Feature rank C(d + g, g), exact and beyond 2^64", "[transition]") {
  CHECK(feature_rank(64, 2) == 2145);
  CHECK(feature_rank(8, 0) == 1);
  CHECK(feature_rank(16, 10) == static_cast<double>(binomial(26, 10)));
  const double big = feature_rank(128, 300);  // C(428, 300) = C(428, 128)
  CHECK(std::isfinite(big));
  CHECK(std::log10(big) == Approx(112.0228).margin(1e-3));
}
