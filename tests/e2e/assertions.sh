# The end-to-end scripts' assertions (sourced by cli.sh and robustness.sh):
# counters, pass / fail, and the checks of a refusal (exit code, one stderr
# line matching a pattern) and of what a run must not leave behind.
passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }

# expect_error NAME EXIT PATTERN CMD...: exit code, one stderr line matching PATTERN.
expect_error() {
  local name=$1 want=$2 pattern=$3
  shift 3
  "$@" >out.txt 2>err.txt
  local code=$?
  local lines
  lines=$(wc -l <err.txt)
  if [[ $code != "$want" ]]; then fail "$name: exit $code, want $want ($(cat err.txt))"
  elif [[ $want == 1 && $lines != 1 ]]; then fail "$name: $lines stderr lines, want 1: $(cat err.txt)"
  elif ! grep -qE -- "$pattern" err.txt; then fail "$name: stderr '$(cat err.txt)' lacks /$pattern/"
  else pass; fi
}
expect_absent() { if [[ -e $1 ]]; then fail "$2: $1 was left behind"; else pass; fi; }
no_temp_files() { if compgen -G "$1/*.tmp.*" >/dev/null; then fail "$2: temporary files left in $1"; else pass; fi; }
