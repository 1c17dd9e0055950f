#!/usr/bin/env bash
# End to end through the CLI: exit codes, SAT-competition output, files
# written by gen / reduce / attend / verify, and bad input: a one-line error
# naming the file, exit 1, and no output file left behind.
# Usage: cli.sh SETHKIT TEST_DATA_DIR PYTHON EXAMPLE_ORACLES_DIR
set -u
sethkit=$1
data=$2
python=$3
oracles=$4
# shellcheck source=assertions.sh
source "$(dirname "${BASH_SOURCE[0]}")/assertions.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1

# --- gen, solve, verify round trip
"$sethkit" gen cnf --vars 14 --ratio 3.5 --planted --seed 9 -o sat.cnf && pass || fail "gen cnf"
grep -q '^c seed: 9$' sat.cnf && grep -q '^c command: .*gen cnf' sat.cnf && grep -q '^p cnf 14 49$' sat.cnf && pass || fail "provenance"
"$sethkit" solve sat.cnf >solve.txt; code=$?
[[ $code == 10 ]] && grep -q '^s SATISFIABLE$' solve.txt && grep -qE '^v .* 0$' solve.txt && pass || fail "solve SAT exit $code"
"$sethkit" gen cnf --vars 12 --ratio 7 --seed 2 -o unsat.cnf
"$sethkit" solve unsat.cnf >solve.txt; code=$?
[[ $code == 20 ]] && grep -q '^s UNSATISFIABLE$' solve.txt && pass || fail "solve UNSAT exit $code"
# Compressed input by content: gzip on standard input, xz and zstd files (written
# by Python's lzma and by gzip itself), whatever their names.
gzip -c unsat.cnf | "$sethkit" solve - >solve.txt; code=$?
[[ $code == 20 ]] && grep -q '^s UNSATISFIABLE$' solve.txt && pass || fail "gzip on stdin: exit $code"
"$python" -c 'import lzma, sys; open(sys.argv[2], "wb").write(lzma.compress(open(sys.argv[1], "rb").read()))' sat.cnf sat.cnf.xz
cp sat.cnf.xz sat-no-extension.cnf
for f in sat.cnf.xz sat-no-extension.cnf; do
  "$sethkit" verify "$f" --json xzbundle.json >/dev/null 2>&1; code=$?
  [[ $code == 0 ]] && grep -q '"verdict": "agree"' xzbundle.json && pass || fail "verify $f (xz): exit $code"
done
head -c 40 sat.cnf.xz >cut.cnf.xz
expect_error "truncated xz" 1 "cut.cnf.xz: corrupt xz data" "$sethkit" solve cut.cnf.xz

"$sethkit" verify sat.cnf --json bundle.json >verify.txt; code=$?
[[ $code == 0 ]] && grep -q '"verdict": "agree"' bundle.json && grep -q '"schema_version": 2' bundle.json && grep -q '"assignment"' bundle.json && pass || fail "verify SAT exit $code"
"$sethkit" verify unsat.cnf >verify.txt; code=$?
[[ $code == 0 ]] && grep -q 'verdict no' verify.txt && pass || fail "verify UNSAT exit $code"
"$sethkit" verify sat.cnf --chain sat-3ov-transformer --layers 2 --heads 2 --json tbundle.json >verify.txt; code=$?
[[ $code == 0 ]] && grep -q '"verdict": "agree"' tbundle.json && grep -q '"to": "transformer"' tbundle.json && grep -q 'decoded: yes' verify.txt && grep -q 'c\[[0-9]*\] (3-ov: ok) -> assignment' verify.txt && pass || fail "verify sat-3ov-transformer SAT exit $code"
"$sethkit" verify unsat.cnf --chain sat-3ov-transformer --layers 1 --heads 4 --attention hardmax >verify.txt; code=$?
[[ $code == 0 ]] && grep -q 'decoded: no' verify.txt && pass || fail "verify sat-3ov-transformer UNSAT exit $code"

# --- the CNF families: small members of each, YES and NO, through verify; the
# decoded answer must be the family's stated one (and verify's ground truth agrees)
families=(
  "php --pigeons 3 --holes 2:unsat" "php --pigeons 2 --holes 3:sat" "php --pigeons 3 --holes 3 --functional --onto:sat"
  "parity --elements 5:unsat" "parity --elements 4:sat" "ordering --elements 3:unsat"
  "clique-coloring --vertices 3 --clique 2 --colours 1:unsat" "clique-coloring --vertices 3 --clique 2 --colours 2:sat"
  "tseitin --vertices 6 --degree 3 --seed 2:unsat" "tseitin --vertices 6 --degree 3 --charge randomeven --seed 2:sat")
for member in "${families[@]}"; do
  args=${member%:*} want=${member##*:}
  # shellcheck disable=SC2086
  "$sethkit" gen cnf --family $args -o fam.cnf 2>fam.txt || fail "gen cnf --family $args"
  grep -q "^c answer: $want$" fam.cnf && grep -q "answer: $want (" fam.txt && pass || fail "gen cnf --family $args: answer line, want $want"
  "$sethkit" verify fam.cnf --json fam.json >/dev/null 2>&1; code=$?
  decoded=$("$python" -c 'import json, sys; b = json.load(open(sys.argv[1])); print(b["verdict"], b["decoded_answer"]["verdict"])' fam.json)
  [[ $code == 0 && $decoded == "agree $([[ $want == sat ]] && echo yes || echo no)" ]] && pass || fail "verify --family $args: exit $code, '$decoded', want $want"
done
expect_error "gen cnf option of another family" 1 "gen cnf: --holes applies to --family php, not parity" "$sethkit" gen cnf --family parity --holes 3
expect_error "gen cnf tseitin odd n d" 1 "needs n d even" "$sethkit" gen cnf --family tseitin --vertices 5 --degree 3

"$sethkit" sweep direct-sum --quick -o dsum >dsum.txt 2>dsum_progress.txt; code=$?
[[ $code == 0 && -f dsum/direct_sum.csv ]] && grep -q '"slope_lh"' dsum/direct_sum.json && grep -q '"disagreements": 0' dsum/direct_sum.json && grep -q '^\[8/8\]' dsum_progress.txt && pass || fail "sweep direct-sum --quick exit $code"

"$sethkit" baur-strassen --n 4,9 --layers 2 --heads 3 --max-entry 2 --signed --json bs.json >bs.txt; code=$?
[[ $code == 0 ]] && grep -q 'every product reproduced exactly' bs.txt && grep -q '"all_exact": true' bs.json && grep -q '"exact_products": 6' bs.json && pass || fail "baur-strassen exit $code"
expect_error "baur-strassen anchor out of range" 1 'M_c = .*double range' "$sethkit" baur-strassen --n 6 --max-entry 100

"$sethkit" gen formula --depth 4 --count 10 --seed 3 -o f.jsonl 2>/dev/null; code=$?
[[ $code == 0 && $(wc -l <f.jsonl) == 11 ]] && head -1 f.jsonl | grep -q '"type":"header"' && [[ $(grep -c '"label":1' f.jsonl) == 5 ]] && grep -q '"postfix"' f.jsonl && pass || fail "gen formula exit $code"
"$sethkit" gen formula --kind arithmetic --shape random --leaves 9 --depth 5 --p 7 --encoding infix --count 14 -o a.jsonl 2>/dev/null; code=$?
[[ $code == 0 && $(grep -c '"label":3' a.jsonl) == 2 ]] && ! grep -q '"postfix"' a.jsonl && pass || fail "gen formula arithmetic exit $code"
expect_error "gen formula depth vs size" 1 'balanced formula with 8 leaves has depth 3, not 5' "$sethkit" gen formula --leaves 8 --depth 5 -o bad.jsonl
expect_absent bad.jsonl "gen formula depth vs size"
expect_error "gen formula modulus" 1 'prime' "$sethkit" gen formula --kind arithmetic --depth 3 --p 15 -o bad.jsonl

# The formula-evaluating RoPE transformer: a model directory forward runs and decodes.
"$sethkit" gen formula-model --layers 2 --formula '0 1 | 1 ! &' -o fmodel 2>/dev/null; code=$?
[[ $code == 0 && -f fmodel/model.json && -f fmodel/X.npy ]] && grep -q '"formula_transformer"' fmodel/certificate.json && pass || fail "gen formula-model exit $code"
"$sethkit" forward fmodel --decode >fforward.txt 2>/dev/null; code=$?
[[ $code == 0 ]] && grep -q 'decoded: root value 0 (the stack evaluator: 0, agrees)' fforward.txt && pass || fail "forward --decode formula exit $code"
cp -r fmodel fbadcert && sed -i 's/"kind": "boolean"/"kind": "arithmetic"/; s/"p": 2/"p": 9/' fbadcert/certificate.json
expect_error "forward --decode formula certificate" 1 "fbadcert/certificate.json: formula transformer: the modulus 9 is not a prime" "$sethkit" forward fbadcert --decode
"$sethkit" gen formula-model --formulas f.jsonl --record 3 --layers 12 --attention softmax -o fsoft 2>/dev/null && "$sethkit" forward fsoft --decode --json fsoft.json >/dev/null 2>&1; code=$?
[[ $code == 0 ]] && grep -q '"agrees": true' fsoft.json && pass || fail "formula-model softmax from a file exit $code"
expect_error "formula-model depth beyond the layers" 1 "f.jsonl:2: the formula has depth [0-9]+, beyond the model's 1 layers" "$sethkit" gen formula-model --formulas f.jsonl --record 0 --layers 1 -o fshallow
expect_absent fshallow "formula-model depth beyond the layers"
expect_error "formula-model unknown gate" 1 "--formula: token 3 '\\^': expected a value below 2 or one of & \\| !" "$sethkit" gen formula-model --layers 2 --formula '0 1 ^' -o fbad
expect_error "formula-model dangling operator" 1 "token 2 '&' has 1 operand\\(s\\) before it, expected 2" "$sethkit" gen formula-model --layers 2 --formula '1 &' -o fbad
expect_absent fbad "formula-model bad formula"

"$sethkit" sweep formula-depth --quick -o fdsweep >/dev/null 2>fdsweep.txt; code=$?
[[ $code == 0 ]] && grep -q '^boolean,caterpillar,4,4,4,' fdsweep/formula_depth.csv && grep -q '"experiment": "formula-depth"' fdsweep/formula_depth.json && grep -q '0 known roots wrong' fdsweep.txt && pass || fail "sweep formula-depth --quick exit $code"
"$sethkit" sweep rope-precision --quick -o rpsweep >/dev/null 2>rpsweep.txt; code=$?
[[ $code == 0 ]] && grep -q '^float64,10000,4096,' rpsweep/rope_precision.csv && grep -q 'float16 base 10000: the offset head is right up to position 2048' rpsweep.txt && pass || fail "sweep rope-precision --quick exit $code"
expect_error "sweep rope-precision bad format" 1 "format 'float8'" "$sethkit" sweep rope-precision --quick --formats float8 -o rpbad
"$sethkit" sweep pcp --quick -o pcpsweep >/dev/null 2>pcpsweep.txt; code=$?
[[ $code == 0 ]] && grep -q '^4,2,2,3,1,0,81,3,12,3,2,1.5,' pcpsweep/pcp.csv && grep -q '(21 shapes, [0-9]* chains run, 0 disagreeing)' pcpsweep.txt && pass || fail "sweep pcp --quick exit $code"
expect_error "sweep pcp bad m" 1 "m = 99 outside" "$sethkit" sweep pcp --m 4,99 -o pcpbad
expect_absent pcpbad "sweep pcp bad m"
expect_absent rpbad "sweep rope-precision bad format"
expect_error "sweep formula-depth bad kind" 1 "kind 'ternary'; expected boolean or arithmetic" "$sethkit" sweep formula-depth --quick --kinds ternary -o fdbad
expect_absent fdbad "sweep formula-depth bad kind"
"$sethkit" sweep conv --quick -o csweep >csweep.txt 2>csweep_progress.txt; code=$?
[[ $code == 0 && -f csweep/conv.csv ]] && grep -q '^structured,1024,8,8,4,' csweep/conv.csv && grep -q '"experiment": "conv"' csweep/conv.json && pass || fail "sweep conv --quick exit $code"
"$sethkit" sweep oracles --quick --budgets 1 -o osweep >osweep.txt 2>osweep_progress.txt; code=$?
[[ $code == 0 ]] && grep -qE '^hard,[0-9]+,[0-9]+,[0-9.]+,,12,0,flash,1,.*,1\.0000,1,' osweep/oracles.csv && grep -q '"experiment": "oracles"' osweep/oracles.json && grep -q 'refused: conv' osweep/oracles.csv && pass || fail "sweep oracles --quick exit $code: $(tail -2 osweep_progress.txt)"
"$sethkit" sweep gradient --quick -o gsweep >gsweep.txt 2>gsweep_progress.txt; code=$?
[[ $code == 0 && $(grep -c '^time,' gsweep/gradient.csv) == 3 && $(grep -c '^decode,' gsweep/gradient.csv) == 6 ]] && grep -q '"experiment": "gradient"' gsweep/gradient.json && grep -q '^slopes of log time against log n: flash backward' gsweep_progress.txt && pass || fail "sweep gradient --quick exit $code: $(tail -2 gsweep_progress.txt)"
expect_error "sweep gradient kappa" 1 "gradient sweep: kappa must be positive" "$sethkit" sweep gradient --log-n 6 --decode-log-n 4 --kappa 1,0 -o gsweep_bad
expect_absent gsweep_bad "sweep gradient kappa"
expect_error "sweep oracles unknown backend" 1 "unknown attention backend 'nope'" "$sethkit" sweep oracles --quick --backends flash,nope -o osweep_bad
expect_absent osweep_bad "sweep oracles unknown backend"
expect_error "attend conv non-causal" 1 "'conv' refuses this input: .*not causal" "$sethkit" attend --random 64,4,1 --backend conv -o conv_out.npy
expect_absent conv_out.npy "attend conv non-causal"
expect_error "attend conv over budget" 1 'conv: .*more than k_max = 64' "$sethkit" attend --random 512,8,1 --backend conv --causal
# --- tune fft: measured plans as FFTW wisdom, read by conv; a bad wisdom file refused in one line
"$sethkit" tune fft --max-n 64 -o wis/fftw-wisdom >tune.txt 2>tune_err.txt; code=$?
[[ $code == 0 && ! -s tune.txt ]] && grep -q '^(fftw-3' wis/fftw-wisdom && grep -q '^tune: plan: FFTW_MEASURE on 20 transform lengths up to 128 points' tune_err.txt &&
  grep -q '^wrote wis/fftw-wisdom: FFTW wisdom for 20 lengths from 8 to 128 points' tune_err.txt && pass || fail "tune fft exit $code: $(cat tune_err.txt)"
no_temp_files wis "tune fft"
"$sethkit" tune fft --patient --max-n 64 -o wis/patient >tune.txt 2>tune_err.txt; code=$?
[[ $code == 0 ]] && grep -q '^(fftw-3' wis/patient && grep -q '^tune: plan: FFTW_PATIENT on 20 transform lengths up to 128 points' tune_err.txt &&
  SETHKIT_FFTW_WISDOM=wis/patient "$sethkit" attend --random 64,4,1 --backend conv --causal --check -o conv_pat.npy >/dev/null && pass || fail "tune fft --patient exit $code: $(cat tune_err.txt)"
SETHKIT_FFTW_WISDOM=wis/fftw-wisdom "$sethkit" attend --random 64,4,1 --backend conv --causal --check -o conv_wis.npy >conv_wis.txt; code=$?
[[ $code == 0 && -s conv_wis.npy ]] && grep -qE 'measured error [0-9.e-]+' conv_wis.txt && pass || fail "attend conv with wisdom exit $code"
echo "not wisdom" >bad-wisdom
expect_error "attend conv, bad wisdom" 1 'error: bad-wisdom: not FFTW wisdom that this FFTW \(fftw-3[^)]*\) can read; make it again with `sethkit tune fft`$' env SETHKIT_FFTW_WISDOM=bad-wisdom "$sethkit" attend --random 64,4,1 --backend conv --causal -o conv_bad.npy
expect_absent conv_bad.npy "attend conv, bad wisdom"
expect_error "attend conv, missing wisdom" 1 'error: nowhere/fftw-wisdom \(SETHKIT_FFTW_WISDOM\): no such file$' env SETHKIT_FFTW_WISDOM=nowhere/fftw-wisdom "$sethkit" attend --random 64,4,1 --backend conv --causal -o conv_bad.npy
mkdir -p xdg/sethkit/fftw-wisdom  # the default wisdom path, a folder
expect_error "attend conv, default wisdom path a folder" 1 'error: xdg/sethkit/fftw-wisdom: not a file$' env XDG_CACHE_HOME=xdg "$sethkit" attend --random 64,4,1 --backend conv --causal -o conv_bad.npy
expect_absent conv_bad.npy "attend conv, default wisdom path a folder"
expect_error "tune fft above the time budget" 1 'refused before starting: measuring 95 lengths up to 4194304 points takes about .*above the time budget of 10 s' "$sethkit" tune fft --max-n 2000000 --max-seconds 10 -o wis/big
expect_absent wis/big "tune fft above the time budget"
"$sethkit" attend --random 300,8,1 --causal --rope 10000 --backend flash64 --check >rope.txt; code=$?
[[ $code == 0 ]] && grep -q 'RoPE (base 10000' rope.txt && grep -qE 'measured error [0-9.e-]+' rope.txt && pass || fail "attend --causal --rope exit $code"

"$sethkit" list >list.txt; code=$?
[[ $code == 0 ]] && grep -q 'ov-to-diameter' list.txt && grep -q 'sat-3ov-transformer *cnf-sat -> 3-ov -> transformer' list.txt && grep -q '^  conv ' list.txt && pass || fail "list exit $code"
"$sethkit" path cnf-sat attention >path.txt; code=$?
[[ $code == 0 ]] && grep -q '^2. cnf-sat -> ov -> gap-hamming -> attention  (verify --chain sat-ov-hamming-attention)' path.txt \
  && grep -qF 'composed                  n_q = 2^ceil(v/2) + 1, n_k = 2^floor(v/2) + 1' path.txt && pass || fail "path exit $code"
"$sethkit" list --dot | grep -q '^digraph reductions' && pass || fail "list --dot"
expect_error "path unknown problem" 1 "unknown problem 'stat'; did you mean 'sat'\\?" "$sethkit" path stat ov
"$sethkit" path sat attention >alias.txt && cmp -s path.txt alias.txt && pass || fail "path sat attention differs from path cnf-sat attention"

"$sethkit" check ov-to-diameter --trials 9 --json check.json --regressions regr >check.txt 2>/dev/null; code=$?
[[ $code == 0 ]] && grep -q '^ok   ov-to-diameter' check.txt && grep -q '"failures": 0' check.json && grep -q '"sample_run"' check.json && grep -q '"to": "graph-diameter"' check.json && pass || fail "check ov-to-diameter exit $code"
expect_error "check unknown reduction" 1 "unknown reduction 'nonesuch'" "$sethkit" check nonesuch

explained=0
for r in cnf-to-ov ov-to-attention ov-to-hamming gap-hamming-to-attention cnf-to-3ov 3ov-to-transformer ov-to-diameter ov-to-attention-gradient; do
  "$sethkit" explain "$r" --seed 3 --format md >explain.md && grep -q '^## Step 1' explain.md && grep -qiE 'brute[- ]' explain.md && explained=$((explained + 1))
done
[[ $explained == 8 ]] && pass || fail "explain: $explained of 8 reductions explained"
"$sethkit" gen ov --na 3 --dim 3 --plant yes --seed 5 -o tiny.ov && "$sethkit" explain ov-to-attention tiny.ov >explain.txt 2>&1 && grep -q '^Step 3: the logits' explain.txt && pass || fail "explain on a given OV file"
expect_error "explain unknown reduction" 1 "explain: unknown reduction 'nonesuch'" "$sethkit" explain nonesuch
"$sethkit" explain formula-transformer --seed 2 --format md >explain_formula.md && grep -q '^## Step 3' explain_formula.md && grep -qF '**after layer 3**: 1 0 1 0 0 1 1 1 0 0' explain_formula.md && grep -q 'the stack evaluator says 0 (agrees)' explain_formula.md && pass || fail "explain formula-transformer"

# --- reduce --to transformer writes a model directory; forward runs and decodes it
"$sethkit" reduce sat.cnf --to transformer --layers 2 --heads 2 -o tsat >reduce.txt; code=$?
[[ $code == 0 && -f tsat/model.json && -f tsat/X.npy && -f tsat/layer1_head1_wv.npy ]] && grep -q '"3ov_to_transformer"' tsat/certificate.json && pass || fail "reduce --to transformer SAT exit $code"
"$sethkit" forward tsat --decode -o tsat_out.npy >forward.txt; code=$?
[[ $code == 0 && -f tsat_out.npy ]] && grep -q '^decoded: yes' forward.txt && pass || fail "forward --decode SAT exit $code ($(cat forward.txt))"
"$sethkit" reduce unsat.cnf --to transformer --layers 1 --heads 4 --attention hardmax --mlp plain -o tunsat >reduce.txt; code=$?
[[ $code == 0 ]] && pass || fail "reduce --to transformer UNSAT exit $code"
"$sethkit" forward tunsat --decode --backend flash >forward.txt; code=$?
[[ $code == 0 ]] && grep -q '^decoded: no' forward.txt && pass || fail "forward --decode UNSAT exit $code ($(cat forward.txt))"
"$sethkit" gen ov --na 30 --dim 10 --plant yes --seed 4 -o yes.ov && grep -q '^c planted ' yes.ov && pass || fail "gen ov"
"$sethkit" verify yes.ov --noise 0.19 --seed 3 >/dev/null && pass || fail "verify with noise 0.19 under 7/36"
# The gradient chain: YES with its witness checked, NO, and a backend without a backward pass refused.
"$sethkit" verify yes.ov --chain ov-attention-gradient >grad.txt 2>/dev/null; code=$?
[[ $code == 0 ]] && grep -q 'result: agree (decoded YES, the witness passes' grad.txt && pass || fail "verify --chain ov-attention-gradient YES exit $code"
"$sethkit" gen ov --na 30 --dim 10 --plant no --seed 4 -o no.ov && "$sethkit" verify no.ov --chain ov-attention-gradient >grad.txt 2>/dev/null; code=$?
[[ $code == 0 ]] && grep -q 'result: agree (decoded NO' grad.txt && pass || fail "verify --chain ov-attention-gradient NO exit $code"
expect_error "gradient chain without a backward pass" 1 "external: no backward pass" "$sethkit" verify yes.ov --chain ov-attention-gradient --backend external --oracle-cmd 'true {out}'
# The distributed PCP (OV -> Gap Max-IP -> attention): YES with its witness, NO at a
# chosen k, CNF SAT and UNSAT through it, a q that is not a prime refused, a CNF too
# large for it refused by the plan, and the lesson.
"$sethkit" gen ov --na 8 --dim 6 --plant yes --seed 4 -o pyes.ov && "$sethkit" gen ov --na 8 --dim 6 --plant no --seed 4 -o pno.ov
"$sethkit" verify pyes.ov --chain ov-pcp-attention --json pbundle.json >pcp.txt 2>/dev/null; code=$?
[[ $code == 0 ]] && grep -q 'result: agree (decoded YES, the witness passes' pcp.txt && grep -q '"to": "gap-max-ip"' pbundle.json && pass || fail "verify --chain ov-pcp-attention YES exit $code"
"$sethkit" verify pno.ov --chain ov-pcp-attention --pcp-k 2 --pcp-q 7 >pcp.txt 2>/dev/null; code=$?
[[ $code == 0 ]] && grep -q 'result: agree (decoded NO' pcp.txt && grep -q 'k x l = 2 x 3 grid over F_7, 7 hints' pcp.txt && pass || fail "verify --chain ov-pcp-attention --pcp-k 2 --pcp-q 7 NO exit $code"
printf 'p cnf 4 5\n1 2 0\n-1 3 0\n-3 4 0\n-2 -4 0\n2 3 0\n' >pcp_sat.cnf
printf 'p cnf 2 4\n1 2 0\n-1 2 0\n1 -2 0\n-1 -2 0\n' >pcp_unsat.cnf
"$sethkit" verify pcp_sat.cnf --chain sat-ov-pcp-attention >pcp.txt 2>/dev/null; code=$?
[[ $code == 0 ]] && grep -q 'result: agree (decoded YES, the witness passes' pcp.txt && pass || fail "verify --chain sat-ov-pcp-attention SAT exit $code"
"$sethkit" verify pcp_unsat.cnf --chain sat-ov-pcp-hamming-attention >pcp.txt 2>/dev/null; code=$?
[[ $code == 0 ]] && grep -q 'result: agree (decoded NO' pcp.txt && pass || fail "verify --chain sat-ov-pcp-hamming-attention UNSAT exit $code"
expect_error "pcp chain with q not a prime" 1 "q = 9 must be a prime above" "$sethkit" verify pyes.ov --chain ov-pcp-attention --pcp-k 2 --pcp-q 9
expect_error "pcp chain too large" 1 "budget" "$sethkit" verify sat.cnf --chain sat-ov-pcp-attention
"$sethkit" explain ov-to-gap-max-ip --seed 1 >explain_pcp.txt && grep -q '(honest): .*3 of 3' explain_pcp.txt && grep -q 'gap ratio of 1.5' explain_pcp.txt && pass || fail "explain ov-to-gap-max-ip"
"$sethkit" verify yes.ov --scale '1/sqrt(d)' >/dev/null && pass || fail "verify at scale 1/sqrt(d)"
"$sethkit" verify yes.ov --chain ov-diameter --json dbundle.json >dverify.txt; code=$?
[[ $code == 0 ]] && grep -q 'largest a-b distance 3 -> yes' dverify.txt && grep -q '"verdict": "agree"' dbundle.json && pass || fail "verify ov-diameter YES exit $code"
"$sethkit" verify unsat.cnf --chain sat-ov-diameter >dverify.txt; code=$?
[[ $code == 0 ]] && grep -q 'largest a-b distance 2 -> no' dverify.txt && pass || fail "verify sat-ov-diameter UNSAT exit $code"
"$sethkit" reduce yes.ov --to diameter -o dgraph >/dev/null; code=$?
[[ $code == 0 ]] && grep -q '^graph G {' dgraph/graph.dot && grep -q 'label=x' dgraph/graph.dot && grep -q '"ov_to_diameter"' dgraph/certificate.json && pass || fail "reduce --to diameter exit $code"
expect_error "verify ov-diameter on a CNF" 1 "chain 'ov-diameter' starts from ov, but the input is an instance of cnf-sat" "$sethkit" verify unsat.cnf --chain ov-diameter
"$sethkit" reduce yes.ov -o plain_red >/dev/null && "$sethkit" reduce yes.ov --rope 10000 -o rope_red >/dev/null; code=$?
sc=$(grep -o '"scale": [0-9.e-]*' plain_red/certificate.json | head -1 | cut -d' ' -f2)
r_plain=$("$sethkit" attend --q plain_red/Q.npy --k plain_red/K.npy --v plain_red/V.npy --scale "$sc" | grep -o 'R = [0-9.]*')
r_rope=$("$sethkit" attend --q rope_red/Q.npy --k rope_red/K.npy --v rope_red/V.npy --scale "$sc" --rope 10000 | grep -o 'R = [0-9.]*')
[[ $code == 0 && -n $r_plain && $r_plain == "$r_rope" ]] && grep -q '"entry_bound_guarantee"' rope_red/certificate.json && pass || fail "reduce --rope keeps the logits ($r_plain vs $r_rope)"

"$sethkit" gen ov --na 30 --dim 10 --plant no --seed 4 -o no.ov
"$sethkit" verify no.ov --noise 0.45 --assume-error 1e-9 >verify.txt; code=$?
[[ $code == 3 ]] && grep -q 'ambiguous' verify.txt && pass || fail "oracle error beyond its claim: exit $code, want 3 ambiguous"

# --- Gap-Hamming and the Hamming-gadget chain
"$sethkit" gen gap-hamming --n 100 --dim 64 --t 8 --eps 1 --seed 2 -o g.gh && grep -q '^p gap-hamming 100 100 64 8 1$' g.gh && grep -q '^c label ' g.gh && pass || fail "gen gap-hamming"
"$sethkit" verify g.gh >verify.txt && grep -q 'decoded wrongly' verify.txt && pass || fail "verify gap-hamming (one sink)"
"$sethkit" verify g.gh --backend flash >/dev/null && pass || fail "verify gap-hamming with flash"
"$sethkit" verify g.gh --noise 0.24 --seed 4 >/dev/null && pass || fail "gap-hamming noise 0.24 under 1/4"
"$sethkit" gen gap-hamming --n 8 --dim 64 --t 4 --eps 5 --seed 2 -o small.gh
"$sethkit" verify small.gh --chain gap-hamming-attention-n-sinks >/dev/null && pass || fail "n-sink variant in float64"
expect_error "n-sink variant refuses float32" 1 'small.gh: .*not below the tolerated.*float64' "$sethkit" verify -q small.gh --chain gap-hamming-attention-n-sinks --backend flash
"$sethkit" verify sat.cnf --chain sat-ov-hamming-attention --json ham.json >verify.txt && grep -q 'Hamming gadget (C3)' verify.txt && grep -q '"ov-to-hamming"' ham.json && pass || fail "verify --chain sat-ov-hamming-attention"
"$sethkit" verify unsat.cnf --chain sat-ov-hamming-attention >/dev/null && pass || fail "Hamming-gadget chain on UNSAT"
# Any path of the reduction graph runs; one ending at a problem with no oracle is answered by its solver.
for chain in sat-ov sat-3ov sat-ov-hamming; do
  "$sethkit" verify sat.cnf --chain $chain --json composed.json >composed.txt && grep -q "chain $chain" composed.txt \
    && grep -q '(cnf-sat: ok)' composed.txt && grep -q '"reduction": "solver"' composed.json && pass || fail "verify --chain $chain"
done
expect_error "chain that is no path of the graph" 1 "no edge cnf-sat -> attention" "$sethkit" verify sat.cnf --chain sat-attention
expect_error "chain from the wrong problem" 1 "yes.ov: chain 'sat-ov-attention' starts from cnf-sat" "$sethkit" verify yes.ov --chain sat-ov-attention
"$sethkit" reduce g.gh -o ghred >/dev/null && [[ -s ghred/Q.npy ]] && grep -q gap_hamming_to_attention ghred/certificate.json && pass || fail "reduce a gap-hamming file"

"$sethkit" sweep transition --quick -o sweep >/dev/null 2>sweep.err && head -1 sweep/transition.csv | grep -q '^n,kappa' && [[ $(wc -l <sweep/transition.csv) == 10 ]] && grep -q '"experiment": "transition"' sweep/transition.json && pass || fail "sweep transition --quick"

# --- reduce and attend
"$sethkit" reduce sat.cnf -o red >/dev/null && pass || fail "reduce"
for f in Q.npy K.npy V.npy certificate.json instance.ov; do [[ -s red/$f ]] && pass || fail "reduce wrote no $f"; done
grep -q '"tolerated_error"' red/certificate.json && pass || fail "certificate fields"
"$sethkit" attend --q red/Q.npy --k red/K.npy --v red/V.npy -o out.npy --lse lse.npy --json att.json >/dev/null && [[ -s out.npy && -s lse.npy ]] && pass || fail "attend"
grep -q '"B"' att.json && grep -q '"R"' att.json && pass || fail "attend report"
head -c 6 out.npy | grep -q NUMPY && pass || fail "attend output is .npy"

"$sethkit" attend --random 300,8,1 --backend poly --check >att.txt && grep -q 'measured error' att.txt && grep -q 'rank r = C(' att.txt && pass || fail "attend --random --check with poly"
"$sethkit" attend --random 300,16,1 --backend flash --check --seed 5 >att.txt && grep -q 'measured error' att.txt && pass || fail "attend flash"
"$sethkit" verify sat.cnf --backend flash >/dev/null && pass || fail "verify with the flash oracle"
expect_error "poly refuses the SETH instances (R in the hundreds)" 1 "sat.cnf: backend 'poly' cannot run this instance: logit radius" "$sethkit" verify -q sat.cnf --backend poly
expect_error "poly rank explosion" 1 "backend 'poly' refuses this input: .*use flash" "$sethkit" attend --random 300,8,3 --backend poly -o poly_out.npy
expect_absent poly_out.npy "poly refusal"
expect_error "attend empty matrix" 1 'empty_0x3.npy: expected a non-empty matrix' "$sethkit" attend --q "$data/empty_0x3.npy" --k red/K.npy --v red/V.npy -o e.npy

# --- bad input: one line, exit 1, file named, nothing left behind
printf 'p cnf 3 2\n1 -2 0\n3 x 0\n' >bad.cnf
expect_error "malformed DIMACS" 1 'bad.cnf:3:3: expected a literal' "$sethkit" solve bad.cnf
printf 'p cnf 2 1\n1 -5 0\n' >beyond.cnf
expect_error "literal beyond declared (strict)" 1 'beyond.cnf:2:3: .*variable 5' "$sethkit" verify --strict beyond.cnf
printf 'p cnf 1000000000000 2\n' >absurd.cnf
expect_error "absurd header" 1 'absurd.cnf:1:7: .*limit' "$sethkit" verify absurd.cnf
printf 'p cnf 100 1\n1 100 0\n' >wide.cnf
printf 'p cnf 48 1\n1 48 0\n' >slow.cnf
expect_error "beyond the oracle's work budget" 1 'slow.cnf: .*budget' "$sethkit" verify -q slow.cnf
expect_error "beyond the time budget, refused before starting" 1 'slow.cnf: refused before starting: .*estimated time .*above the time budget of 1 min .*longest stage is (oracle|ground truth)' "$sethkit" verify slow.cnf --max-seconds 60
expect_error "too many variables: refused before starting" 1 'wide.cnf: refused before starting: .*above the memory budget' "$sethkit" verify wide.cnf
printf 'p cnf 60 1\n1 60 0\n' >big.cnf
expect_error "beyond the memory budget" 1 'big.cnf: refused before starting: .*above the memory budget of 8 GiB' "$sethkit" reduce big.cnf -o bigdir --max-memory 8G
expect_absent bigdir/Q.npy "reduce over the limit"
printf 'p ov 2 2 3\na 010\na 01\nb 000\nb 111\n' >bad.ov
expect_error "malformed OV" 1 'bad.ov:3:3: expected 3 characters' "$sethkit" verify bad.ov
expect_error "missing file" 1 'missing.cnf: cannot open' "$sethkit" verify missing.cnf
expect_error "unwritable output" 1 '/nonexistent/x.cnf' "$sethkit" gen cnf --vars 5 -o /nonexistent/x.cnf
expect_error "usage error" 2 '' "$sethkit" verify --no-such-flag sat.cnf
expect_error "no subcommand" 2 '' "$sethkit"
expect_error "attend shape mismatch" 1 'k_2x2.npy: K has 2 columns, Q has 49' "$sethkit" attend --q red/Q.npy --k "$data/k_2x2.npy" --v red/V.npy -o mismatch.npy
expect_absent mismatch.npy "attend shape mismatch"
cp -r tsat tnan && cp "$data/nan_2x2.npy" tnan/layer0_head1_wq.npy
expect_error "forward NaN weight" 1 'tnan/layer0_head1_wq.npy: entry \(0, 1\) is NaN' "$sethkit" forward tnan -o tnan_out.npy
expect_absent tnan_out.npy "forward NaN weight"
cp -r tsat tshape && cp "$data/k_2x2.npy" tshape/layer1_head0_wk.npy
expect_error "forward weight shape" 1 'tshape/model.json: .*layer 1 head 0 Wk.* is 2 x 2, expected' "$sethkit" forward tshape
expect_error "forward input width" 1 'k_2x2.npy: expected a non-empty input with [0-9]+ columns' "$sethkit" forward tsat --input "$data/k_2x2.npy"
"$sethkit" gen cnf --vars 70 --ratio 4 --seed 1 -o wide.cnf
expect_error "reduce 3-OV too big" 1 'wide.cnf: refused before starting: .*largest stage is encode 3ov-to-transformer' "$sethkit" reduce wide.cnf --to transformer -o twide --max-memory 8G
expect_absent twide/model.json "reduce 3-OV too big"
expect_error "reduce transformer from OV" 1 'needs a DIMACS CNF' "$sethkit" reduce yes.ov --to transformer -o tov
expect_error "attend NaN input" 1 'nan_2x2.npy: entry \(0, 1\) is NaN' "$sethkit" attend --q "$data/nan_2x2.npy" --k "$data/k_2x2.npy" --v "$data/k_2x2.npy" -o nan_out.npy
expect_absent nan_out.npy "attend NaN input"
expect_error "attend bad npy" 1 'bad.cnf: expected a .npy file' "$sethkit" attend --q bad.cnf --k red/K.npy --v red/V.npy -o x.npy
expect_error "attend unwritable lse" 1 '/nonexistent/lse.npy' "$sethkit" attend --q red/Q.npy --k red/K.npy --v red/V.npy -o good.npy --lse /nonexistent/lse.npy
expect_absent good.npy "attend with an unwritable second output"
expect_error "verify unknown backend" 1 "unknown attention backend 'nope'" "$sethkit" verify --backend nope sat.cnf
no_temp_files . "all commands"

# --- decode: an output computed outside the chain, read back with the certificate
"$sethkit" reduce sat.cnf -o dsat >/dev/null && "$sethkit" attend --q dsat/Q.npy --k dsat/K.npy --v dsat/V.npy -o dsat/y.npy >/dev/null
"$sethkit" decode dsat/y.npy --certificate dsat/certificate.json --source sat.cnf --json dsat/decoded.json >decode.txt; code=$?
[[ $code == 10 ]] && grep -q '^ov-to-attention: yes' decode.txt && grep -q 'independent check: ok' decode.txt && grep -q '"checked": true' dsat/decoded.json && pass || fail "decode YES exit $code: $(cat decode.txt)"
"$sethkit" reduce unsat.cnf -o dunsat >/dev/null && "$sethkit" attend --q dunsat/Q.npy --k dunsat/K.npy --v dunsat/V.npy --backend flash -o dunsat/y.npy >/dev/null
"$sethkit" decode dunsat/y.npy --certificate dunsat/certificate.json >decode.txt; code=$?
[[ $code == 20 ]] && grep -q '^ov-to-attention: no' decode.txt && pass || fail "decode NO exit $code: $(cat decode.txt)"
python3 - dunsat/y.npy <<'PY' && "$sethkit" decode dunsat/y.npy --certificate dunsat/certificate.json >decode.txt; code=$?
import sys
# Row 0 set to the threshold 25/36 (float64, C order, header of 128 bytes): no sound decision.
path = sys.argv[1]
data = bytearray(open(path, "rb").read())
import struct
data[128:136] = struct.pack("<d", 25 / 36)
open(path, "wb").write(bytes(data))
PY
[[ $code == 3 ]] && grep -q 'ambiguous rows (1): 0' decode.txt && pass || fail "decode ambiguous exit $code: $(cat decode.txt)"
expect_error "decode a source that is not the certificate's" 1 "not the source of" "$sethkit" decode dsat/y.npy --certificate dsat/certificate.json --source unsat.cnf
expect_error "decode a wrong shape" 1 "the certificate is for an output of" "$sethkit" decode dunsat/y.npy --certificate dsat/certificate.json
expect_error "decode without a certificate" 1 "certificate.json" "$sethkit" decode dsat/y.npy --certificate nope/certificate.json
"$sethkit" decode dsat/y.npy --certificate dsat/certificate.json --json nodir/out.json >/dev/null 2>&1
expect_absent nodir/out.json "decode with an unwritable JSON path"

# --- approximate backends and the external oracle
for b in performer hyper reformer nystrom window; do
  "$sethkit" attend --random 300,8,1 --backend $b --check -o $b.npy >att.txt && grep -q "error bound unbounded (no guarantee); measured error" att.txt && [[ -s $b.npy ]] && pass || fail "attend $b: $(cat att.txt)"
done
expect_error "attend unknown backend" 1 "unknown attention backend 'frobnicate'; known: .*performer" "$sethkit" attend --random 8,2,1 --backend frobnicate
expect_error "attend nystrom too many landmarks" 1 "nystrom.*65 landmarks asked for, above min" "$sethkit" attend --random 64,4,1 --backend nystrom --landmarks 65 -o ny.npy
expect_absent ny.npy "attend nystrom too many landmarks"
"$sethkit" attend --random 200,6,1 --causal --backend external --oracle-cmd "$python $oracles/numpy_exact.py {q} {k} {v} {out} {scale} {causal}" --check >ext.txt && grep -qE "measured error [0-9.e-]*(e-1[0-9]|^0 )" ext.txt && pass || fail "external numpy oracle: $(cat ext.txt)"
mkdir -p scratch
TMPDIR=$work/scratch expect_error "external failing command" 1 "external oracle 'exit 4 # \{out\}': exited with status 4" "$sethkit" attend --random 8,2,1 --backend external --oracle-cmd 'exit 4 # {out}' -o ext_bad.npy
expect_absent ext_bad.npy "external failing command"
TMPDIR=$work/scratch expect_error "external time limit" 1 "no answer within the time limit of 0.5 s" "$sethkit" attend --random 8,2,1 --backend external --oracle-cmd 'sleep 30 # {out}' --oracle-time-limit 0.5
TMPDIR=$work/scratch expect_error "external NaN" 1 "non-finite entry" "$sethkit" attend --random 8,2,1 --backend external --oracle-cmd "$python -c 'import sys, numpy as np; np.save(sys.argv[1], np.full((8, 2), np.nan))' {out}"
if [[ -z $(ls -A scratch) ]]; then pass; else fail "external: temporary folders left: $(ls scratch)"; fi
# An approximate oracle on the hard chain: an UNSAT formula decoded wrong is a
# disagreement with its cause, exit 3; exact flash agrees.
"$sethkit" gen cnf --vars 20 --clauses 95 --seed 7 -o hard_unsat.cnf
"$sethkit" verify hard_unsat.cnf --backend window >vw.txt; code=$?
[[ $code == 3 ]] && grep -q "cause: the oracle's measured error .* is above the tolerated .* (window guarantees no bound)" vw.txt && pass || fail "verify window on UNSAT: exit $code $(tail -2 vw.txt)"
"$sethkit" verify hard_unsat.cnf --backend flash >vf.txt && grep -q "result: agree" vf.txt && pass || fail "verify flash on UNSAT"
"$sethkit" verify hard_unsat.cnf --backend external --oracle-cmd "$python $oracles/numpy_exact.py {q} {k} {v} {out} {scale} {causal}" >ve.txt && grep -q "result: agree" ve.txt && pass || fail "verify external numpy on UNSAT: $(tail -2 ve.txt)"
"$sethkit" explain ov-to-attention --backend window --window 2 --sinks 0 >ex.txt && grep -q "the same instance through .window." ex.txt && grep -q "guarantees no bound" ex.txt && pass || fail "explain with a backend"

# --- names people type: aliases, and the nearest known name for an unknown one
"$sethkit" verify sat.cnf --chain cnf-sat-ov-attention >alias_v.txt && grep -q "result: agree" alias_v.txt && pass || fail "verify --chain cnf-sat-ov-attention"
expect_error "unknown command" 2 "^sethkit: error: unknown command 'sethkit frobnicate' \\(sethkit --help lists the commands\\)$" "$sethkit" frobnicate
expect_error "mistyped command" 2 "unknown command 'sethkit verfy'; did you mean 'verify'\\?" "$sethkit" verfy sat.cnf
expect_error "mistyped subcommand" 2 "unknown command 'sethkit gen cnff'; did you mean 'cnf'\\? \\(sethkit gen --help" "$sethkit" gen cnff --vars 3
expect_error "mistyped backend" 1 "unknown attention backend 'flsh'; did you mean 'flash'\\?" "$sethkit" attend --random 8,2,1 --backend flsh
expect_error "mistyped chain" 1 "did you mean 'sat-ov-attention'\\?" "$sethkit" verify sat.cnf --chain sat-ov-atention
expect_error "mistyped reduction" 1 "unknown reduction 'ov-to-atention'; did you mean 'ov-to-attention'\\?" "$sethkit" check ov-to-atention

# --- every subcommand states its defaults and its version
"$sethkit" gen cnf --help | grep -E -- '--vars .*=20$' >/dev/null && pass || fail "gen cnf --help does not show the default of --vars"
"$sethkit" verify --help | grep -E -- '--backend TEXT=auto ' >/dev/null && pass || fail "verify --help does not show the default backend"
[[ $("$sethkit" sweep conv --version) == $("$sethkit" --version) ]] && pass || fail "sweep conv --version"
"$sethkit" attend --help | grep -E -- '--features ' | grep -qv -- '=-1' && pass || fail "attend --help shows the sentinel -1 as a default"

# --- --help everywhere
for sub in gen "gen cnf" "gen ov" "gen gap-hamming" "gen formula" "gen formula-model" sweep "sweep transition" "sweep direct-sum" "sweep conv" "sweep oracles" "sweep gradient" "sweep formula-depth" "sweep rope-precision" "sweep pcp" solve reduce attend decode forward baur-strassen list path check explain verify demo tune "tune fft"; do
  # shellcheck disable=SC2086
  "$sethkit" $sub --help >/dev/null && pass || fail "$sub --help"
done

echo "$passed passed, $failed failed"
((failed == 0))
