#!/usr/bin/python3
"""The peers of bench_attention, as their users write them (CSV rows on stdout).

  attention  PyTorch on the CPU with 2 threads, as model code writes it:
             softmax((q * scale) @ k.T) @ v (the scale on q, not on the n x n
             logits: 0.12 s against 0.16 s at n = 8192, d = 64), in inference
             mode, float32, at n in {2048, 8192, 16384}, d in {16, 64}. The
             PyTorch Debian ships (1.13) has no public
             scaled_dot_product_attention; where the installed PyTorch has it
             (2.1 and later, with its scale argument), that fused path is the
             peer instead. The path taken is recorded. With the
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


def sgemm_rate(matmul, a, b, repeats=5):
    """GF/s of a @ b (2 n^3 flops), after one warm-up product: the fastest of
    the repeats, as a limit is the best the machine does."""
    matmul(a, b)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        matmul(a, b)
        times.append(time.perf_counter() - start)
    return 2 * SGEMM_N ** 3 / min(times) / 1e9


def numpy_sgemm():
    rng = np.random.default_rng(1)
    a, b = (rng.random((SGEMM_N, SGEMM_N), dtype=np.float32) for _ in range(2))
    print(f"{sgemm_rate(np.matmul, a, b):.6g}", flush=True)


def torch_blas_info(torch):
    """BLAS_INFO=... from PyTorch's build configuration ("open", "generic", "mkl")."""
    found = re.search(r"BLAS_INFO=([^,\s]+)", torch.__config__.show())
    return found.group(1) if found else "unknown"


def scaled_dot_product_attention(torch):
    """PyTorch's fused attention where it takes a scale (2.1 and later), else None."""
    sdpa = getattr(torch.nn.functional, "scaled_dot_product_attention", None)
    if sdpa is None:
        return None
    try:
        x = torch.zeros(1, 2, 2)
        sdpa(x, x, x, scale=0.5)
    except TypeError:
        return None
    return sdpa


def attention(repeats):
    import torch
    torch.set_num_threads(2)
    a, b = (torch.rand(SGEMM_N, SGEMM_N) for _ in range(2))
    print(f"info,pytorch,0,0,sgemm_gflops,{sgemm_rate(torch.matmul, a, b):.6g}", flush=True)
    print(f"info,pytorch,0,0,blas_info,{torch_blas_info(torch)}", flush=True)
    print(f"info,pytorch,0,0,threads,{torch.get_num_threads()}", flush=True)
    sdpa = scaled_dot_product_attention(torch)
    print(f"info,pytorch,0,0,path,{'sdpa' if sdpa else 'softmax((q * scale) @ k.T) @ v'}", flush=True)
    for n in (2048, 8192, 16384):
        for d in (16, 64):
            gen = torch.Generator().manual_seed(n * 100 + d)
            q, k, v = (torch.rand(n, d, generator=gen) * 2 - 1 for _ in range(3))
            scale = 1.0 / d
            if sdpa:
                q3, k3, v3 = q[None], k[None], v[None]
                run = lambda: sdpa(q3, k3, v3, scale=scale)
            else:
                run = lambda: torch.softmax((q * scale) @ k.T, dim=-1) @ v
            with torch.inference_mode():
                seconds = median_seconds(repeats if n < 16384 else min(repeats, 3), run)
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
