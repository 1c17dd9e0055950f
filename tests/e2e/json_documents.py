#!/usr/bin/python3
"""`--json` on every command (docs/json.md): each command run with `--json -`
writes exactly one JSON document on standard output (its human text going to
standard error), the document names itself and its schema version, and it
validates against docs/schemas/<document>.schema.json; `--json FILE` writes
the same kind of document to a file. Every schema is exercised, and a document
missing a required field or holding a wrong value fails validation, so the
check can fail. Usage: json_documents.py SETHKIT SCHEMA_DIR"""
import json
import os
import pathlib
import subprocess
import sys
import tempfile

import jsonschema

sethkit, schema_dir = sys.argv[1], pathlib.Path(sys.argv[2])
schemas = {p.name.removesuffix(".schema.json"): json.loads(p.read_text())
           for p in schema_dir.glob("*.schema.json")}
failures = []
seen = set()


def fail(message):
    failures.append(message)
    print("FAIL:", message)


def run(*args, check=True):
    return subprocess.run([sethkit, *args], capture_output=True, text=True, check=check)


def document(expected, *args, exit_codes=(0,)):
    """Runs the command with --json -, checks its one document, returns it."""
    done = subprocess.run([sethkit, *args, "--json", "-"], capture_output=True, text=True)
    label = " ".join(args)
    if done.returncode not in exit_codes:
        fail(f"{label}: exit {done.returncode}: {done.stderr.strip()[-300:]}")
        return None
    try:
        doc = json.loads(done.stdout)  # the whole of standard output: one document
    except json.JSONDecodeError as e:
        fail(f"{label}: standard output is not one JSON document ({e}): {done.stdout[:200]!r}")
        return None
    if doc.get("document") != expected:
        fail(f"{label}: document {doc.get('document')!r}, expected {expected!r}")
        return None
    try:
        jsonschema.validate(doc, schemas[expected])
    except jsonschema.ValidationError as e:
        fail(f"{label}: {expected} schema: {e.message} at {list(e.absolute_path)}")
        return None
    seen.add(expected)
    return doc


with tempfile.TemporaryDirectory() as work:
    os.chdir(work)
    run("gen", "cnf", "--vars", "10", "--ratio", "4", "--planted", "-o", "sat.cnf")
    run("gen", "cnf", "--vars", "12", "--ratio", "7", "-o", "unsat.cnf")
    run("gen", "ov", "--na", "8", "-d", "8", "--plant", "yes", "-o", "yes.ov")

    for f, code in [("sat.cnf", 10), ("unsat.cnf", 20)]:
        d = document("solve", "solve", f, exit_codes=(code,))
        if d and d["result"]["status"] != ("sat" if code == 10 else "unsat"):
            fail(f"solve {f}: status {d['result']['status']}")
    document("list", "list")
    d = document("path", "path", "sat", "attention")
    if d and not d["paths"]:
        fail("path sat attention: no paths")
    document("path", "path", "attention", "sat", exit_codes=(3,))
    document("reduce", "reduce", "sat.cnf", "-o", "red")
    document("reduce", "reduce", "yes.ov", "--to", "diameter", "-o", "dia")
    document("reduce", "reduce", "sat.cnf", "--to", "transformer", "-o", "model")
    for args in [["cnf", "--vars", "6", "-o", "a.cnf"],
                 ["cnf", "--family", "php", "--pigeons", "3", "--holes", "2", "-o", "p.cnf"],
                 ["cnf", "--family", "tseitin", "--vertices", "6", "-o", "t.cnf"],
                 ["ov", "-o", "o.ov"], ["gap-hamming", "-n", "8", "-d", "16", "-t", "2", "-o", "g.txt"],
                 ["formula", "--count", "3", "--leaves", "4", "-o", "f.jsonl"]]:
        d = document("gen", "gen", *args)
        if d and args[0] == "cnf" and "--family" in args and d["answer"] != "unsat":
            fail(f"gen {args}: answer {d['answer']}")
    d = document("verify", "verify", "sat.cnf")
    if d and (d["verdict"] != "agree" or d["schema_version"] != 2):
        fail("verify: not agree, or not schema 2")
    document("verify", "verify", "unsat.cnf", "--chain", "sat-3ov-transformer")
    document("verify", "verify", "g.txt")
    document("check", "check", "ov-to-attention", "--trials", "3")
    document("attend", "attend", "--random", "16,4,1", "--check", "--causal", "top-left")
    run("attend", "--q", "red/Q.npy", "--k", "red/K.npy", "--v", "red/V.npy", "-o", "y.npy")
    document("decode", "decode", "y.npy", "--certificate", "red/certificate.json",
             "--source", "sat.cnf", exit_codes=(10,))
    document("forward", "forward", "model", "--decode")
    d = document("gen", "gen", "formula-model", "--layers", "2", "--formula", "0 1 | 1 ! &",
                 "-o", "fmodel")
    if d and d["formula"]["value"] != 0:
        fail(f"gen formula-model: value {d['formula']['value']}")
    d = document("forward", "forward", "fmodel", "--decode")
    if d and not d["decoded"]["agrees"]:
        fail("forward --decode on the formula model: disagrees")
    document("baur-strassen", "baur-strassen", "--n", "3", "--layers", "1", "--heads", "2")
    document("explain", "explain", "ov-to-attention")
    document("explain", "explain", "formula-transformer")
    document("explain", "explain", "ov-to-gap-max-ip")
    document("demo", "demo", "-n", "6")
    for sweep in ["transition", "conv", "direct-sum", "oracles", "gradient", "formula-depth",
                  "rope-precision", "pcp"]:
        document(f"sweep-{sweep}", "sweep", sweep, "--quick", "-o", f"sweep-{sweep}")
    for i in (1, 2):
        run("sweep", "direct-sum", "--quick", "-o", "sharded", "--shard", f"{i}/2")
    d = document("merge", "merge", "-o", "sharded", "sharded/direct_sum.shard-1-of-2.partial.jsonl",
                 "sharded/direct_sum.shard-2-of-2.partial.jsonl")
    if d and d["results"].get("document") != "sweep-direct-sum":
        fail("merge: the joined sweep's document is missing")

    d = document("tune", "tune", "fft", "--max-n", "16", "-o", "wisdom/fftw-wisdom")
    if d and (d["lengths"] != [8, 10, 12, 14, 16, 18, 20, 24, 28, 32] or
              d["wisdom"] != "wisdom/fftw-wisdom" or not os.path.exists("wisdom/fftw-wisdom") or
              d["planner"] != "FFTW_MEASURE"):
        fail(f"tune fft: lengths {d['lengths']}, wisdom {d['wisdom']}, planner {d['planner']}")
    d = document("tune", "tune", "fft", "--patient", "--max-n", "16", "-o", "wisdom/patient")
    if d and (d["planner"] != "FFTW_PATIENT" or not os.path.exists("wisdom/patient")):
        fail(f"tune fft --patient: planner {d['planner']}")
    # --json FILE: the same kind of document, in a file; standard output keeps the human text.
    done = run("solve", "sat.cnf", "--json", "solve.json", check=False)
    if "s SATISFIABLE" not in done.stdout or json.load(open("solve.json"))["document"] != "solve":
        fail("solve --json FILE")
    # --json - and -o - cannot share standard output.
    done = run("gen", "cnf", "--vars", "5", "--json", "-", check=False)
    if done.returncode != 1 or "both want standard output" not in done.stderr or done.stdout:
        fail(f"gen --json - without -o: exit {done.returncode}, {done.stderr.strip()}")

    # The schemas can fail: a document without its tool block, a wrong status.
    doc = json.loads(run("solve", "sat.cnf", "--json", "-", check=False).stdout)
    for broken in [{k: v for k, v in doc.items() if k != "tool"},
                   {**doc, "result": {**doc["result"], "status": "maybe"}}]:
        try:
            jsonschema.validate(broken, schemas["solve"])
            fail("the solve schema accepted a broken document")
        except jsonschema.ValidationError:
            pass

missing = sorted(set(schemas) - seen)
if missing:
    fail(f"schemas never exercised: {missing}")
print(f"{len(seen)} documents validated against their schemas, {len(failures)} failure(s)")
sys.exit(1 if failures else 0)
