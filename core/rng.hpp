// Seeded random numbers whose streams are the same on every platform.
//
// The engine is std::mt19937_64, whose output sequence the C++ standard fixes.
// The standard's distributions are implementation-defined, so the few we need
// (uniform integers by rejection, Bernoulli, uniform reals from 53-bit
// fractions, normals by Box-Muller) are written here: a seed printed by a failing test or recorded
// in a file's provenance replays the same instance anywhere.
#pragma once

#include <cmath>
#include <cstdint>
#include <random>

namespace sethkit {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : engine_(seed) {}

  std::uint64_t next_u64() { return engine_(); }

  // Uniform in [0, bound); bound > 0. Rejection sampling, no modulo bias.
  std::uint64_t uniform_int(std::uint64_t bound) {
    const std::uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
    std::uint64_t x;
    do {
      x = engine_();
    } while (x >= limit);
    return x % bound;
  }

  // Uniform in [0, 1) with 53 random bits.
  double uniform01() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }

  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform01(); }

  bool bernoulli(double p) { return uniform01() < p; }

  // Standard normal by Box-Muller (one draw per two uniforms).
  double normal() {
    const double u = 1.0 - uniform01(), v = uniform01();  // u in (0, 1]
    return std::sqrt(-2.0 * std::log(u)) * std::cos(2.0 * 3.14159265358979323846 * v);
  }

 private:
  std::mt19937_64 engine_;
};

}  // namespace sethkit
