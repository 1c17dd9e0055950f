"""sethkit's attention flags against a NumPy re-implementation of PyTorch's
documented scaled_dot_product_attention semantics (the reference code in
torch.nn.functional.scaled_dot_product_attention's documentation: scale
1/sqrt(E) by default, is_causal=True masks with torch.ones(L, S).tril(0),
the top-left diagonal) and of the two RoPE layouts model code uses (GPT-J's
rotate_every_two, interleaved; GPT-NeoX's and Llama's rotate_half, half).
Both through the Python module and through `sethkit attend` on .npy files."""
import math
import os
import subprocess

import numpy as np
import pytest

import sethkit


def sdpa(query, key, value, is_causal=False, scale=None):
    """SDPA's documented reference, for 2-D inputs, in float64."""
    L, S = query.shape[-2], key.shape[-2]
    scale_factor = 1 / math.sqrt(query.shape[-1]) if scale is None else scale
    attn_bias = np.zeros((L, S))
    if is_causal:
        temp_mask = np.tril(np.ones((L, S), dtype=bool), k=0)
        attn_bias[~temp_mask] = -np.inf
    attn_weight = query @ key.T * scale_factor + attn_bias
    attn_weight = np.exp(attn_weight - attn_weight.max(axis=-1, keepdims=True))
    attn_weight /= attn_weight.sum(axis=-1, keepdims=True)
    return attn_weight @ value


def rope_angles(n, d, base):
    inv_freq = 1.0 / base ** (np.arange(0, d, 2) / d)  # theta_p = base^(-2p/d)
    return np.arange(n)[:, None] * inv_freq[None, :]  # n x d/2


def rotate_half_rope(x, base):
    """Llama's apply_rotary_pos_emb: x cos + rotate_half(x) sin, positions 0..n-1."""
    a = rope_angles(x.shape[0], x.shape[1], base)
    cos, sin = np.cos(np.concatenate([a, a], 1)), np.sin(np.concatenate([a, a], 1))
    half = x.shape[1] // 2
    rotated = np.concatenate([-x[:, half:], x[:, :half]], 1)
    return x * cos + rotated * sin


def rotate_every_two_rope(x, base):
    """GPT-J's apply_rotary_pos_emb: pairs (2p, 2p+1), positions 0..n-1."""
    a = rope_angles(x.shape[0], x.shape[1], base)
    cos, sin = np.repeat(np.cos(a), 2, 1), np.repeat(np.sin(a), 2, 1)
    rotated = np.stack([-x[:, 1::2], x[:, ::2]], -1).reshape(x.shape)
    return x * cos + rotated * sin


def inputs(n_q, n_k, d=8, seed=0):
    rng = np.random.default_rng(seed)
    return (rng.normal(size=(n_q, d)), rng.normal(size=(n_k, d)), rng.normal(size=(n_k, 5)))


SHAPES = [(24, 24), (16, 40), (40, 16), (1, 7), (9, 1)]


@pytest.mark.parametrize("n_q,n_k", SHAPES)
@pytest.mark.parametrize("backend", ["naive", "flash64", "poly"])
def test_top_left_causal_and_sqrt_scale_match_sdpa(n_q, n_k, backend):
    q, k, v = inputs(n_q, n_k)
    params = {}
    if backend == "poly":  # the polynomial method wants small entries
        q, k, params = 0.3 * q, 0.3 * k, {"target_error": 1e-8}
    want = sdpa(q, k, v, is_causal=True)
    got, stats = sethkit.attention(q, k, v, backend=backend, causal="top-left",
                                   scale="1/sqrt(d)", return_stats=True, **params)
    assert np.abs(got - want).max() <= stats["error_bound"] + 1e-9


def test_the_defaults_differ_from_sdpa_as_documented():
    q, k, v = inputs(16, 40)
    assert np.abs(sethkit.attention(q, k, v) - sdpa(q, k, v, scale=1 / 8)).max() < 1e-6
    assert np.abs(sethkit.attention(q, k, v) - sdpa(q, k, v)).max() > 1e-2  # 1/d, not 1/sqrt(d)
    bottom_right = sethkit.attention(q, k, v, causal=True, scale="1/sqrt(d)")
    assert np.abs(bottom_right - sdpa(q, k, v, is_causal=True)).max() > 1e-2
    assert np.abs(sethkit.attention(q, k, v, causal="bottom-right", scale=0.125 ** 0.5)
                  - sethkit.attention(q, k, v, causal=True, scale=0.125 ** 0.5)).max() == 0
    # Square inputs: the two alignments are one mask.
    q, k, v = inputs(12, 12)
    assert np.allclose(sethkit.attention(q, k, v, causal=True, scale="1/sqrt(d)"),
                       sdpa(q, k, v, is_causal=True))


@pytest.mark.parametrize("layout,rotate", [("interleaved", rotate_every_two_rope),
                                           ("half", rotate_half_rope)])
def test_rope_layouts_match_model_code(layout, rotate):
    q, k, v = inputs(20, 20)
    want = sdpa(rotate(q, 500.0), rotate(k, 500.0), v, is_causal=True)
    got = sethkit.attention(q, k, v, causal="top-left", scale="1/sqrt(d)", rope=500.0,
                            rope_layout=layout, backend="naive")
    assert np.abs(got - want).max() < 1e-9
    other = "half" if layout == "interleaved" else "interleaved"
    assert np.abs(sethkit.attention(q, k, v, causal="top-left", scale="1/sqrt(d)", rope=500.0,
                                    rope_layout=other, backend="naive") - want).max() > 1e-3


def test_bad_words_are_refused():
    q, k, v = inputs(4, 4)
    with pytest.raises(sethkit.ContractError, match="expected 1/d, 1/sqrt"):
        sethkit.attention(q, k, v, scale="1/2d")
    with pytest.raises(sethkit.ContractError, match="'top-right'"):
        sethkit.attention(q, k, v, causal="top-right")
    with pytest.raises(sethkit.ContractError, match="expected 'interleaved' or 'half'"):
        sethkit.attention(q, k, v, rope=100.0, rope_layout="halves")


@pytest.mark.skipif("SETHKIT_CLI" not in os.environ, reason="the CLI's path comes from ctest")
@pytest.mark.parametrize("n_q,n_k", [(16, 40), (40, 16)])
def test_attend_flags_match_sdpa(tmp_path, n_q, n_k):
    q, k, v = inputs(n_q, n_k, seed=3)
    for name, a in {"q": q, "k": k, "v": v}.items():
        np.save(tmp_path / f"{name}.npy", a)
    done = subprocess.run(
        [os.environ["SETHKIT_CLI"], "attend", "--q", str(tmp_path / "q.npy"), "--k",
         str(tmp_path / "k.npy"), "--v", str(tmp_path / "v.npy"), "--backend", "flash64",
         "--causal", "top-left", "--scale", "1/sqrt(d)", "--rope", "500", "--rope-layout",
         "half", "-o", str(tmp_path / "out.npy")], capture_output=True, text=True, check=True)
    assert "scale 1/sqrt(d) = 0.353553, top-left causal" in done.stdout
    want = sdpa(rotate_half_rope(q, 500.0), rotate_half_rope(k, 500.0), v, is_causal=True)
    assert np.abs(np.load(tmp_path / "out.npy") - want).max() < 1e-9
