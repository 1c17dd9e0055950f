#!/usr/bin/env bash
# Installs every Debian package sethkit's build and tests need; with --bench
# also the benchmarks' peers. Usage: scripts/install-deps.sh [--bench].
# Idempotent: packages already present are skipped; apt-get update runs only
# when something is missing.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git python3
  python3-numpy
  libeigen3-dev
  libcadical-dev cadical
  libboost-graph-dev
  catch2
  libfmt-dev
  libcli11-dev
  nlohmann-json3-dev
  libfftw3-dev
  libmuparser-dev
  libflint-dev
  zlib1g-dev libarchive-dev
  libssl-dev
  clang libclang-rt-14-dev
  python3-dev pybind11-dev python3-pytest python3-jsonschema
  help2man man-db
)

# python3-numpy runs the example oracles (examples/oracles/) in the tests;
# python3-dev and pybind11-dev build the Python module (python/), python3-pytest
# tests it; python3-jsonschema validates every command's --json document
# against docs/schemas (tests/e2e/json_documents.py); help2man writes the man page, man-db's `man` reads it in the
# install test (tests/install/);
# clang and its runtime (libFuzzer, the sanitizers) build the fuzz targets.
# --bench adds the peers of the benchmarks (bench/run.sh), PyTorch and
# Debian's OpenBLAS (which then provides libblas.so.3 to PyTorch and NumPy:
# the reference BLAS would handicap them), and matplotlib for the
# experiments' figures (scripts/plot_*.py).
if [[ ${1:-} == --bench ]]; then
  packages+=(python3-torch libopenblas0-pthread python3-matplotlib)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
echo "install-deps: installing ${missing[*]}"
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
