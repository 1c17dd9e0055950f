#include "solvers/brute_force_sat.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "core/error.hpp"
#include "core/verify.hpp"

namespace sethkit {

SatResult solve_brute_force(const Cnf& cnf, const SatOptions& options) {
  require(cnf.num_vars() <= kMaxBruteForceVars,
          fmt::format("brute-force SAT handles at most {} variables, the formula has {}",
                      kMaxBruteForceVars, cnf.num_vars()));
  const auto start = std::chrono::steady_clock::now();
  const auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  SatResult result;
  result.solver = "brute-force";
  result.solver_version = "1";

  struct Masks {
    std::uint64_t pos = 0, neg = 0;
  };
  std::vector<Masks> clauses(cnf.num_clauses());
  for (std::size_t c = 0; c < cnf.num_clauses(); ++c)
    for (int lit : cnf.clause(c)) {
      const std::uint64_t bit = 1ULL << (std::abs(lit) - 1);
      (lit > 0 ? clauses[c].pos : clauses[c].neg) |= bit;
    }

  const std::uint64_t total = 1ULL << cnf.num_vars();
  for (std::uint64_t x = 0; x < total; ++x) {
    bool ok = true;
    for (const auto& m : clauses)
      if (((x & m.pos) | (~x & m.neg)) == 0) {
        ok = false;
        break;
      }
    if (ok) {
      result.status = SatStatus::kSat;
      result.model.resize(static_cast<std::size_t>(cnf.num_vars()));
      for (int v = 0; v < cnf.num_vars(); ++v) result.model[v] = (x >> v) & 1;
      if (!satisfies(cnf, result.model))
        throw Error("brute-force SAT: internal error, model fails the check");
      result.seconds = elapsed();
      return result;
    }
    if ((x & 0xFFFF) == 0xFFFF && options.time_limit_s > 0 && elapsed() > options.time_limit_s) {
      result.status = SatStatus::kUnknown;
      result.note = fmt::format("time limit {} s reached after {} of {} assignments",
                                options.time_limit_s, x + 1, total);
      result.seconds = elapsed();
      return result;
    }
  }
  result.status = SatStatus::kUnsat;
  result.seconds = elapsed();
  return result;
}

}  // namespace sethkit
