"""attention(q, k, v, backend=...): every built-in backend against the tests'
own NumPy reference within its stated error bound, the scale and causal
conventions, RoPE, the statistics, and refusals."""
import threading
import time

import numpy as np
import pytest

import sethkit
from conftest import exact_attention

EXACT = ["naive", "flash", "flash64", "poly"]
APPROXIMATE = ["performer", "hyper", "reformer", "nystrom", "window"]


def inputs(n_q=48, n_k=64, d=8, d_v=3, bound=1.0, seed=0):
    rng = np.random.default_rng(seed)
    return (rng.uniform(-bound, bound, (n_q, d)), rng.uniform(-bound, bound, (n_k, d)),
            rng.uniform(-1, 1, (n_k, d_v)))


@pytest.mark.parametrize("backend", EXACT)
@pytest.mark.parametrize("causal", [False, True])
def test_exact_backends_meet_their_bound(backend, causal):
    q, k, v = inputs()
    y, stats = sethkit.attention(q, k, v, backend=backend, causal=causal, return_stats=True)
    want = exact_attention(q, k, v, 1 / 8, causal)
    assert y.shape == (48, 3) and stats["scale"] == pytest.approx(1 / 8)
    assert np.abs(y - want).max() <= max(stats["error_bound"], 1e-12) + 1e-6
    assert stats["backend"] == backend


@pytest.mark.parametrize("backend", APPROXIMATE)
def test_approximate_backends_run_and_say_they_have_no_bound(backend):
    q, k, v = inputs(n_q=64, n_k=64)
    y, stats = sethkit.attention(q, k, v, backend=backend, return_stats=True)
    assert y.shape == (64, 3) and np.isfinite(y).all()
    assert stats["error_bound"] == float("inf")
    assert np.abs(y - exact_attention(q, k, v, 1 / 8)).max() < 1.0  # rows are convex combinations


def test_scale_and_rope_follow_their_conventions():
    q, k, v = inputs(d=6)
    assert np.allclose(sethkit.attention(q, k, v, backend="naive", scale=6 ** -0.5),
                       exact_attention(q, k, v, 6 ** -0.5))
    plain = sethkit.attention(q, k, v, backend="naive")
    for layout in ["interleaved", "half", "split-halves"]:
        rotated = sethkit.attention(q, k, v, backend="naive", rope=100.0, rope_layout=layout)
        assert np.abs(rotated - plain).max() > 1e-4
        assert np.allclose(rotated, sethkit.attention(q, k, v, backend="flash64", rope=100.0,
                                                      rope_layout=layout))


def test_backend_parameters_are_keywords_and_unknown_ones_are_refused():
    q, k, v = inputs(n_q=64, n_k=64)
    a = sethkit.attention(q, k, v, backend="performer", features=16, seed=1)
    b = sethkit.attention(q, k, v, backend="performer", features=16, seed=2)
    assert not np.allclose(a, b)
    with pytest.raises(sethkit.ContractError, match="unknown backend option 'featurs'"):
        sethkit.attention(q, k, v, backend="performer", featurs=16)
    with pytest.raises(sethkit.ContractError, match="naive"):
        sethkit.attention(q, k, v, backend="frobnicate")
    with pytest.raises(sethkit.ContractError, match="2-D"):
        sethkit.attention(q[0], k, v)
    with pytest.raises(sethkit.ContractError, match="no function given"):
        sethkit.attention(q, k, v, backend="callback")


def test_the_gil_is_released_while_cpp_works():
    q, k, v = inputs(n_q=3000, n_k=3000, d=64, d_v=64)
    count = [0]
    stop = threading.Event()

    def spin():
        while not stop.is_set():
            count[0] += 1

    worker = threading.Thread(target=spin)
    worker.start()
    try:
        time.sleep(0.2)
        c0, t0 = count[0], time.perf_counter()
        time.sleep(0.2)  # the loop's own rate, the main thread idle
        rate = (count[0] - c0) / (time.perf_counter() - t0)
        c1, t1 = count[0], time.perf_counter()
        sethkit.attention(q, k, v, backend="naive")
        inside, seconds = count[0] - c1, time.perf_counter() - t1
    finally:
        stop.set()
        worker.join()
    # Held, the GIL would let the loop run at most a switch interval (5 ms) of the call.
    assert seconds > 0.05
    assert inside > 0.25 * rate * seconds


@pytest.mark.parametrize("backend", ["naive", "flash64"])
def test_attention_grad_matches_finite_differences(backend):
    q, k, v = inputs(n_q=5, n_k=7, d=4, d_v=3, seed=4)
    d_out = np.random.default_rng(5).normal(size=(5, 3))
    g = sethkit.attention_grad(q, k, v, d_out, backend=backend, causal=True, scale=0.5)
    assert np.allclose(g["out"], exact_attention(q, k, v, 0.5, True))
    h = 1e-6
    for name, x in [("dq", q), ("dk", k), ("dv", v)]:
        numeric = np.zeros_like(x)
        for idx in np.ndindex(x.shape):
            up, down = x.copy(), x.copy()
            up[idx] += h
            down[idx] -= h
            args_up = {"q": q, "k": k, "v": v, name[1]: up}
            args_down = {"q": q, "k": k, "v": v, name[1]: down}
            numeric[idx] = ((exact_attention(**args_up, scale=0.5, causal=True)
                             - exact_attention(**args_down, scale=0.5, causal=True)) * d_out).sum() / (2 * h)
        assert np.abs(g[name] - numeric).max() < 1e-7
    with pytest.raises(sethkit.ContractError, match="external: no backward pass"):
        sethkit.attention_grad(q, k, v, d_out, backend="external")
