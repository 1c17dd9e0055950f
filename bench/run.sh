#!/usr/bin/env bash
# Runs the benchmarks of the optimised build side by side and writes
# bench/results/chain.md (table) and bench/results/chain.csv (raw medians).
# Usage: bench/run.sh [--repeats N] [--max-vars V] [--ov-n N]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh release
mkdir -p bench/results
{
  echo "# sethkit benchmark: $(date -u +%Y-%m-%d), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "Command: bench/run.sh $*"
  echo
  ./build/release/bench/sethkit_bench_chain --csv bench/results/chain.csv "$@"
} | tee bench/results/chain.md
