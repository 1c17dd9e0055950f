"""`sethkit attend` on arrays as people store them: .npz archives (savez and
savez_compressed, members named on the command line or by default), batched
(batch, heads, n, d) arrays run head by head, float16 widened, and .npy files
compressed by gzip or xz; each output against the tests' own NumPy attention."""
import gzip
import lzma
import os
import subprocess

import numpy as np
import pytest

pytestmark = pytest.mark.skipif("SETHKIT_CLI" not in os.environ,
                                reason="the CLI's path comes from ctest")


def attend(*args):
    return subprocess.run([os.environ["SETHKIT_CLI"], "attend", *map(str, args)],
                          capture_output=True, text=True)


def reference(q, k, v, scale):
    """Batched diag(A 1)^-1 A V over the leading dimensions, float64."""
    s = scale * (q @ np.swapaxes(k, -1, -2))
    p = np.exp(s - s.max(axis=-1, keepdims=True))
    return (p / p.sum(axis=-1, keepdims=True)) @ v


def batch(seed=0):
    rng = np.random.default_rng(seed)
    return (rng.normal(size=(2, 3, 12, 8)), rng.normal(size=(2, 3, 17, 8)),
            rng.normal(size=(2, 3, 17, 5)))


def test_batched_heads_from_an_npz_archive(tmp_path):
    q, k, v = batch()
    np.savez(tmp_path / "qkv.npz", q=q, k=k, v=v)
    done = attend("--qkv", tmp_path / "qkv.npz", "--backend", "flash64", "-o", tmp_path / "o.npy",
                  "--lse", tmp_path / "lse.npy")
    assert done.returncode == 0, done.stderr
    assert "6 heads (2, 3) of 12 x 8 queries" in done.stdout
    out, lse = np.load(tmp_path / "o.npy"), np.load(tmp_path / "lse.npy")
    assert out.shape == (2, 3, 12, 5) and lse.shape == (2, 3, 12)
    assert np.abs(out - reference(q, k, v, 1 / 8)).max() < 1e-12
    s = (q @ np.swapaxes(k, -1, -2)) / 8
    assert np.allclose(lse, np.log(np.exp(s).sum(-1)))


def test_members_by_name_savez_compressed_and_float16(tmp_path):
    q, k, v = batch(1)
    q16 = q.astype(np.float16)
    np.savez_compressed(tmp_path / "c.npz", queries=q16, keys=k, values=v)
    done = attend("--q", f"{tmp_path}/c.npz:queries", "--k", f"{tmp_path}/c.npz:keys", "--v",
                  f"{tmp_path}/c.npz:values", "--backend", "naive", "-o", tmp_path / "o.npy")
    assert done.returncode == 0, done.stderr
    # float16 is widened exactly: the reference uses the same rounded queries.
    want = reference(q16.astype(np.float64), k, v, 1 / 8)
    assert np.abs(np.load(tmp_path / "o.npy") - want).max() < 1e-12
    missing = attend("--q", f"{tmp_path}/c.npz", "--k", f"{tmp_path}/c.npz:keys", "--v",
                     f"{tmp_path}/c.npz:values")
    assert missing.returncode == 1
    assert missing.stderr.strip().endswith(
        "c.npz: the archive holds queries.npy, keys.npy, values.npy; expected a member 'q'")


def test_compressed_npy_by_content(tmp_path):
    rng = np.random.default_rng(2)
    q, k, v = rng.normal(size=(9, 4)), rng.normal(size=(11, 4)), rng.normal(size=(11, 2))
    for name, a in {"q": q, "k": k, "v": v}.items():
        np.save(tmp_path / f"{name}.npy", a)
    # gzip and xz under names that do not say so.
    (tmp_path / "q.bin").write_bytes(gzip.compress((tmp_path / "q.npy").read_bytes()))
    (tmp_path / "k.data").write_bytes(lzma.compress((tmp_path / "k.npy").read_bytes()))
    done = attend("--q", tmp_path / "q.bin", "--k", tmp_path / "k.data", "--v",
                  tmp_path / "v.npy", "--backend", "naive", "-o", tmp_path / "o.npy")
    assert done.returncode == 0, done.stderr
    assert np.abs(np.load(tmp_path / "o.npy") - reference(q, k, v, 1 / 4)).max() < 1e-12


def test_mismatched_leading_dimensions_are_refused(tmp_path):
    q, k, v = batch(3)
    np.save(tmp_path / "q.npy", q)
    np.save(tmp_path / "k.npy", k[:, :2])
    np.save(tmp_path / "v.npy", v[:, :2])
    done = attend("--q", tmp_path / "q.npy", "--k", tmp_path / "k.npy", "--v", tmp_path / "v.npy",
                  "-o", tmp_path / "o.npy")
    assert done.returncode == 1
    assert "k.npy: leading dimensions (2, 2) (K) and (2, 2) (V) against (2, 3) (Q)" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "o.npy").exists()
