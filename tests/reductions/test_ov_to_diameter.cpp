// OV -> graph diameter 2 vs 3 (reductions/ov_to_diameter.hpp): exhaustive on
// every instance with nA, nB <= 2 and d <= 3, random planted YES and forced NO
// instances, the whole graph's diameter (not only the a-b distances) equal to
// the promise, witnesses through the independent checker, sizes against the
// certificate, the DOT labels and the size refusal.
#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "core/verify.hpp"
#include "instances/exhaustive_ov.hpp"
#include "instances/random_ov.hpp"
#include "reductions/ov_to_diameter.hpp"
#include "solvers/ov_solver.hpp"
#include "test_seed.hpp"

using namespace sethkit;

namespace {
void check_instance(const OvInstance& ov) {
  const OvToDiameter rule;
  const DiameterInstance g = rule.encode(ov);
  const DiameterDecoded dec = rule.decode(ov, g);
  const bool truth = solve_ov_naive(ov).found;
  REQUIRE(dec.verdict == (truth ? Verdict::kYes : Verdict::kNo));
  CHECK(graph_diameter(g.graph) == (truth ? 3 : 2));
  if (truth) {
    REQUIRE(dec.witness);
    CHECK(is_orthogonal_pair(ov, dec.witness->first, dec.witness->second));
  }
  CHECK(g.certificate.vertices == g.graph.num_vertices());
  CHECK(g.certificate.edges <= g.certificate.edge_bound);
}
}  // namespace

TEST_CASE("OV -> diameter on every instance with nA, nB <= 2 and d <= 3", "[diameter]") {
  std::size_t checked = 0, yes = 0;
  for_each_ov_instance(2, 3, [&](const OvInstance& ov) {
    check_instance(ov);
    ++checked;
    yes += solve_ov_naive(ov).found ? 1 : 0;
  });
  CHECK(checked > 4000);
  CHECK(yes > 0);
  CHECK(yes < checked);
}

TEST_CASE("OV -> diameter on random planted YES and forced NO instances", "[diameter]") {
  const auto seed = test::test_seed("ov diameter", 53);
  for (OvPlant plant : {OvPlant::kPlantYes, OvPlant::kForceNo})
    for (std::uint64_t s = 0; s < 10; ++s) {
      RandomOvParams p;
      p.n_a = 25 + s;
      p.n_b = 30;
      p.d = 10;
      p.plant = plant;
      p.seed = seed + s;
      const OvInstance ov = random_ov(p).ov;
      INFO("plant " << (plant == OvPlant::kPlantYes ? "yes" : "no") << " seed " << p.seed);
      check_instance(ov);
    }
}

TEST_CASE("OV -> diameter: DOT labels and the size refusal", "[diameter]") {
  OvInstance ov(1, 1, 2);
  ov.a(0)[0] = 1;
  ov.b(0)[1] = 1;
  const DiameterInstance g = OvToDiameter().encode(ov);
  const std::string dot = diameter_graph_dot(g.graph);
  for (const char* label : {"label=a0", "label=b0", "label=c0", "label=c1", "label=x", "label=y"})
    CHECK_THAT(dot, Catch::Contains(label));
  CHECK(OvToDiameter().decode(ov, g).verdict == Verdict::kYes);
  OvToDiameter::Params tiny;
  tiny.limits.max_bytes = 100;
  CHECK_THROWS_WITH(OvToDiameter(tiny).certificate(ov), Catch::Contains("GiB"));
}
