#!/usr/bin/env bash
# One command on a fresh machine: install the Debian packages, then build and
# run the whole test suite twice: the optimised build (with the slow
# 30-variable chain tests) and the ASan + UBSan build; then every reader's
# libFuzzer target for a bounded run (100000 executions or 90 s each,
# scripts/fuzz.sh), failing on any crash, leak, timeout or oversized allocation.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
jobs=$(nproc)
for kind in release asan; do
  echo "== sethkit tests: $kind build"
  bash scripts/build.sh "$kind"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir "build/$kind" --output-on-failure -j "$jobs"
done
echo "== sethkit fuzz targets: 100000 executions each (at most 90 s)"
bash scripts/fuzz.sh 100000 90
