#!/usr/bin/env python3
"""Exact attention in NumPy (float64), an oracle for `--backend external`.

    sethkit verify F.cnf --backend external \
        --oracle-cmd 'python3 examples/oracles/numpy_exact.py {q} {k} {v} {out} {scale} {causal} {lse}'

Computes out = diag(A 1)^-1 A V with A = exp(scale Q K^T), the convention of
docs/backends.md: causal masks align bottom-right (query i sees keys
j <= i + n_k - n_q). Writes out (n_q x d_v, float64) and, when a sixth path
is given, the per-row log-sum-exp. Rows are done in blocks to bound memory.
"""
import sys

import numpy as np


def attention(q, k, v, scale, causal, block=1024):
    n_q, n_k = q.shape[0], k.shape[0]
    out = np.empty((n_q, v.shape[1]))
    lse = np.empty(n_q)
    for r0 in range(0, n_q, block):
        s = scale * (q[r0:r0 + block] @ k.T)
        if causal:
            rows = np.arange(r0, r0 + s.shape[0])[:, None]
            s[np.arange(n_k)[None, :] > rows + (n_k - n_q)] = -np.inf
        m = s.max(axis=1, keepdims=True)
        p = np.exp(s - m)
        l = p.sum(axis=1, keepdims=True)
        out[r0:r0 + s.shape[0]] = (p @ v) / l
        lse[r0:r0 + s.shape[0]] = (m + np.log(l))[:, 0]
    return out, lse


def main(argv):
    if len(argv) not in (7, 8):
        sys.exit("usage: numpy_exact.py Q K V OUT SCALE CAUSAL [LSE]")
    q, k, v = (np.load(p).astype(np.float64) for p in argv[1:4])
    out, lse = attention(q, k, v, float(argv[5]), argv[6] == "1")
    np.save(argv[4], out)
    if len(argv) == 8:
        np.save(argv[7], lse)


if __name__ == "__main__":
    main(sys.argv)
