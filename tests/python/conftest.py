"""pytest set-up for the Python module's tests: the module comes from the build
tree (ctest sets PYTHONPATH to build/<kind>/python) or an install prefix."""
import numpy as np
import pytest


def exact_attention(q, k, v, scale, causal=False):
    """diag(A 1)^-1 A V with A = exp(scale q k^T), in float64 NumPy: the
    tests' own reference, independent of every backend."""
    s = scale * (q @ k.T)
    if causal:
        n_q, n_k = s.shape
        mask = np.arange(n_k)[None, :] > np.arange(n_q)[:, None] + (n_k - n_q)
        s = np.where(mask, -np.inf, s)
    s = s - s.max(axis=1, keepdims=True)
    p = np.exp(s)
    return (p @ v) / p.sum(axis=1, keepdims=True)


def ov_truth(a, b):
    """Brute-force OV: is some a_i . b_j = 0?"""
    return bool(((a.astype(np.int64) @ b.T.astype(np.int64)) == 0).any())


@pytest.fixture
def numpy_oracle():
    calls = []

    def oracle(q, k, v, scale, causal):
        calls.append((q.shape, k.shape, v.shape, scale, causal))
        return exact_attention(q, k, v, scale, causal)

    oracle.calls = calls
    return oracle
