#!/usr/bin/env bash
# End to end: every instance of instances/MANIFEST.tsv through the CLI.
# CNF: `solve` with CaDiCaL and with brute force must give the manifest's
# answer (exit 10 / 20); `verify` must agree (exit 0) and decode the same
# verdict. OV: `verify` must agree and decode the manifest's answer.
# Usage: manifest.sh SETHKIT INSTANCES_DIR
set -u
sethkit=$1
dir=$2
passed=0
failed=0
check() {  # check NAME CONDITION-RESULT
  if [[ $2 == ok ]]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $1 ($2)"; fi
}
while IFS=$'\t' read -r file problem answer _source strict _description; do
  [[ $file == file ]] && continue
  path="$dir/$file"
  strict_flag=()
  [[ $strict == yes ]] && strict_flag=(--strict)
  if [[ $problem == cnf ]]; then
    want_code=$([[ $answer == sat ]] && echo 10 || echo 20)
    for solver in cadical brute-force; do
      "$sethkit" solve --solver "$solver" "${strict_flag[@]}" "$path" >/dev/null 2>&1
      code=$?
      check "$file solve $solver" "$([[ $code == "$want_code" ]] && echo ok || echo "exit $code, want $want_code")"
    done
    verdict=$([[ $answer == sat ]] && echo yes || echo no)
  else
    verdict=$answer
  fi
  out=$("$sethkit" verify "${strict_flag[@]}" "$path" 2>&1)
  code=$?
  check "$file verify exit" "$([[ $code == 0 ]] && echo ok || echo "exit $code: $out")"
  check "$file verify verdict" "$(grep -q "verdict $verdict," <<<"$out" && echo ok || echo "no 'verdict $verdict' in: $out")"
  if [[ $strict == no ]]; then
    "$sethkit" verify --strict "$path" >/dev/null 2>&1
    code=$?
    check "$file refused by --strict" "$([[ $code == 1 ]] && echo ok || echo "exit $code, want 1")"
  fi
done <"$dir/MANIFEST.tsv"
echo "$passed passed, $failed failed"
((failed == 0))
