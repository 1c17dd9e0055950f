#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang (AddressSanitizer,
# UndefinedBehaviorSanitizer, LeakSanitizer) in build/fuzz and runs each on its
# seed and regression corpora.
# Usage: scripts/fuzz.sh [RUNS [SECONDS]] [TARGET...]
#   RUNS     executions per target (default 1000000)
#   SECONDS  a time cap per target (default 600)
# Fails on any crash, leak, timeout (10 s an input), or allocation above
# 512 MiB; the input that did it is kept in build/fuzz/artifacts/TARGET/ and
# belongs, once fixed, in tests/fuzz/regressions/TARGET/. The inputs a run
# finds interesting stay in build/fuzz/corpus/TARGET/ (not in the repository).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-1000000}
seconds=${2:-600}
shift $(($# > 2 ? 2 : $#))
targets=("$@")
((${#targets[@]})) || targets=(dimacs ov gap_hamming npy archive certificate model_json journal)
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
cmake -S . -B build/fuzz "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG" -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_C_COMPILER=clang -DSETHKIT_FUZZ=ON "-DSETHKIT_UNITY=${SETHKIT_UNITY:-ON}" >/dev/null
cmake --build build/fuzz --parallel "$(nproc)" --target "${targets[@]/#/fuzz_}"
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
status=0
for t in "${targets[@]}"; do
  mkdir -p "build/fuzz/corpus/$t" "build/fuzz/artifacts/$t"
  log="build/fuzz/$t.log"
  corpora=("build/fuzz/corpus/$t")
  for dir in "tests/fuzz/corpus/$t" "tests/fuzz/regressions/$t"; do
    [[ -d $dir ]] && corpora+=("$dir")  # libFuzzer stops at a folder that does not exist
  done
  if "build/fuzz/tests/fuzz/fuzz_$t" -runs="$runs" -max_total_time="$seconds" -timeout=10 \
      -rss_limit_mb=2048 -malloc_limit_mb=512 -max_len=65536 -print_final_stats=1 \
      -artifact_prefix="build/fuzz/artifacts/$t/" "${corpora[@]}" >"$log" 2>&1; then
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
    secs=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
    echo "fuzz $t: ok, $execs executions ($secs per second)"
  else
    echo "fuzz $t: FAILED (log: $log; input: $(ls "build/fuzz/artifacts/$t" | head -1))"
    grep -E 'ERROR|SUMMARY|runtime error|==[0-9]+==' "$log" | head -5
    status=1
  fi
done
exit $status
