// What exact attention costs, for plans made before any work (docs/cli.md,
// "Budgets and progress"): n_q n_k (d + d_v) multiply-adds at a rate measured
// on a two-core machine (docs/performance.md: about 10^10 a second for
// `naive`, 2 10^10 for `flash64`, 4 10^10 for `flash`), and the bytes of Q, K, V, the output and
// the row sums in double. Estimates, good to a factor of a few.
#pragma once

#include <string>

namespace sethkit {

inline constexpr double kNaiveMacsPerSecond = 1e10;
inline constexpr double kFlashMacsPerSecond = 4e10;
inline constexpr double kFlash64MacsPerSecond = 2e10;

// Exact attention's estimated seconds on `backend`: flash's rate for flash,
// flash64's for flash64 and for the chains' `auto` (flash in float32 or
// float64, chain/oracle_choice.hpp), naive's for every other.
inline double estimated_attention_seconds(double n_q, double n_k, double d, double d_v,
                                          const std::string& backend) {
  const double rate = backend == "flash"                          ? kFlashMacsPerSecond
                      : backend == "flash64" || backend == "auto" ? kFlash64MacsPerSecond
                                                                  : kNaiveMacsPerSecond;
  return n_q * n_k * (d + d_v) / rate;
}

// Q (n_q x d), K (n_k x d), V (n_k x d_v), the output (n_q x d_v) and the row
// sums, in double.
inline double attention_bytes(double n_q, double n_k, double d, double d_v) {
  return (n_q * d + n_k * d + n_k * d_v + n_q * d_v + n_q) * 8;
}

}  // namespace sethkit
