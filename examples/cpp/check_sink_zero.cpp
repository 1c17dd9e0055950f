// Runs the reduction of sink_zero_reduction.hpp through sethkit's Karp-style
// checker (check/reduction_check.hpp): planted YES, forced NO and random OV
// instances and every instance up to a tiny size, the oracle (sethkit's exact
// `flash64` backend) perturbed by up to 99% of the tolerated error, the answer
// compared with sethkit's OV solver and the witness put through its checker.
// A failing instance is shrunk and written to ./regressions.
//
//   check_sink_zero [--wrong-threshold]   (exit 0: no counterexample; 1: one found)
//
// --wrong-threshold decodes at 0.9 instead of 11/36, a bug the check catches.
#include <cstdio>
#include <cstring>
#include <string>

#include <sethkit/attention/registry.hpp>
#include <sethkit/check/reduction_check.hpp>
#include <sethkit/core/eigen_threads.hpp>
#include <sethkit/core/rng.hpp>
#include <sethkit/core/verify.hpp>
#include <sethkit/solvers/ov_solver.hpp>

#include "sink_zero_reduction.hpp"

using namespace sethkit;

int main(int argc, char** argv) {
  disable_eigen_threads();  // as every entry point (core/eigen_threads.hpp)
  const bool wrong = argc > 1 && std::strcmp(argv[1], "--wrong-threshold") == 0;
  const SinkZeroOvToAttention reduction({wrong ? 0.9 : 11.0 / 36.0});
  const auto oracle = make_backend("flash64");

  ReductionChecker checker;
  checker.name = SinkZeroOvToAttention::kName;
  checker.ov = [&](const OvInstance& ov, std::uint64_t seed) -> std::string {
    const AttentionInstance t = reduction.encode(ov);
    Matrix out = oracle->run({t.q, t.k, t.v, t.scale}).out;
    Rng rng(seed);
    out += uniform_matrix(rng, out.rows(), out.cols(), 0.99 * 7.0 / 36.0);
    const SinkZeroDecoded d = reduction.decode(ov, t, out);
    const OvAnswer truth = solve_ov_bitpacked(ov);
    if ((d.verdict == Verdict::kYes) != truth.found)
      return std::string("decoded ") + to_string(d.verdict) + ", the OV solver says " +
             (truth.found ? "yes" : "no");
    if (truth.found && !(d.witness && is_orthogonal_pair(ov, d.witness->first, d.witness->second)))
      return "decoded YES without an orthogonal pair";
    return "";
  };

  CheckParams params;
  params.trials = 300;
  params.seed = 1;
  params.regressions_dir = "regressions";
  params.command = wrong ? "check_sink_zero --wrong-threshold" : "check_sink_zero";
  const CheckResult r = run_check(checker, params);
  std::printf("%s: %zu random instances (%zu YES, %zu NO) and %zu exhaustive: %s\n",
              r.reduction.c_str(), r.random_trials, r.yes, r.no, r.exhaustive,
              r.failure ? "COUNTEREXAMPLE" : "no counterexample");
  if (r.failure)
    std::printf("  %s instance, seed %llu: %s\n  shrunk to %s\n", r.failure->family.c_str(),
                static_cast<unsigned long long>(r.failure->seed), r.failure->message.c_str(),
                r.failure->file.empty() ? "(not written)" : r.failure->file.c_str());
  return r.failure ? 1 : 0;
}
