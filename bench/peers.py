#!/usr/bin/python3
"""The peers of bench_attention, as their users write them (CSV rows on stdout).

  attention  PyTorch on the CPU with 2 threads: softmax(q @ k.T * scale) @ v,
             float32, at n in {2048, 8192, 16384}, d in {16, 64}; with the
             BLAS PyTorch reports (torch.__config__) and the sgemm rate it
             reaches on 4096 x 4096 float32 products
  sgemm      the sgemm rate (GF/s) NumPy's BLAS reaches on 4096 x 4096
             float32 products, one number (bench/run.sh runs it under each
             OPENBLAS_CORETYPE to pick the fastest)
  ov DIR     NumPy: np.any(A @ B.T == 0) in float32 on the instances that
             `sethkit_bench_attention ov --export DIR` wrote

Rows: section,subject,n,d,metric,value (as bench_attention.cpp).
"""
import re
import sys
import time

import numpy as np


def median_seconds(repeats, fn):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2]


SGEMM_N = 4096


def sgemm_rate(matmul, a, b, repeats=3):
    """GF/s of a @ b (2 n^3 flops), after one warm-up product."""
    matmul(a, b)
    return 2 * SGEMM_N ** 3 / median_seconds(repeats, lambda: matmul(a, b)) / 1e9


def numpy_sgemm():
    rng = np.random.default_rng(1)
    a, b = (rng.random((SGEMM_N, SGEMM_N), dtype=np.float32) for _ in range(2))
    print(f"{sgemm_rate(np.matmul, a, b):.6g}", flush=True)


def torch_blas_info(torch):
    """BLAS_INFO=... from PyTorch's build configuration ("open", "generic", "mkl")."""
    found = re.search(r"BLAS_INFO=([^,\s]+)", torch.__config__.show())
    return found.group(1) if found else "unknown"


def attention(repeats):
    import torch
    torch.set_num_threads(2)
    a, b = (torch.rand(SGEMM_N, SGEMM_N) for _ in range(2))
    print(f"info,pytorch,0,0,sgemm_gflops,{sgemm_rate(torch.matmul, a, b):.6g}", flush=True)
    print(f"info,pytorch,0,0,blas_info,{torch_blas_info(torch)}", flush=True)
    print(f"info,pytorch,0,0,threads,{torch.get_num_threads()}", flush=True)
    for n in (2048, 8192, 16384):
        for d in (16, 64):
            gen = torch.Generator().manual_seed(n * 100 + d)
            q, k, v = (torch.rand(n, d, generator=gen) * 2 - 1 for _ in range(3))
            scale = 1.0 / d
            with torch.no_grad():
                seconds = median_seconds(repeats if n < 16384 else min(repeats, 3),
                                         lambda: torch.softmax(q @ k.T * scale, dim=-1) @ v)
            print(f"flash,pytorch,{n},{d},seconds,{seconds:.6g}", flush=True)
    print(f"info,pytorch,0,0,version,{torch.__version__}", flush=True)


def ov(directory, repeats):
    for d in (32, 64, 128):
        a = np.load(f"{directory}/ov_a_{d}.npy").astype(np.float32)
        b = np.load(f"{directory}/ov_b_{d}.npy").astype(np.float32)
        found = None

        def run():
            nonlocal found
            found = bool(np.any(a @ b.T == 0))

        seconds = median_seconds(repeats, run)
        n = a.shape[0]
        print(f"ov,numpy,{n},{d},pairs_per_second,{n * b.shape[0] / seconds:.6g}", flush=True)
        print(f"ov,numpy,{n},{d},found,{int(found)}", flush=True)


if __name__ == "__main__":
    # usage: peers.py sgemm | attention [REPEATS] | ov DIR [REPEATS]
    if len(sys.argv) >= 2 and sys.argv[1] == "sgemm":
        numpy_sgemm()
    elif len(sys.argv) >= 2 and sys.argv[1] == "attention":
        attention(int(sys.argv[2]) if len(sys.argv) > 2 else 5)
    elif len(sys.argv) >= 3 and sys.argv[1] == "ov":
        ov(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 3)
    else:
        sys.exit("usage: peers.py sgemm | attention [REPEATS] | ov DIR [REPEATS]")
