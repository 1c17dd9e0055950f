// Seeds for random tests: every random test prints its seed, and a failing
// case is replayed with SETHKIT_TEST_SEED=<seed>.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <catch2/catch.hpp>

namespace sethkit::test {

inline std::uint64_t test_seed(const char* test_name, std::uint64_t fallback = 20261123) {
  std::uint64_t seed = fallback;
  if (const char* env = std::getenv("SETHKIT_TEST_SEED")) seed = std::strtoull(env, nullptr, 10);
  std::printf("[seed] %s: %llu (replay with SETHKIT_TEST_SEED=%llu)\n", test_name,
              static_cast<unsigned long long>(seed), static_cast<unsigned long long>(seed));
  return seed;
}

}  // namespace sethkit::test
