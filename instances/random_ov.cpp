#include "instances/random_ov.hpp"

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/packed_rows.hpp"
#include "core/rng.hpp"

namespace sethkit {

namespace {
const char* plant_name(OvPlant plant) {
  switch (plant) {
    case OvPlant::kNone:
      return "none";
    case OvPlant::kPlantYes:
      return "yes";
    case OvPlant::kForceNo:
      return "no";
  }
  return "none";
}

// Sets one random coordinate to 1 in a_i and b_j for every orthogonal pair.
void break_all_orthogonal_pairs(OvInstance& ov, Rng& rng) {
  PackedRows a(ov, true), b(ov, false);
  for (std::size_t i = 0; i < ov.n_a(); ++i)
    for (std::size_t j = 0; j < ov.n_b(); ++j) {
      if (!packed_orthogonal(a, i, b, j)) continue;
      const std::size_t k = rng.uniform_int(ov.d());
      ov.a(i)[k] = 1;
      ov.b(j)[k] = 1;
      a.set(i, k);
      b.set(j, k);
    }
}
}  // namespace

GeneratedOv random_ov(const RandomOvParams& p) {
  require(p.d >= 1, "random OV: dimension d must be at least 1");
  require(p.density >= 0.0 && p.density <= 1.0, "random OV: density must lie in [0, 1]");
  require(p.plant != OvPlant::kPlantYes || (p.n_a > 0 && p.n_b > 0),
          "random OV: planting an orthogonal pair needs both sides non-empty");
  Rng rng(p.seed);
  GeneratedOv out;
  out.ov = OvInstance(p.n_a, p.n_b, p.d);
  for (std::size_t i = 0; i < p.n_a; ++i)
    for (auto& bit : out.ov.a(i)) bit = rng.bernoulli(p.density);
  for (std::size_t j = 0; j < p.n_b; ++j)
    for (auto& bit : out.ov.b(j)) bit = rng.bernoulli(p.density);

  if (p.plant == OvPlant::kPlantYes) {
    const std::size_t i = rng.uniform_int(p.n_a);
    const std::size_t j = rng.uniform_int(p.n_b);
    for (std::size_t k = 0; k < p.d; ++k)
      if (out.ov.b(j)[k]) out.ov.a(i)[k] = 0;
    out.ov.planted.push_back({i, j});
    out.ov.known_answer = true;
  } else if (p.plant == OvPlant::kForceNo) {
    break_all_orthogonal_pairs(out.ov, rng);
    out.ov.known_answer = false;
  }

  out.provenance.family = "random-ov";
  out.provenance.params = fmt::format("nA={} nB={} d={} density={} plant={}", p.n_a, p.n_b, p.d,
                                      p.density, plant_name(p.plant));
  out.provenance.seed = p.seed;
  return out;
}

}  // namespace sethkit
