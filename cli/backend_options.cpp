#include "cli/backend_options.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "cli/budget_options.hpp"

namespace sethkit::cli {

void add_backend_options(CLI::App& cmd, std::string& backend, BackendOptions& o,
                         const std::string& backend_help) {
  cmd.add_option("--backend", backend,
                 fmt::format("{} ({})", backend_help, fmt::join(backend_names(), ", ")));
  cmd.add_option("--target-error", o.target_error,
                 "poly: wanted max entrywise error (chooses the Taylor degree)")
      ->check(CLI::PositiveNumber);
  cmd.add_option("--degree", o.degree, "poly: fixed Taylor degree instead of the degree rule")
      ->check(CLI::NonNegativeNumber);
  cmd.add_option("--max-rank", o.max_rank, "poly: refuse a feature rank above this");
  cmd.add_option("--conv-window", o.conv_window,
                 "conv: window T of the change-point search (default 8)")
      ->check(count_between(1, std::uint64_t{1} << 20));
  cmd.add_option("--conv-tau", o.conv_tau,
                 "conv: l1 threshold between windows (default: automatic, for exact inputs)");
  cmd.add_option("--conv-k-max", o.conv_k_max,
                 "conv: refuse scores that need more bases (default 64)");
  cmd.add_option("--conv-eps", o.conv_eps,
                 "conv: stated distance of the scores from an exact k-conv matrix (default 0)")
      ->check(CLI::NonNegativeNumber);
  cmd.add_option_function<std::uint64_t>(
      "--backend-seed", [&o](std::uint64_t seed) { o.set_seed(seed); },
      "performer, hyper, reformer: seed of the random features, hyperplanes, rotations and "
      "samples (default 1)");
  cmd.add_option("--features", o.performer.features,
                 "performer: number of random features m (default round(d ln d))")
      ->check(count_between(1, std::uint64_t{1} << 20));
  cmd.add_flag_function(
      "--iid-features", [&o](std::int64_t) { o.performer.orthogonal = false; },
      "performer: i.i.d. Gaussian features instead of orthogonal blocks");
  cmd.add_option("--block", o.hyper.block,
                 "hyper: block size b of the sorted diagonal (default 256)")
      ->check(count_between(1, std::uint64_t{1} << 30));
  cmd.add_option("--samples", o.hyper.samples,
                 "hyper: key columns sampled for the residual, at most n (default min(256, n))")
      ->check(count_between(0, std::uint64_t{1} << 30));
  cmd.add_option("--lsh-planes", o.hyper.projections, "hyper: hyperplanes of sortLSH (default 7)")
      ->check(CLI::Range(1, 30));
  cmd.add_option("--exact-below", o.hyper.exact_below,
                 "hyper: exact attention at or below this many keys (default 0; the authors' code "
                 "uses 4096)")
      ->check(count_between(0, std::uint64_t{1} << 30));
  cmd.add_option("--chunk", o.reformer.chunk, "reformer: chunk length (bucket size, default 64)")
      ->check(count_between(1, std::uint64_t{1} << 30));
  cmd.add_option("--buckets", o.reformer.buckets,
                 "reformer: hash buckets, 1 or even (default n / chunk)")
      ->check(count_between(1, std::uint64_t{1} << 16));
  cmd.add_option("--rounds", o.reformer.rounds, "reformer: hashing rounds (default 4)")
      ->check(CLI::Range(1, 64));
  cmd.add_option("--landmarks", o.nystrom.landmarks,
                 "nystrom: segment-mean landmarks, at most n (default min(64, n))")
      ->check(count_between(1, std::uint64_t{1} << 30));
  cmd.add_option("--pinv-iterations", o.nystrom.pinv_iterations,
                 "nystrom: iterations of the pseudo-inverse, 0 = exact (default 6)")
      ->check(CLI::Range(0, 100));
  cmd.add_option("--window", o.window.window,
                 "window: sliding window w, |j - p| <= w/2 (causal: w keys) (default 512)")
      ->check(count_between(1, std::uint64_t{1} << 40));
  cmd.add_option("--sinks", o.window.sinks, "window: always-visible first keys (default min(4, n))")
      ->check(count_between(0, std::uint64_t{1} << 30));
  cmd.add_option("--oracle-cmd", o.external.command,
                 "external: the command run as the oracle, with {q} {k} {v} {out} [{lse}] {scale} "
                 "{causal} substituted");
  cmd.add_option("--oracle-time-limit", o.external.time_limit_s,
                 "external: seconds one call may take (default 600)")
      ->check(CLI::PositiveNumber);
}

}  // namespace sethkit::cli
