#!/usr/bin/env bash
# Configures and builds sethkit. Usage: scripts/build.sh [release|asan]
#   release: optimised for this machine (Release, SETHKIT_NATIVE: -march=native)
#            in build/release; the benchmarks time this build
#   asan:    AddressSanitizer + UndefinedBehaviorSanitizer in build/asan, at -O1 with
#            line tables (-g1): the reports keep file and line, and the build
#            takes about half the time of -O2 -g; the benchmarks are not built
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:-release}
case $kind in
  release) flags=(-DCMAKE_BUILD_TYPE=Release -DSETHKIT_NATIVE=ON) ;;
  asan) flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG"
              -DSETHKIT_SANITIZE=ON) ;;
  *) echo "usage: scripts/build.sh [release|asan]" >&2; exit 2 ;;
esac
# A unity build (SETHKIT_UNITY) unless SETHKIT_UNITY=OFF is in the environment:
# a fresh build takes about a third of the time.
flags+=("-DSETHKIT_UNITY=${SETHKIT_UNITY:-ON}")
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
cmake -S . -B "build/$kind" "${generator[@]}" "${flags[@]}" >/dev/null
cmake --build "build/$kind" --parallel "$(nproc)"
