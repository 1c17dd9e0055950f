#!/usr/bin/env bash
# One command on a fresh machine: install the Debian packages, build the
# optimised binary, and run `sethkit demo` (a SAT and an UNSAT formula through
# CNF -> OV -> attention -> decoded answer, checked against CaDiCaL).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh release
./build/release/sethkit demo "$@"
