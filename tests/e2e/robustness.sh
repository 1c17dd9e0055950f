#!/usr/bin/env bash
# Robust under real use, through the CLI (docs/cli.md, "Budgets and progress",
# "Interrupted runs", "Output files"): a chain too large for the budget refused
# before any work, with the stage and the figure; hostile headers refused
# without allocating; negative counts refused by name; output files created
# with 0666 & ~umask (or the replaced file's mode); no temporary file left
# after SIGINT or SIGTERM; a non-empty output folder refused without --force;
# inputs of unknown size stopped at the budget.
# Usage: robustness.sh SETHKIT PYTHON FUZZ_DIR (tests/fuzz: its regression corpora)
set -u
sethkit=$1
python=$2
fuzz=$3
# shellcheck source=assertions.sh
source "$(dirname "${BASH_SOURCE[0]}")/assertions.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1

# --- decide before working: a 50-variable formula needs 2^25 vectors a side
"$sethkit" gen cnf --vars 50 --clauses 90 --seed 3 -o f50.cnf
start=$(date +%s%N)
expect_error "50 variables refused before starting" 1 \
  'f50.cnf: refused before starting: the chain needs about [0-9.]+ GiB in memory, above the memory budget of 4 GiB \(--max-memory\); the largest stage is encode ov-to-attention \[n_q = ' \
  timeout 20 "$sethkit" verify f50.cnf --max-memory 4G
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
((elapsed_ms < 5000)) && pass || fail "50 variables: the refusal took ${elapsed_ms} ms"
"$sethkit" gen cnf --vars 36 --clauses 150 --seed 2 -o f36.cnf
expect_error "36 variables beyond the time budget" 1 \
  'f36.cnf: refused before starting: the chain.s estimated time is .*above the time budget of 10 s \(--max-seconds\); the longest stage is oracle \(auto\)' \
  timeout 20 "$sethkit" verify f36.cnf --max-seconds 10
"$sethkit" gen cnf --vars 8 --clauses 20 --seed 1 -o small.cnf
"$sethkit" verify small.cnf >v.txt 2>stages.txt && head -1 stages.txt | grep -q '^verify: plan: .* in memory' &&
  grep -q '^  ground truth (ov, ov-bitpacked)' stages.txt && grep -q '^verify: oracle ov-to-attention: done in' stages.txt &&
  pass || fail "verify stage lines: $(head -3 stages.txt)"
expect_error "reduce refused before starting" 1 'f50.cnf: refused before starting: .*above the memory budget of 4 GiB' "$sethkit" reduce f50.cnf -o r50 --max-memory 4G
[[ ! -e r50 ]] && pass || fail "reduce refused but created r50"
expect_error "attend --random above the memory budget" 1 '--random 1000000 x 1000: Q, K, V and the output take 29.8 GiB, above the memory budget of 4 GiB' "$sethkit" attend --random 1000000,1000,1 --max-memory 4G
expect_error "attend above the time budget" 1 'refused before starting: exact attention on 100000 x 64 queries and 100000 keys takes about .* above the time budget of 5 s' "$sethkit" attend --random 100000,64,1 --max-seconds 5
"$sethkit" verify -q small.cnf >v.txt 2>stages.txt && [[ ! -s stages.txt ]] && pass || fail "verify -q prints stage lines"

# --- hostile OV headers: refused, or bounded by the file's length (no allocation)
printf 'p ov 8192 8192 1048576\n' >h1.ov
printf 'p ov 103927 4 65000\n' >h2.ov
expect_error "OV header above the memory budget" 1 \
  'h1.ov:1:6: header declares nA = 8192 and nB = 8192 vectors of dimension 1048576: 8 GiB \+ 8 GiB, above the memory limit of 12 GiB' \
  "$sethkit" verify -q h1.ov --max-memory 12G
# Under a 2 GB address-space cap (not possible for a sanitizer build, whose
# shadow memory alone reserves terabytes of addresses: there the cap is skipped).
if (ulimit -v 2000000; "$sethkit" --version >/dev/null 2>&1); then cap() { ulimit -v 2000000; }; else cap() { :; }; fi
(cap; "$sethkit" verify -q h1.ov --max-memory 64G --chain ov-hamming >o.txt 2>e.txt) && grep -q "the file has 0" e.txt && pass || fail "h1.ov within a large budget allocated: $(cat e.txt)"
(cap; "$sethkit" verify -q h2.ov --max-memory 64G --chain ov-hamming >o.txt 2>e.txt) && grep -q "the file has 0" e.txt && pass || fail "h2.ov allocated: $(cat e.txt)"

# --- counts: negative and out-of-range values refused by name
expect_error "gen ov --nb -1" 2 '--nb: must be an integer between 1 and 2\^40, found .-1.' "$sethkit" gen ov --nb -1 -o x.ov
expect_error "gen cnf --vars 2^32" 2 '--vars: must be an integer between 1 and 2147483647' "$sethkit" gen cnf --vars 4294967296 -o x.cnf
# count limits follow the memory budget: 10^9 variables are refused under 4G, accepted under 1T
expect_error "gen cnf --vars 10^9 under 4G" 1 '--vars: 1000000000 is above the limit of 16777216 variables for the memory budget of 4 GiB \(--max-memory\)' "$sethkit" gen cnf --vars 1000000000 --clauses 1 --max-memory 4G -o x.cnf
"$sethkit" gen cnf --vars 1000000000 --clauses 1 --max-memory 1T -o x.cnf && grep -q '^p cnf 1000000000 1$' x.cnf && pass || fail 'gen cnf --vars 10^9 under a 1T budget'
expect_error "--seed -1" 2 '--seed: must be a non-negative integer, found .-1.' "$sethkit" gen cnf --seed -1 -o x.cnf
expect_error "attend --check-rows -5" 2 '--check-rows: must be a non-negative integer' "$sethkit" attend --random 4,2,1 --check-rows -5
expect_error "--max-memory nonsense" 2 '--max-memory: expected a size such as 512M' "$sethkit" verify small.cnf --max-memory 12Q
expect_error "gen ov above the memory budget" 1 'gen ov: the instance would take about .* above the memory budget of 1 MiB' "$sethkit" gen ov --na 4096 -d 1024 --max-memory 1M -o big.ov
[[ ! -e big.ov ]] && pass || fail "gen ov above the budget wrote big.ov"

# --- inputs of unknown size stop at the budget (a quarter of it)
expect_error "standard input beyond the budget" 1 '<stdin>: input exceeds the limit of 4 MiB' \
  bash -c "head -c 100000000 /dev/zero | '$sethkit' verify - --max-memory 16M"
expect_error "a device beyond the budget" 1 '/dev/zero: input exceeds the limit of 4 MiB' "$sethkit" verify /dev/zero --max-memory 16M
head -c 50000000 /dev/zero | gzip -c >bomb.cnf.gz
expect_error "gzip bomb stopped at the budget" 1 'bomb.cnf.gz: decompressed size exceeds the limit of 4 MiB' "$sethkit" verify bomb.cnf.gz --max-memory 16M

# --- output modes: 0666 & ~umask, or the replaced file's
(umask 022 && "$sethkit" gen cnf --vars 5 --clauses 3 -o m.cnf) && [[ $(stat -c %a m.cnf) == 644 ]] && pass || fail "mode under umask 022: $(stat -c %a m.cnf)"
(umask 002 && "$sethkit" gen ov --na 4 -d 4 -o m.ov) && [[ $(stat -c %a m.ov) == 664 ]] && pass || fail "mode under umask 002: $(stat -c %a m.ov)"
chmod 640 m.cnf && (umask 022 && "$sethkit" gen cnf --vars 6 --clauses 3 -o m.cnf) && [[ $(stat -c %a m.cnf) == 640 ]] && pass || fail "a replaced file keeps its mode: $(stat -c %a m.cnf)"
"$sethkit" verify -q small.cnf --json run.json >/dev/null && (umask 022; [[ $(stat -c %a run.json) == 644 ]]) && pass || fail "run bundle mode $(stat -c %a run.json)"

# --- progress in a log: plain lines, also for CaDiCaL's search; none under -q
"$sethkit" gen cnf --vars 300 --clauses 1278 --seed 3 -o hard300.cnf
"$sethkit" solve hard300.cnf --time-limit 2 >/dev/null 2>progress.txt
grep -qE '^CaDiCaL: running for [0-9.]+ s, time limit 2 s$' progress.txt && ! grep -q $'\r' progress.txt && pass || fail "CaDiCaL's progress lines: $(cat progress.txt)"
"$sethkit" solve -q hard300.cnf --time-limit 2 >/dev/null 2>progress.txt
[[ ! -s progress.txt ]] && pass || fail "solve -q printed: $(cat progress.txt)"

# --- interrupted runs leave no temporary file
for sig in TERM INT; do
  mkdir -p "int_$sig"
  "$python" - "$sethkit" "int_$sig" "$sig" <<'PY' && pass || fail "SIG$sig left: $(ls "int_$sig")"
import os, signal, subprocess, sys, time
sethkit, folder, sig = sys.argv[1], sys.argv[2], getattr(signal, "SIG" + sys.argv[3])
p = subprocess.Popen([sethkit, "gen", "cnf", "--vars", "100000", "--clauses", "8000000",
                      "-o", os.path.join(folder, "big.cnf")],
                     preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
deadline = time.time() + 120
while not any(".tmp." in f for f in os.listdir(folder)):
    if p.poll() is not None or time.time() > deadline:
        sys.exit("the temporary file never appeared")
    time.sleep(0.005)
p.send_signal(sig)
code = p.wait()
sys.exit(0 if code == -sig and os.listdir(folder) == [] else 1)
PY
done

# --- forward estimates its pass before running it
"$sethkit" reduce small.cnf --to transformer --layers 2 --heads 2 -o tmodel >/dev/null 2>&1 && pass || fail "reduce --to transformer"
expect_error "forward above the time budget" 1 'tmodel: refused before starting: the forward pass takes about .* above the time budget' "$sethkit" forward tmodel --max-seconds 0.000001

# --- a sweep plans its grid first, and a plan above the budget is refused before any work
"$sethkit" sweep conv --quick -o planned >/dev/null 2>plan.txt && head -1 plan.txt | grep -qE '^sweep conv: plan: 6 cells; the largest \(hard, n = 256, d = 17\) keeps about .*; ' && pass || fail "sweep plan line: $(head -1 plan.txt)"
expect_error "sweep above the time budget" 1 'sweep transition: refused before starting: its 63 cells take about .* above the time budget of 10 s \(--max-seconds\)' "$sethkit" sweep transition -o refused_t --max-seconds 10
expect_error "sweep above the memory budget" 1 'sweep oracles: refused before starting: its largest cell \(threshold, n = 2\^16, d = 128\) needs about .* above the memory budget of 10 MiB' "$sethkit" sweep oracles -o refused_o --max-memory 10M
[[ ! -e refused_t && ! -e refused_o ]] && pass || fail "a refused sweep left its folder"

# --- a sweep killed halfway resumes, and its files equal an uninterrupted run's
# (timing columns aside: they are measured again in any run)
sweep_resumes() {
  local name=$1 stem=$2 cut=$3
  shift 3
  "$sethkit" sweep "$name" "$@" -o "whole_$name" >/dev/null 2>&1 || { fail "sweep $name: the uninterrupted run failed"; return; }
  "$python" - "$sethkit" "$name" "$stem" "$cut" "$@" <<'PY' && pass || fail "sweep $name: resumed files differ or nothing was resumed"
import csv, os, signal, subprocess, sys
sethkit, name, stem, cut, extra = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5:]
folder = "cut_" + name
cmd = [sethkit, "sweep", name, *extra, "-o", folder]
p = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True,
                     preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
for line in p.stderr:
    if line.startswith("[%d/" % cut):
        p.send_signal(signal.SIGINT)
        break
p.wait()
journal = os.path.join(folder, stem + ".partial.jsonl")
if not os.path.exists(journal) or os.path.exists(os.path.join(folder, stem + ".csv")):
    sys.exit("no journal after the interruption")
again = subprocess.run(cmd, capture_output=True, text=True)
if again.returncode != 1 or "--resume" not in again.stderr:
    sys.exit("a second run without --resume was not refused")
r = subprocess.run(cmd + ["--resume"], capture_output=True, text=True)
if r.returncode != 0 or "resuming: " not in r.stderr or os.path.exists(journal):
    sys.exit("the resumed run failed: " + r.stderr[-300:])
timing = lambda c: c.endswith("_s") or "seconds" in c or "over_flash" in c
def rows(path):
    with open(path) as f:
        table = list(csv.reader(f))
    keep = [i for i, c in enumerate(table[0]) if not timing(c)]
    return [[row[i] for i in keep] for row in table]
a, b = rows(os.path.join("whole_" + name, stem + ".csv")), rows(os.path.join(folder, stem + ".csv"))
sys.exit(0 if a == b and len(a) > cut else "rows differ")
PY
}
sweep_resumes conv conv 3 --quick
sweep_resumes oracles oracles 20 --quick --budgets 1
sweep_resumes direct-sum direct_sum 3 --quick
sweep_resumes transition transition 4 --quick
# check: killed after its second reduction, resumed, the same bundle
"$sethkit" check all --trials 20 --json check_whole.json >/dev/null 2>&1
"$python" - "$sethkit" <<'PY' && pass || fail "check --resume: bundles differ or nothing was resumed"
import json, os, signal, subprocess, sys
sethkit = sys.argv[1]
cmd = [sethkit, "check", "all", "--trials", "20", "--json", "check_cut.json"]
p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                     preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
seen = 0
for line in p.stdout:
    seen += line.startswith("ok ")
    if seen == 2:
        p.send_signal(signal.SIGINT)
        break
p.wait()
if not os.path.exists("check_cut.json.partial.jsonl") or os.path.exists("check_cut.json"):
    sys.exit("no journal after the interruption")
r = subprocess.run(cmd + ["--resume"], capture_output=True, text=True)
if r.returncode != 0 or "resuming: 2 reduction(s)" not in r.stderr:
    sys.exit("resume failed: " + r.stderr[-300:])
def strip(path):
    with open(path) as f:
        d = json.load(f)
    for key in ("tool", "command_line"):
        d.pop(key)
    for res in d["results"]:
        res.pop("seconds")
        res["sample_run"] = None if res["sample_run"] is None else sorted(res["sample_run"])
    return d
sys.exit(0 if strip("check_whole.json") == strip("check_cut.json") else "bundles differ")
PY
"$sethkit" sweep conv --quick -o whole_conv >/dev/null 2>err.txt; [[ $? == 1 ]] && grep -q "earlier results are here; pass --force" err.txt && pass || fail "sweep over earlier results not refused: $(cat err.txt)"
"$sethkit" sweep conv --quick -o whole_conv --force >/dev/null 2>&1 && pass || fail "sweep --force"
expect_error "reduce -o -" 1 "reduce writes a folder of files; standard output cannot hold it" "$sethkit" reduce small.cnf -o -
expect_error "sweep -o -" 1 "a sweep writes a folder of files; standard output cannot hold it" "$sethkit" sweep conv --quick -o -

# --- every input that once broke a reader: one line naming the file, exit 1
mkdir -p model_dir && cp "$fuzz"/model/*.npy model_dir/
for f in "$fuzz"/regressions/model_json/*; do
  cp "$f" model_dir/model.json
  expect_error "model.json $(basename "$f")" 1 '^sethkit: error: model_dir/model.json: ' "$sethkit" forward model_dir
  grep -q 'json.exception' err.txt && fail "model.json $(basename "$f"): nlohmann's raw message"
done
"$python" -c "import numpy as np; np.save('y.npy', np.zeros((9, 1)))"
for f in "$fuzz"/regressions/certificate/*; do
  expect_error "certificate $(basename "$f")" 1 "^sethkit: error: $f: " "$sethkit" decode y.npy --certificate "$f"
  grep -q 'json.exception' err.txt && fail "certificate $(basename "$f"): nlohmann's raw message"
done
for f in "$fuzz"/regressions/npy/*; do
  expect_error "npy $(basename "$f")" 1 "^sethkit: error: $f: " "$sethkit" attend --q "$f" --k "$f" --v "$f"
done
for f in "$fuzz"/regressions/ov/*; do
  expect_error "ov $(basename "$f")" 1 "^sethkit: error: $f:1:6: header declares" "$sethkit" verify -q "$f" --max-memory 1G
done

# --- a non-empty output folder is refused without --force
"$sethkit" reduce small.cnf -o red >/dev/null && pass || fail "reduce into a new folder"
expect_error "reduce into a non-empty folder" 1 "red: the output folder is not empty \(it holds '.*'\); choose a new folder or pass --force" "$sethkit" reduce small.cnf -o red
"$sethkit" reduce small.cnf -o red --force >/dev/null && pass || fail "reduce --force"

echo "$passed passed, $failed failed"
((failed == 0))
