"""`sethkit attend --grad`: dQ, dK, dV of batched heads written as .npy, against
central finite differences of <dO, O> computed by the tests' own NumPy
attention (top-left causal, n_q != n_k), and --check against naive's backward."""
import json
import os
import subprocess

import numpy as np
import pytest

pytestmark = pytest.mark.skipif("SETHKIT_CLI" not in os.environ,
                                reason="the CLI's path comes from ctest")


def forward(q, k, v, scale):
    s = scale * (q @ np.swapaxes(k, -1, -2))
    n_q, n_k = s.shape[-2:]
    s = np.where(np.tril(np.ones((n_q, n_k), bool)), s, -np.inf)  # top-left, SDPA's mask
    p = np.exp(s - s.max(-1, keepdims=True))
    return (p / p.sum(-1, keepdims=True)) @ v


def numeric(inputs, which, d_out, scale, h=1e-6):
    x = inputs[which]
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        up, down = dict(inputs), dict(inputs)
        up[which], down[which] = x.copy(), x.copy()
        up[which][idx] += h
        down[which][idx] -= h
        grad[idx] = ((forward(**up, scale=scale) - forward(**down, scale=scale)) * d_out).sum() / (2 * h)
    return grad


@pytest.mark.parametrize("backend", ["flash64", "flash", "naive", "poly", "window"])
def test_gradients_match_finite_differences(tmp_path, backend):
    rng = np.random.default_rng(7)
    inputs = {"q": rng.normal(size=(2, 6, 4)), "k": rng.normal(size=(2, 9, 4)),
              "v": rng.normal(size=(2, 9, 3))}
    d_out = rng.normal(size=(2, 6, 3))
    for name, a in {**inputs, "do": d_out}.items():
        np.save(tmp_path / f"{name}.npy", a)
    done = subprocess.run(
        [os.environ["SETHKIT_CLI"], "attend", "--q", tmp_path / "q.npy", "--k", tmp_path / "k.npy",
         "--v", tmp_path / "v.npy", "--backend", backend, "--causal", "top-left", "--grad",
         tmp_path / "do.npy", "--dq", tmp_path / "dq.npy", "--dk", tmp_path / "dk.npy", "--dv",
         tmp_path / "dv.npy", "--check", "--json", tmp_path / "r.json", "--target-error", "1e-10"],
        capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    # flash computes in float32; poly within the bound it reports (--target-error 1e-10)
    tolerance = {"flash": 1e-4, "poly": 1e-7}.get(backend, 1e-8)
    for name in ["q", "k", "v"]:
        got = np.load(tmp_path / f"d{name}.npy")
        assert got.shape == inputs[name].shape
        assert np.abs(got - numeric(inputs, name, d_out, 0.25)).max() < tolerance
    backward = json.load(open(tmp_path / "r.json"))["backward"]
    assert len(backward["dscale"]) == 2 and backward["measured_error"] < tolerance
    if backend == "poly":
        assert backward["measured_error"] <= backward["error_bound"] < tolerance


def test_grad_refusals(tmp_path):
    rng = np.random.default_rng(8)
    for name, shape in {"q": (4, 2), "k": (4, 2), "v": (4, 3), "do": (4, 2)}.items():
        np.save(tmp_path / f"{name}.npy", rng.normal(size=shape))
    base = [os.environ["SETHKIT_CLI"], "attend", "--q", tmp_path / "q.npy", "--k",
            tmp_path / "k.npy", "--v", tmp_path / "v.npy", "--dq", tmp_path / "dq.npy"]
    wrong = subprocess.run(base + ["--grad", tmp_path / "do.npy"], capture_output=True, text=True)
    assert wrong.returncode == 1 and "expected the output's: () and 4 x 3" in wrong.stderr
    assert not (tmp_path / "dq.npy").exists()
    np.save(tmp_path / "do.npy", rng.normal(size=(4, 3)))
    none = subprocess.run(base + ["--grad", tmp_path / "do.npy", "--backend", "external"],
                          capture_output=True, text=True)
    assert none.returncode == 1 and "external: no backward pass" in none.stderr
    assert not (tmp_path / "dq.npy").exists()
