#!/usr/bin/env bash
# One command on a fresh machine: install the Debian packages, then build and
# run the whole test suite twice: the optimised build (with the slow
# 30-variable chain tests, the Python module's pytest suite and the install
# into a temporary prefix with examples/cpp built against it) and the ASan +
# UBSan build (all but those and three end-to-end tests, below); both
# are unity builds (scripts/build.sh); then the libFuzzer targets of the
# file readers for a bounded run (50000 executions or 30 s each,
# scripts/fuzz.sh), failing on any crash, leak, timeout or oversized allocation.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
jobs=$(nproc)
for kind in release asan; do
  echo "== sethkit tests: $kind build"
  bash scripts/build.sh "$kind"
  # Three end-to-end tests run in the release pass only, to keep a CI run on
  # two cores under 40 minutes: sharding (tests/e2e/shards.sh: every sweep run
  # three to four times; core/shard and core/journal_merge run under ASan in
  # the unit tests and the journal fuzz target), the CLI's behaviour
  # (tests/e2e/cli.sh) and its JSON documents (tests/e2e/json_documents.py),
  # together about four minutes of ASan time. The ASan pass keeps the
  # robustness test (every kind of bad input through the CLI) and the
  # manifest test.
  skip=()
  [[ $kind == asan ]] && skip=(-E '^(e2e_shards|e2e_cli|e2e_json)$')
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir "build/$kind" --output-on-failure -j "$jobs" ${skip[@]+"${skip[@]}"}
done
# The five readers of core/ only: the certificate, model.json and journal
# targets link chain/, attention/ and check/, whose clang build with the
# fuzzer's instrumentation would add five minutes to a CI run kept under 40.
# Their seed and regression corpora are replayed in both passes above
# (fuzz_replay_*, under ASan in the second), and `bash scripts/fuzz.sh`
# alone fuzzes all eight.
echo "== sethkit fuzz targets (core readers): 50000 executions each (at most 30 s)"
bash scripts/fuzz.sh 50000 30 dimacs ov gap_hamming npy archive
