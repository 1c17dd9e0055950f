#!/usr/bin/env bash
# Runs that outgrow one machine (docs/scaling.md), through the CLI: every
# sweep (--quick) and a check run as shards (--shard I/K) and joined by
# `sethkit merge` give the same results as the unsharded runs (tests/e2e/same_results.py: every
# field but measured times and the command line); shards leave only their
# journals; merge refuses a missing shard, a shard of another run, an
# interrupted shard and results already in place; --shard refuses I > K.
# Usage: shards.sh SETHKIT PYTHON
set -u
sethkit=$1
python=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
same="$python $here/same_results.py"
# shellcheck source=assertions.sh
source "$here/assertions.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1

# --- sweep transition --quick: unsharded, then 3 shards into one folder, merged
"$sethkit" sweep transition --quick -o full >/dev/null 2>&1 || fail "unsharded transition sweep"
for i in 1 2 3; do
  "$sethkit" sweep transition --quick --shard "$i/3" -o shards >/dev/null 2>&1 ||
    fail "transition shard $i/3"
done
[[ $(ls shards | wc -l) == 3 && -z $(ls shards | grep -v 'shard-[123]-of-3.partial.jsonl') ]] &&
  pass || fail "shards left other files than their journals: $(ls shards)"
"$sethkit" merge -o merged shards/*.jsonl >/dev/null 2>&1 && pass || fail "merge of the transition shards"
for f in transition.csv transition.json; do
  $same "full/$f" "merged/$f" && pass || fail "merged $f differs from the unsharded one"
done
expect_absent merged/transition.partial.jsonl "merge (the joined journal)"

# --- the other sweeps, --quick, in 2 shards each
for sweep in direct-sum conv oracles; do
  stem=${sweep/-/_}
  "$sethkit" sweep "$sweep" --quick -o "$stem-full" >/dev/null 2>&1
  for i in 1 2; do "$sethkit" sweep "$sweep" --quick --shard "$i/2" -o "$stem-shards" >/dev/null 2>&1; done
  "$sethkit" merge -o "$stem-merged" "$stem-shards/$stem".shard-*.partial.jsonl >/dev/null 2>&1 ||
    fail "merge of the $sweep shards"
  for ext in csv json; do
    $same "$stem-full/$stem.$ext" "$stem-merged/$stem.$ext" && pass ||
      fail "merged $stem.$ext differs from the unsharded one"
  done
done

# --- check all: unsharded, then 2 shards, merged into a bundle of another name
"$sethkit" check all --trials 5 --json full.json >/dev/null 2>&1 || fail "unsharded check"
"$sethkit" check all --trials 5 --json part.json --shard 1/2 >/dev/null 2>&1 || fail "check shard 1/2"
"$sethkit" check all --trials 5 --json part.json --shard 2/2 >/dev/null 2>&1 || fail "check shard 2/2"
expect_absent part.json "a check shard (it keeps its journal only)"
"$sethkit" merge -o merged.json part.json.shard-*.partial.jsonl >/dev/null 2>&1 &&
  pass || fail "merge of the check shards"
$same full.json merged.json && pass || fail "merged check bundle differs from the unsharded one"

# --- refusals
expect_error "a missing shard" 1 'expected all 3 shards; missing shard\(s\) 2' \
  "$sethkit" merge -o m2 shards/transition.shard-1-of-3.partial.jsonl shards/transition.shard-3-of-3.partial.jsonl
"$sethkit" sweep transition --quick --seed 9 --shard 2/3 -o other >/dev/null 2>&1
expect_error "a shard of another run" 1 'other/transition.shard-2-of-3.partial.jsonl:1: expected the same run as' \
  "$sethkit" merge -o m3 shards/transition.shard-1-of-3.partial.jsonl other/transition.shard-2-of-3.partial.jsonl \
  shards/transition.shard-3-of-3.partial.jsonl
head -n 2 shards/transition.shard-2-of-3.partial.jsonl >cut.shard-2-of-3.partial.jsonl
expect_error "an interrupted shard" 1 'cut.shard-2-of-3.partial.jsonl: no shard record' \
  "$sethkit" merge -o m4 shards/transition.shard-1-of-3.partial.jsonl cut.shard-2-of-3.partial.jsonl \
  shards/transition.shard-3-of-3.partial.jsonl
expect_error "results already in place" 1 'merged/transition.csv: earlier results are here' \
  "$sethkit" merge -o merged shards/*.jsonl
expect_error "shard beyond the count" 1 "--shard: expected I/K with 1 <= I <= K" \
  "$sethkit" sweep transition --quick --shard 4/3 -o bad
expect_absent bad "a refused shard"

echo "$passed passed, $failed failed"
((failed == 0))
