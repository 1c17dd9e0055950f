"""reduce and decode: the attention instance of YES and NO sources in memory
(no copy), any oracle's output decoded with the certificate's rule, the
witness checked against the source, and the certificate's hash guarding the
source."""
import numpy as np
import pytest

import sethkit
from conftest import exact_attention, ov_truth


def test_reduce_returns_views_of_one_instance_and_the_certificate():
    ov = sethkit.random_ov(na=40, dim=16, plant="yes", seed=1)
    r = sethkit.reduce(ov)
    n = ov.n_a + 1  # one zero sink row (docs/reductions/ov_to_attention.md)
    assert r.q.shape == (n, 16) and r.k.shape == (n, 16) and r.v.shape == (n, 1)
    assert r.q.dtype == np.float64 and not r.q.flags.writeable
    assert np.shares_memory(r.q, r.q)  # each access is a view of the C++ array, not a copy
    assert r.scale == pytest.approx(1 / 16)
    c = r.certificate["ov_to_attention"]
    assert (c["n_q"], c["n_k"], c["d"]) == (n, n, 16)
    assert r.certificate["source"]["file"] == "<memory>"
    assert sethkit.reduce(ov, scale="1/sqrt(d)").scale == pytest.approx(0.25)


@pytest.mark.parametrize("seed", range(1, 7))
def test_decoded_answer_matches_brute_force_on_yes_and_no(seed):
    ov = sethkit.random_ov(na=50, dim=14, plant="yes" if seed % 2 else "no", seed=seed)
    r = sethkit.reduce(ov)
    y = exact_attention(r.q, r.k, r.v, r.scale)
    d = sethkit.decode(r.certificate, y, source=ov)
    truth = ov_truth(ov.a, ov.b)
    assert d["verdict"] == ("yes" if truth else "no")
    if truth:
        i, j = d["witness"]["indices"]
        assert d["witness"]["checked"] and int(ov.a[i] @ ov.b[j]) == 0


def test_a_cnf_decodes_to_a_checked_assignment_and_an_unsat_one_to_no():
    sat = sethkit.random_cnf(vars=14, ratio=4.0, planted=True, seed=3)
    r = sethkit.reduce(sat)
    d = sethkit.decode(r.certificate, exact_attention(r.q, r.k, r.v, r.scale), source=sat)
    assert d["verdict"] == "yes" and d["witness"]["checked"]
    assignment = set(d["witness"]["assignment"])
    assert all(any(lit in assignment for lit in clause) for clause in sat.clauses)
    unsat = sethkit.Cnf(2, [[1, 2], [-1, 2], [1, -2], [-1, -2]])
    r = sethkit.reduce(unsat)
    d = sethkit.decode(r.certificate, exact_attention(r.q, r.k, r.v, r.scale), source=unsat)
    assert d["verdict"] == "no"


def test_an_oracle_off_by_more_than_the_tolerance_is_not_trusted():
    ov = sethkit.random_ov(na=30, dim=12, plant="no", seed=2)
    r = sethkit.reduce(ov)
    y = exact_attention(r.q, r.k, r.v, r.scale)
    tol = r.certificate["ov_to_attention"]["tolerated_error"]
    shifted = y - 0.9 * tol  # inside the tolerance: still NO
    assert sethkit.decode(r.certificate, shifted)["verdict"] == "no"
    wrong = y - 3 * tol  # far outside: rows fall in the ambiguous band or flip
    assert sethkit.decode(r.certificate, wrong)["verdict"] != "no"


def test_decode_reads_a_certificate_file_and_refuses_another_source(tmp_path):
    ov = sethkit.random_ov(na=20, dim=10, plant="yes", seed=4)
    sethkit.write_ov(ov, tmp_path / "x.ov")
    r = sethkit.reduce(tmp_path / "x.ov")
    assert r.certificate["source"]["file"] == str(tmp_path / "x.ov")
    (tmp_path / "certificate.json").write_text(__import__("json").dumps(r.certificate))
    y = exact_attention(r.q, r.k, r.v, r.scale)
    d = sethkit.decode(tmp_path / "certificate.json", y, source=tmp_path / "x.ov")
    assert d["verdict"] == "yes" and d["witness"]["checked"]
    other = sethkit.random_ov(na=20, dim=10, plant="yes", seed=5)
    with pytest.raises(sethkit.InputError, match="not the source of"):
        sethkit.decode(r.certificate, y, source=other)
    with pytest.raises(sethkit.InputError):
        sethkit.decode(r.certificate, y[:5], source=ov)  # the wrong shape


def test_reduce_refuses_a_chain_it_cannot_return():
    ov = sethkit.random_ov(na=4, dim=4, seed=1)
    with pytest.raises(sethkit.ContractError, match="other chains run with verify"):
        sethkit.reduce(ov, chain="ov-diameter")
    g = sethkit.planted_gap_hamming(n=16, dim=16, t=2, seed=1)
    one, many = sethkit.reduce(g), sethkit.reduce(g, chain="gap-hamming-attention-n-sinks")
    assert many.k.shape[0] > one.k.shape[0]
    with pytest.raises(sethkit.ContractError, match="scale"):
        sethkit.reduce(ov, scale="1/d^2")
