#!/usr/bin/env bash
# Writes sethkit's man page from its command-line definitions: help2man reads
# `sethkit --help` and `--version` for the synopsis and options, and a COMMANDS
# section holds every subcommand's --help (paths from `sethkit completion
# commands`). Run by the build (cmake/manpage.cmake).
# Usage: scripts/make_manpage.sh SETHKIT_BINARY OUTPUT.1
set -euo pipefail
sethkit=$1
out=$2
include="$out.include"
trap 'rm -f "$include"' EXIT
# roff: a backslash is \e; a line starting with . or ' is protected by \&.
escape() { sed -e 's/\\/\\e/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"; }
{
  echo "[COMMANDS]"
  echo "Each subcommand takes --help. Their options:"
  while IFS= read -r path; do
    # shellcheck disable=SC2086  # the path is words: "gen cnf"
    echo ".SS \"sethkit $path\""
    echo ".nf"
    "$sethkit" $path --help | escape
    echo ".fi"
  done < <("$sethkit" completion commands)
  echo "[SEE ALSO]"
  echo "The documentation in the source tree: docs/cli.md (every command), docs/python.md"
  echo "(the Python module), docs/install.md (the library and its CMake package)."
} >"$include"
help2man --no-info --no-discard-stderr --name "SETH hardness of attention, end to end" \
  --section 1 --include "$include" --output "$out.tmp" "$sethkit"
mv "$out.tmp" "$out"
