#!/usr/bin/env bash
# Runs every benchmark side by side with its peer, in one run, and writes
# bench/results/*.md (tables) and bench/results/*.csv (raw medians):
#   chain.{md,csv}      CNF -> OV -> attention (default oracle) beside CaDiCaL
#   attention.{md,csv}  the machine's limits (sgemm, flash's tile products,
#                       exp, OV's AND-and-test loop), flash vs the Eigen and
#                       PyTorch peers, flash memory, poly vs flash, the
#                       approximate backends vs flash, the backward pass
#                       (flash, poly, conv), OV vs NumPy
# Needs the bench packages: scripts/install-deps.sh --bench (python3-torch, python3-numpy).
# Usage: bench/run.sh [--quick]
#   --quick: one repeat, chain to 24 variables, poly to 2^15, OV at 2^13, no
#   memory runs; results go to bench/results/quick/ and leave the full ones alone.
set -euo pipefail
cd "$(dirname "$0")/.."
args="$*"
quick=0
[[ ${1:-} == --quick ]] && quick=1
bash scripts/install-deps.sh --bench
bash scripts/build.sh release
out=bench/results
((quick)) && out=bench/results/quick
mkdir -p "$out"
bin=build/release/bench
python=/usr/bin/python3  # Debian's, which sees python3-torch and python3-numpy
machine="$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB"
header() { echo "# $1: $(date -u +%Y-%m-%d), $machine"; echo; echo "Command: bench/run.sh $args"; echo; }

reps=5; peer_reps=5; max_log_n=18; mem_sizes=(131072 262144); chain_max=30; ov_n=16384
if ((quick)); then reps=1; peer_reps=1; max_log_n=15; mem_sizes=(); chain_max=24; ov_n=8192; fi

{ header "sethkit chain benchmark"; "$bin/sethkit_bench_chain" --csv "$out/chain.csv" --max-vars "$chain_max" --repeats 3; } \
  | tee "$out/chain.md"

csv="$out/attention.csv"
: >"$csv"
# The peers as a careful user sets them up: Debian's OpenBLAS (install-deps.sh
# --bench) behind NumPy and PyTorch, its kernel chosen by measuring the sgemm
# rate of each kernel this CPU can run, two threads; all of it recorded.
echo "choosing OPENBLAS_CORETYPE ..." >&2
best_core=default best_rate=0
for core in default Haswell SkylakeX Zen Sandybridge; do
  if [[ $core == default ]]; then env=(env -u OPENBLAS_CORETYPE); else env=(env OPENBLAS_CORETYPE=$core); fi
  rate=$("${env[@]}" OPENBLAS_NUM_THREADS=2 "$python" bench/peers.py sgemm 2>/dev/null) || continue
  echo "info,blas,0,0,sgemm_gflops_$core,$rate" | tee -a "$csv"
  if awk -v r="$rate" -v b="$best_rate" 'BEGIN { exit !(r > b) }'; then best_core=$core best_rate=$rate; fi
done
if [[ $best_core == default ]]; then unset OPENBLAS_CORETYPE; else export OPENBLAS_CORETYPE=$best_core; fi
export OPENBLAS_NUM_THREADS=2
echo "info,blas,0,0,openblas_coretype,$best_core" | tee -a "$csv"
echo "info,blas,0,0,library,$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3)" | tee -a "$csv"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# glibc keeps freed memory for the next call (as a long-lived process, or a
# caching allocator, keeps it): without it PyTorch's n x n temporaries are
# fresh pages every call, and on a VM the page faults cost more than the
# products (1.46 s against 0.18 s at n = 8192, d = 64). flash runs under the
# same setting.
tunables=glibc.malloc.mmap_threshold=4294967295:glibc.malloc.trim_threshold=4294967295
echo "info,allocator,0,0,peers_glibc_tunables,1" | tee -a "$csv"
echo "the machine's limits: tile products, exp, AND-and-test ..." >&2
OMP_NUM_THREADS=2 "$bin/sethkit_bench_attention" --repeats "$reps" limits | tee -a "$csv"
echo "flash grid ..." >&2
GLIBC_TUNABLES=$tunables "$bin/sethkit_bench_attention" --repeats "$reps" flash-grid | tee -a "$csv"
echo "Eigen peer ..." >&2
GLIBC_TUNABLES=$tunables OMP_NUM_THREADS=2 "$bin/sethkit_bench_attention" --repeats "$peer_reps" eigen-grid | tee -a "$csv"
echo "PyTorch peer ..." >&2
GLIBC_TUNABLES=$tunables "$python" bench/peers.py attention "$peer_reps" | tee -a "$csv"
for n in ${mem_sizes[@]+"${mem_sizes[@]}"}; do
  echo "flash memory at n = $n ..." >&2
  "$bin/sethkit_bench_attention" memory "$n" | tee -a "$csv"
done
echo "poly vs flash ..." >&2
"$bin/sethkit_bench_attention" --repeats "$((quick ? 1 : 3))" poly --max-log-n "$max_log_n" | tee -a "$csv"
# The approximate backends allocate O(n) fresh buffers per call; on a VM each
# first touch of a page is a fault, which at n >= 2^16 costs more than the
# arithmetic. The section runs as a long-lived process does (and as PyTorch's
# caching allocator arranges): glibc keeps freed memory for the next call
# (recorded in the results), so the median of the repeats measures the
# algorithms; flash, compute-bound, is beside them under the same setting.
# conv's FFT plans as a careful FFTW user has them: searched once on this
# machine with FFTW_PATIENT (about 26 min to n = 2^17, 3 min to 2^14), kept
# beside the -march=native build it belongs with and read back as FFTW
# wisdom by later runs; the rows record how many plans came from it.
grad_log_n=$((quick ? 14 : 17))
wisdom="build/release/fftw-wisdom-patient-$((1 << grad_log_n))"
if [[ ! -s $wisdom ]]; then
  echo "searching conv's FFT plans once for this machine (sethkit tune fft --patient, about $((quick ? 3 : 26)) min) ..." >&2
  build/release/sethkit tune fft -q --patient --max-n "$((1 << grad_log_n))" -o "$wisdom"
fi
echo "the backward pass: flash, poly, conv ..." >&2
SETHKIT_FFTW_WISDOM="$wisdom" GLIBC_TUNABLES=$tunables OMP_NUM_THREADS=2 "$bin/sethkit_bench_attention" --repeats "$((quick ? 1 : 3))" gradient --max-log-n "$grad_log_n" | tee -a "$csv"
for n in ${mem_sizes[@]+"${mem_sizes[@]}"}; do
  echo "flash backward memory at n = $((n / 2)) ..." >&2
  "$bin/sethkit_bench_attention" backward-memory "$((n / 2))" | tee -a "$csv"
done
echo "approximate backends vs flash ..." >&2
echo "info,allocator,0,0,approximate_glibc_tunables,1" | tee -a "$csv"
GLIBC_TUNABLES=$tunables "$bin/sethkit_bench_attention" --repeats "$((quick ? 1 : 3))" approximate --max-log-n "$max_log_n" | tee -a "$csv"
echo "OV solvers and the NumPy peer ..." >&2
"$bin/sethkit_bench_attention" --repeats "$((quick ? 1 : 3))" ov --n "$ov_n" --export "$tmp" | tee -a "$csv"
# NumPy on the same OpenBLAS, core type and threads as above.
"$python" bench/peers.py ov "$tmp" "$((quick ? 1 : 3))" | tee -a "$csv"
{ header "sethkit attention benchmark"; "$python" bench/report.py "$csv"; } | tee "$out/attention.md"
