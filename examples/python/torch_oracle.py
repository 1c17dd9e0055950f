"""A PyTorch kernel as sethkit's oracle: the chain CNF -> OV -> attention runs
with attention computed by PyTorch (on the GPU when there is one), and the
decoded answer is checked against CaDiCaL and the independent checker.

    PYTHONPATH=build/release/python python3 examples/python/torch_oracle.py

Any callable f(q, k, v, scale, causal) returning the n_q x d_v output (a NumPy
array, or anything numpy.asarray reads) can stand in for `torch_attention`:
a JAX function, a Triton or CUDA kernel, an approximation under test.
"""
import sys

import numpy as np
import torch

import sethkit

device = "cuda" if torch.cuda.is_available() else "cpu"
dtype = torch.float64  # float32 on a GPU is fine too: the chain measures the error it makes


def torch_attention(q, k, v, scale, causal):
    """sethkit's convention, diag(A 1)^-1 A V with A = exp(scale q k^T): the
    scale is given explicitly (1/d, Alman-Song's, not SDPA's 1/sqrt(d)), and a
    causal mask is aligned bottom-right (query i sees keys j <= i + n_k - n_q)."""
    q, k, v = (torch.as_tensor(x, dtype=dtype, device=device) for x in (q, k, v))
    logits = (q * scale) @ k.T
    if causal:
        n_q, n_k = logits.shape
        mask = torch.ones(n_q, n_k, dtype=torch.bool, device=device).tril(n_k - n_q)
        logits = logits.masked_fill(~mask, float("-inf"))
    return (torch.softmax(logits, dim=-1) @ v).cpu().numpy()


def main():
    formulas = [("satisfiable", sethkit.random_cnf(vars=20, ratio=4.0, planted=True, seed=1)),
                ("unsatisfiable", sethkit.random_cnf(vars=20, ratio=6.0, seed=2))]
    for name, f in formulas:
        bundle = sethkit.verify(f, oracle=torch_attention)
        answer = bundle["decoded_answer"]
        print(f"{name}: {f.num_vars} variables, {f.num_clauses} clauses on {device}: "
              f"decoded {answer['verdict']}, margin {answer['margin']:.3f}, "
              f"oracle error {bundle['oracle']['measured_error']:.1e}; {bundle['verdict']}")
        if bundle["verdict"] != "agree":
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
