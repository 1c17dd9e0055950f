#!/usr/bin/env bash
# The install, as a user meets it: `cmake --install` into a temporary prefix,
# then from that prefix alone the executable, `man sethkit`, the bash
# completion, `import sethkit`, a pkg-config build, and examples/cpp built with
# find_package(sethkit) and run (its own reduction through sethkit's checker:
# no counterexample; with a wrong threshold, a counterexample). The prefix is
# removed whatever happens.
# Usage: install_example.sh BUILD_DIR SOURCE_DIR PYTHON PYTHON_SITE_DIR|-
set -euo pipefail
build=$1
source_dir=$2
python=$3
site=$4
prefix=$(mktemp -d "${TMPDIR:-/tmp}/sethkit-install-XXXXXX")
trap 'rm -rf "$prefix"' EXIT
fail() { echo "install test: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$prefix" >/dev/null
for f in bin/sethkit lib/libsethkit_core.a include/sethkit/core/ov.hpp include/sethkit/core/version.hpp \
         lib/cmake/sethkit/sethkitConfig.cmake lib/cmake/sethkit/sethkitConfigVersion.cmake \
         lib/pkgconfig/sethkit.pc share/man/man1/sethkit.1 share/bash-completion/completions/sethkit; do
  [[ -e $prefix/$f ]] || fail "$f is not installed"
done
[[ -e $prefix/include/sethkit/cli ]] && fail "the command's own headers are installed"
cd "$prefix"  # nothing of the build tree from here on

version=$("$prefix/bin/sethkit" --version | awk '$1 == "sethkit" {print $2}')
[[ -n $version ]] || fail "sethkit --version"
page=$(MANWIDTH=100 man -P cat -M "$prefix/share/man" sethkit 2>/dev/null) || fail "man sethkit"
grep -q 'sethkit verify' <<<"$page" || fail "the man page lacks the verify command"
grep -q -- '--backend' <<<"$page" || fail "the man page lacks the options"

completions=$(bash -c 'source "$1"; COMP_WORDS=(sethkit gen c); COMP_CWORD=2; _sethkit
                       printf "%s\n" "${COMPREPLY[@]}"' _ "$prefix/share/bash-completion/completions/sethkit")
grep -qx cnf <<<"$completions" || fail "completing 'sethkit gen c' does not offer cnf"
completions=$(bash -c 'source "$1"; COMP_WORDS=(sethkit verify --ch); COMP_CWORD=2; _sethkit
                       printf "%s\n" "${COMPREPLY[@]}"' _ "$prefix/share/bash-completion/completions/sethkit")
grep -qx -- --chain <<<"$completions" || fail "completing 'sethkit verify --ch' does not offer --chain"

if [[ $site != - ]]; then
  module_version=$(PYTHONPATH="$prefix/$site" "$python" -c 'import sethkit; print(sethkit.__version__)') ||
    fail "import sethkit from $prefix/$site"
  [[ $module_version == "$version" ]] || fail "the module's version $module_version is not $version"
fi

export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
cat >"$prefix/pc.cpp" <<'CPP'
#include <sethkit/core/version.hpp>
#include <sethkit/instances/random_ov.hpp>
#include <sethkit/solvers/ov_solver.hpp>
#include <cstdio>
int main() {
  const auto g = sethkit::random_ov({40, 40, 12, 0.5, sethkit::OvPlant::kPlantYes, 1});
  std::printf("%s %d\n", sethkit::kToolVersion, sethkit::solve_ov_bitpacked(g.ov).found ? 1 : 0);
}
CPP
# shellcheck disable=SC2046  # pkg-config's flags are words
c++ "$prefix/pc.cpp" -o "$prefix/pc" $(pkg-config --cflags --libs sethkit) || fail "a pkg-config build"
[[ $("$prefix/pc") == "$version 1" ]] || fail "the pkg-config program's answer"

generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
cmake -S "$source_dir/examples/cpp" -B "$prefix/example" "${generator[@]}" \
  -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release >/dev/null || fail "find_package(sethkit)"
cmake --build "$prefix/example" >/dev/null || fail "building examples/cpp"
out=$("$prefix/example/check_sink_zero") || fail "examples/cpp found a counterexample: $out"
grep -q 'no counterexample' <<<"$out" || fail "examples/cpp said: $out"
if out=$("$prefix/example/check_sink_zero" --wrong-threshold); then
  fail "the checker missed the wrong threshold: $out"
fi
grep -q 'COUNTEREXAMPLE' <<<"$out" || fail "examples/cpp --wrong-threshold said: $out"
[[ -e $prefix/regressions ]] || fail "the counterexample was not written"
echo "install test: prefix, man page, completion, Python module, pkg-config and examples/cpp all work"
