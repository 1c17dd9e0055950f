"""verify(source, ...): chains with a backend or a Python callable as the
oracle, YES and NO both, the witness checked at every stage, the run bundle
as a dict; the callable's mistakes are one-line errors, its exceptions come
back as they were raised."""
import pathlib
import subprocess
import sys

import numpy as np
import pytest

import sethkit
from conftest import exact_attention, ov_truth

REPO = pathlib.Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_a_python_oracle_decides_ov_yes_and_no(seed, numpy_oracle):
    ov = sethkit.random_ov(na=60, dim=16, plant="yes" if seed % 2 else "no", seed=seed)
    bundle = sethkit.verify(ov, oracle=numpy_oracle)
    truth = ov_truth(ov.a, ov.b)
    assert bundle["verdict"] == "agree"
    assert bundle["decoded_answer"]["verdict"] == ("yes" if truth else "no")
    assert bundle["oracle"]["backend"]["name"] == "callback"
    assert bundle["oracle"]["measured_error"] < 1e-12
    assert len(numpy_oracle.calls) >= 1
    if truth:
        i, j = bundle["decoded_answer"]["witness"]["indices"]
        assert int(ov.a[i] @ ov.b[j]) == 0
        assert all(stage["witness_ok"] for stage in bundle["stages"])


def test_the_default_chain_of_a_cnf_runs_with_the_default_oracle(tmp_path):
    sat = sethkit.random_cnf(vars=14, ratio=4.0, planted=True, seed=2)
    sethkit.write_dimacs(sat, tmp_path / "f.cnf")
    bundle = sethkit.verify(tmp_path / "f.cnf")
    assert bundle["verdict"] == "agree" and bundle["chain"]["name"] == "sat-ov-attention"
    assert bundle["oracle"]["backend"]["name"] in ("flash", "flash64")
    assert bundle["source"]["file"] == str(tmp_path / "f.cnf")
    unsat = sethkit.Cnf(2, [[1, 2], [-1, 2], [1, -2], [-1, -2]])
    assert sethkit.verify(unsat, backend="naive")["decoded_answer"]["verdict"] == "no"


def test_noise_inside_the_tolerance_still_decodes(numpy_oracle):
    ov = sethkit.random_ov(na=40, dim=12, plant="yes", seed=7)
    bundle = sethkit.verify(ov, oracle=numpy_oracle, noise=0.19)
    assert bundle["verdict"] == "agree"


def test_an_oracle_with_the_wrong_answer_shape_or_nan_is_refused_in_one_line():
    ov = sethkit.random_ov(na=10, dim=8, plant="yes", seed=1)
    with pytest.raises(sethkit.Error, match="returned a 11 x 2 array; expected 11 x 1") as e:
        sethkit.verify(ov, oracle=lambda q, k, v, s, c: np.zeros((q.shape[0], 2)))
    assert "\n" not in str(e.value)
    with pytest.raises(sethkit.Error, match="every entry must be finite"):
        sethkit.verify(ov, oracle=lambda q, k, v, s, c: np.full((q.shape[0], 1), np.nan))
    with pytest.raises(sethkit.Error, match="did not return"):
        sethkit.verify(ov, oracle=lambda q, k, v, s, c: "no")
    with pytest.raises(sethkit.ContractError, match="not both"):
        sethkit.verify(ov, backend="naive", oracle=lambda *a: None)
    with pytest.raises(sethkit.ContractError, match="callable"):
        sethkit.verify(ov, oracle=3)


def test_an_exception_in_the_oracle_comes_back_as_raised():
    ov = sethkit.random_ov(na=10, dim=8, seed=1)

    class KernelFailure(RuntimeError):
        pass

    def failing(q, k, v, scale, causal):
        raise KernelFailure("out of device memory")

    with pytest.raises(KernelFailure, match="out of device memory"):
        sethkit.verify(ov, oracle=failing)


def test_the_transformer_chain_runs_its_heads_on_the_python_oracle(numpy_oracle):
    sat = sethkit.random_cnf(vars=9, ratio=3.0, planted=True, seed=1)
    bundle = sethkit.verify(sat, chain="sat-3ov-transformer", oracle=numpy_oracle, layers=1,
                            heads=1)
    assert bundle["verdict"] == "agree" and bundle["decoded_answer"]["verdict"] == "yes"
    assert len(numpy_oracle.calls) >= 1


def test_the_pytorch_example_runs_inside_the_chain():
    pytest.importorskip("torch")
    out = subprocess.run([sys.executable, str(REPO / "examples/python/torch_oracle.py")],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "agree" in out.stdout
