#!/usr/bin/env bash
# One command on a fresh machine: install the Debian packages, then build and
# run the whole test suite twice: the optimised build (with the slow
# 30-variable chain tests, the Python module's pytest suite and the install
# into a temporary prefix with examples/cpp built against it) and the ASan +
# UBSan build (all but those and three end-to-end tests, below); both
# are unity builds (scripts/build.sh); then every reader's
# libFuzzer target for a bounded run (50000 executions or 30 s each,
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
echo "== sethkit fuzz targets: 50000 executions each (at most 30 s)"
bash scripts/fuzz.sh 50000 30
