"""Instances: constructors, generators with their seeds, readers and writers
(round trips through the files the command line reads), and sizes refused
before anything is drawn."""
import numpy as np
import pytest

import sethkit


def test_version_and_errors_are_exposed():
    assert sethkit.__version__.count(".") == 2
    assert issubclass(sethkit.InputError, sethkit.Error)
    assert issubclass(sethkit.ContractError, sethkit.Error)
    assert issubclass(sethkit.Error, ValueError)


def test_cnf_from_clauses_and_back():
    f = sethkit.Cnf(3, [[1, -2], [3], [-1, 2, -3]])
    assert (f.num_vars, f.num_clauses) == (3, 3)
    assert f.clauses == [[1, -2], [3], [-1, 2, -3]]
    assert sethkit.Cnf(0, [[5]]).num_vars == 5  # raised to cover every variable
    with pytest.raises(sethkit.ContractError):
        sethkit.Cnf(2, [[1, 0]])  # literal 0 ends a clause in DIMACS; never a literal


def test_generators_are_determined_by_their_seed():
    a = sethkit.random_cnf(vars=12, ratio=4.0, seed=5)
    assert a == sethkit.random_cnf(vars=12, ratio=4.0, seed=5)
    assert a != sethkit.random_cnf(vars=12, ratio=4.0, seed=6)
    assert a.num_clauses == 48
    assert sethkit.random_cnf(vars=12, clauses=7).num_clauses == 7
    x = sethkit.random_ov(na=20, dim=10, plant="yes", seed=3)
    y = sethkit.random_ov(na=20, dim=10, plant="yes", seed=3)
    assert x == y and (x.n_a, x.n_b, x.d) == (20, 20, 10)
    g = sethkit.planted_gap_hamming(n=32, dim=32, t=4, seed=2)
    assert len(g.labels) == 32 and set(g.labels) <= {"yes", "no", "outside"}


def test_planted_answers_hold_by_brute_force():
    from conftest import ov_truth
    for seed in range(1, 6):
        yes = sethkit.random_ov(na=30, dim=12, plant="yes", seed=seed)
        no = sethkit.random_ov(na=30, dim=12, plant="no", seed=seed)
        assert ov_truth(yes.a, yes.b) and yes.known_answer is True
        i, j = yes.planted[0]
        assert int(yes.a[i] @ yes.b[j]) == 0
        assert not ov_truth(no.a, no.b) and no.known_answer is False


def test_ov_instance_from_arrays_checks_its_entries():
    ov = sethkit.OvInstance(np.array([[1, 0], [0, 1]]), np.array([[1, 1]], dtype=np.uint8))
    assert (ov.n_a, ov.n_b, ov.d) == (2, 1, 2)
    assert ov.a.dtype == np.uint8 and ov.a.tolist() == [[1, 0], [0, 1]]
    with pytest.raises(sethkit.ContractError, match=r"a\[1, 0\] is 2"):
        sethkit.OvInstance(np.array([[1, 0], [2, 1]]), np.array([[1, 1]]))
    with pytest.raises(sethkit.ContractError, match="one dimension"):
        sethkit.OvInstance(np.zeros((2, 3)), np.zeros((2, 4)))


def test_files_round_trip(tmp_path):
    f = sethkit.random_cnf(vars=10, ratio=3.0, seed=1)
    sethkit.write_dimacs(f, tmp_path / "f.cnf", comments=["from the tests"])
    text = (tmp_path / "f.cnf").read_text()
    assert "c from the tests" in text and "p cnf 10 30" in text
    assert sethkit.read_dimacs(tmp_path / "f.cnf") == f
    assert sethkit.load(str(tmp_path / "f.cnf")) == f
    ov = sethkit.random_ov(na=8, nb=5, dim=6, plant="no", seed=2)
    sethkit.write_ov(ov, tmp_path / "x.ov")
    assert sethkit.read_ov(tmp_path / "x.ov") == ov
    assert isinstance(sethkit.load(tmp_path / "x.ov"), sethkit.OvInstance)
    g = sethkit.planted_gap_hamming(n=16, dim=24, t=3, seed=4)
    sethkit.write_gap_hamming(g, tmp_path / "g.gh")
    back = sethkit.read_gap_hamming(tmp_path / "g.gh")
    assert back.labels == g.labels and back.t == g.t
    assert np.array_equal(back.a, g.a) and np.array_equal(back.b, g.b)
    assert isinstance(sethkit.load(tmp_path / "g.gh"), sethkit.GapHamming)


def test_bad_input_names_the_file_and_line(tmp_path):
    bad = tmp_path / "bad.cnf"
    bad.write_text("p cnf 3 2\n1 -2 0\n1 x 0\n")
    with pytest.raises(sethkit.InputError) as e:
        sethkit.read_dimacs(bad, strict=True)
    message = str(e.value)
    assert "\n" not in message and str(bad) in message and ":3:" in message
    assert e.value.file == str(bad) and e.value.line == 3
    with pytest.raises(sethkit.InputError, match="cannot open"):
        sethkit.load(tmp_path / "missing.cnf")
    with pytest.raises(sethkit.ContractError, match="expected a path or a Cnf"):
        sethkit.reduce(42)


def test_sizes_are_refused_before_anything_is_drawn():
    before = sethkit.set_budget()
    try:
        sethkit.set_budget(max_memory="1M")
        with pytest.raises(sethkit.InputError, match="memory budget"):
            sethkit.random_ov(na=100000, dim=100)
        with pytest.raises(sethkit.InputError, match="memory budget"):
            sethkit.random_cnf(vars=10, clauses=10**6)
    finally:
        sethkit.set_budget(max_memory=before["max_memory"])
    assert sethkit.set_budget() == before
    with pytest.raises(sethkit.ContractError, match="expected bytes or a size"):
        sethkit.set_budget(max_memory="lots")


def test_cnf_families_state_their_answer_and_verify_agrees():
    for family, params, want in [("php", {"pigeons": 3, "holes": 2}, False),
                                 ("php", {"pigeons": 2, "holes": 2}, True),
                                 ("parity", {"elements": 4}, True),
                                 ("ordering", {"elements": 3}, False),
                                 ("tseitin", {"vertices": 6, "degree": 3, "charge": "randomeven"},
                                  True)]:
        cnf, satisfiable, reason = sethkit.cnf_family(family, **params)
        assert satisfiable == want and reason
        bundle = sethkit.verify(cnf)
        assert bundle["verdict"] == "agree"
        assert bundle["decoded_answer"]["verdict"] == ("yes" if want else "no")
    with pytest.raises(sethkit.ContractError, match="unknown family 'pigeons'"):
        sethkit.cnf_family("pigeons")
