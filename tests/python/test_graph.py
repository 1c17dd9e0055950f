"""list, path and check: the reduction graph as dicts, and the Karp-style check
of reductions with a backend or a Python callable as the oracle, which finds
a wrong oracle."""
import numpy as np

import sethkit
from conftest import exact_attention


def test_list_names_every_problem_reduction_chain_and_backend():
    g = sethkit.list()
    problems = {p["name"] for p in g["problems"]}
    assert {"cnf-sat", "ov", "attention", "gap-hamming"} <= problems
    edges = {e["name"]: e for e in g["reductions"]}
    assert edges["ov-to-attention"]["from"] == "ov" and edges["ov-to-attention"]["to"] == "attention"
    assert "sat-ov-attention" in {c["name"] for c in g["chains"]}
    assert {"naive", "flash", "poly", "conv", "callback"} <= {b["name"] for b in g["backends"]}


def test_path_composes_sizes_along_each_chain():
    paths = sethkit.path("cnf-sat", "attention")
    assert paths[0]["chain"] == "sat-ov-attention"
    assert [e["name"] for e in paths[0]["edges"]] == ["cnf-to-ov", "ov-to-attention"]
    assert paths[0]["composed"]
    assert sethkit.path("attention", "cnf-sat") == []


def test_check_passes_with_the_reference_and_a_python_oracle():
    b = sethkit.check("ov-to-attention", trials=40, seed=3, time_limit=30)
    (r,) = b["results"]
    assert b["failures"] == 0 and r["yes"] > 0 and r["no"] > 0

    def oracle(q, k, v, scale, causal):
        return exact_attention(q, k, v, scale, causal)

    b = sethkit.check("ov-to-attention", trials=40, seed=3, time_limit=30, oracle=oracle)
    assert b["failures"] == 0 and b["backend"] == "callback"


def test_check_finds_a_wrong_oracle(tmp_path):
    def inverted(q, k, v, scale, causal):
        return 1.0 - exact_attention(q, k, v, scale, causal)

    b = sethkit.check("ov-to-attention", trials=30, seed=1, time_limit=30, oracle=inverted,
                      regressions_dir=str(tmp_path))
    assert b["failures"] == 1
    failure = b["results"][0]["counterexample"]
    assert "ground truth" in failure["message"]
    assert failure["file"].startswith(str(tmp_path)) and (tmp_path / failure["file"]).exists()
