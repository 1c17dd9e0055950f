#!/usr/bin/env python3
"""PyTorch's scaled_dot_product_attention as the oracle for `--backend
external`, on a GPU when there is one.

    sethkit verify F.cnf --backend external \
        --oracle-cmd 'python3 examples/oracles/torch_oracle.py {q} {k} {v} {out} {scale} {causal}'

Two conventions differ from SDPA's defaults and are passed explicitly: the
scale (sethkit's certificate states it; SDPA's default is 1/sqrt(d)) and the
causal alignment (sethkit aligns bottom-right, query i sees keys
j <= i + n_k - n_q; SDPA's is_causal aligns top-left), so the mask is built
here. Computes in float32 (TF32 matmuls off) unless DTYPE=float64 is set.
"""
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F


def main(argv):
    if len(argv) != 7:
        sys.exit("usage: torch_oracle.py Q K V OUT SCALE CAUSAL")
    device = "cuda" if torch.cuda.is_available() else "cpu"
    dtype = torch.float64 if os.environ.get("DTYPE") == "float64" else torch.float32
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    q, k, v = (torch.from_numpy(np.load(p)).to(device=device, dtype=dtype) for p in argv[1:4])
    scale, causal = float(argv[5]), argv[6] == "1"
    mask = None
    if causal:
        n_q, n_k = q.shape[0], k.shape[0]
        rows = torch.arange(n_q, device=device)[:, None]
        mask = torch.arange(n_k, device=device)[None, :] <= rows + (n_k - n_q)
    with torch.no_grad():
        out = F.scaled_dot_product_attention(q[None], k[None], v[None], attn_mask=mask, scale=scale)[0]
    np.save(argv[4], out.cpu().numpy())


if __name__ == "__main__":
    main(sys.argv)
