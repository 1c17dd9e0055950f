#!/usr/bin/env python3
"""FAVOR+ (Choromanski et al., ICLR 2021) in NumPy, an approximate oracle for
`--backend external`: a fast attention written outside sethkit meeting its
hard instances.

    sethkit verify F.cnf --backend external \
        --oracle-cmd 'python3 examples/oracles/numpy_performer.py {q} {k} {v} {out} {scale} {causal} 256'

Positive orthogonal random features phi(x) = exp(w . x - |x|^2 / 2) / sqrt(m)
with q' = sign(s) sqrt|s| q and k' = sqrt|s| k, so E[phi(q') . phi(k')] =
exp(s <q, k>); stabilised as the authors' code does (each query by its own
largest projection, the keys by the largest over all keys, then + 1e-6).
Causal inputs by prefix sums (bottom-right alignment). The last argument is
the number of features m (default 256); the seed is fixed (0).
"""
import sys

import numpy as np


def orthogonal_features(m, d, rng):
    blocks = []
    for _ in range((m + d - 1) // d):
        q, _ = np.linalg.qr(rng.standard_normal((d, d)))
        blocks.append(q.T)
    w = np.concatenate(blocks)[:m]
    norms = np.linalg.norm(rng.standard_normal((m, d)), axis=1)
    return w * norms[:, None]


def features(x, w, per_row, eps=1e-6):
    p = x @ w.T
    half = 0.5 * (x * x).sum(axis=1, keepdims=True)
    stab = p.max(axis=1, keepdims=True) if per_row else p.max()
    return (np.exp(p - half - stab) + eps) / np.sqrt(w.shape[0])


def main(argv):
    if len(argv) not in (7, 8):
        sys.exit("usage: numpy_performer.py Q K V OUT SCALE CAUSAL [M]")
    q, k, v = (np.load(p).astype(np.float64) for p in argv[1:4])
    scale, causal = float(argv[5]), argv[6] == "1"
    m = int(argv[7]) if len(argv) == 8 else 256
    root = np.sqrt(abs(scale))
    w = orthogonal_features(m, q.shape[1], np.random.default_rng(0))
    fq = features(np.sign(scale or 1.0) * root * q, w, True)
    fk = features(root * k, w, False)
    v1 = np.concatenate([v, np.ones((v.shape[0], 1))], axis=1)
    if causal:
        offset = k.shape[0] - q.shape[0]
        prefix = np.cumsum(fk[:, :, None] * v1[:, None, :], axis=0)  # n_k x m x (d_v + 1)
        num = np.einsum("im,imc->ic", fq, prefix[np.arange(q.shape[0]) + offset])
    else:
        num = fq @ (fk.T @ v1)
    np.save(argv[4], num[:, :-1] / num[:, -1:])


if __name__ == "__main__":
    main(sys.argv)
