#include "instances/planted_gap_hamming.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>
#include <vector>

#include "core/error.hpp"
#include "core/rng.hpp"

namespace sethkit {

namespace {
void random_bits(Rng& rng, std::span<std::uint8_t> v) {
  for (auto& x : v) x = rng.bernoulli(0.5) ? 1 : 0;
}

// b := a with exactly t distinct coordinates flipped.
void plant_near(Rng& rng, std::span<const std::uint8_t> a, std::span<std::uint8_t> b,
                std::size_t t) {
  std::vector<std::size_t> coords(a.size());
  std::iota(coords.begin(), coords.end(), 0);
  for (std::size_t s = 0; s < t; ++s)
    std::swap(coords[s], coords[s + rng.uniform_int(coords.size() - s)]);
  std::copy(a.begin(), a.end(), b.begin());
  for (std::size_t s = 0; s < t; ++s) b[coords[s]] ^= 1;
}
}  // namespace

GeneratedGap planted_gap_hamming(const PlantedGapParams& p) {
  require(p.n >= 1 && p.dim >= 1, "planted Gap-Hamming: need n >= 1 and dim >= 1");
  require(
      p.t >= 1 && p.t < p.dim,
      fmt::format("planted Gap-Hamming: need 1 <= t < dim, found t = {}, dim = {}", p.t, p.dim));
  require(
      p.eps > 0 && (1 + p.eps) * static_cast<double>(p.t) <= static_cast<double>(p.dim),
      fmt::format("planted Gap-Hamming: the NO distance (1 + eps) t = {} must be at most dim = {}",
                  (1 + p.eps) * static_cast<double>(p.t), p.dim));
  require(p.yes_fraction >= 0 && p.yes_fraction <= 1,
          "planted Gap-Hamming: yes_fraction must lie in [0, 1]");
  Rng rng(p.seed);
  GeneratedGap out;
  GapHamming& g = out.instance;
  g.points = OvInstance(p.n, p.n, p.dim);
  g.t = p.t;
  g.eps = p.eps;
  for (std::size_t i = 0; i < p.n; ++i) random_bits(rng, g.points.a(i));
  for (std::size_t j = 0; j < p.n; ++j) random_bits(rng, g.points.b(j));
  // Plant near neighbours for the first yes_fraction of a random order of rows, each in its own
  // b_j.
  std::vector<std::size_t> order(p.n);
  std::iota(order.begin(), order.end(), 0);
  for (std::size_t s = 0; s + 1 < p.n; ++s)
    std::swap(order[s], order[s + rng.uniform_int(p.n - s)]);
  const auto planted = static_cast<std::size_t>(p.yes_fraction * static_cast<double>(p.n) + 0.5);
  std::vector<std::size_t> partner(p.n, p.n);
  for (std::size_t s = 0; s < planted; ++s) {
    partner[order[s]] = order[(s + 1) % p.n];  // some b index, one per planted row
    plant_near(rng, g.points.a(order[s]), g.points.b(partner[order[s]]), p.t);
  }
  // Check the promise by brute force; redraw rows inside the gap (a planted row
  // keeps its partner b_j in step with the redrawn a_i).
  for (int round = 0;; ++round) {
    const std::vector<std::size_t> nearest = nearest_distances(g.points);
    g.labels.resize(p.n);
    std::vector<std::size_t> bad;
    for (std::size_t i = 0; i < p.n; ++i) {
      g.labels[i] = label_for_distance(g, nearest[i]);
      if (g.labels[i] == GapLabel::kOutside) bad.push_back(i);
    }
    if (bad.empty() || round == p.max_redraws) {
      out.outside = bad.size();
      break;
    }
    for (std::size_t i : bad) {
      random_bits(rng, g.points.a(i));
      if (partner[i] < p.n) plant_near(rng, g.points.a(i), g.points.b(partner[i]), p.t);
    }
  }
  out.provenance.family = "planted-gap-hamming";
  out.provenance.params = fmt::format("n={} dim={} t={} eps={} yes_fraction={}", p.n, p.dim, p.t,
                                      p.eps, p.yes_fraction);
  out.provenance.seed = p.seed;
  return out;
}

}  // namespace sethkit
