#!/usr/bin/python3
"""Exit 0 iff two result files (CSV or JSON) hold the same results apart from
what differs between any two runs: measured times and what is computed from
them (columns and keys ending in _s or _seconds, starting with seconds,
ratios of times named A_over_B or over_B, slopes fitted to times), the command line, and the hash of a
source's text (which holds the command line). Prints the first difference
otherwise. Usage: same_results.py A B"""
import csv
import json
import sys

VOLATILE = {"seconds", "timing_s", "timings_s", "command_line", "content_sha256"}


def volatile(key):
    return (key in VOLATILE or key.endswith(("_s", "_seconds")) or key.startswith("seconds")
            or "_over_" in key or key.startswith(("over_", "slope")))


def strip(value):
    if isinstance(value, dict):
        return {k: strip(v) for k, v in value.items() if not volatile(k)}
    if isinstance(value, list):
        return [strip(v) for v in value]
    return value


def load(path):
    if path.endswith(".csv"):
        with open(path, newline="") as f:
            rows = list(csv.reader(f))
        keep = [i for i, name in enumerate(rows[0]) if not volatile(name)]
        return [[row[i] for i in keep] for row in rows]
    with open(path) as f:
        return strip(json.load(f))


def first_difference(a, b, path=""):
    if type(a) is not type(b):
        return f"{path}: {type(a).__name__} against {type(b).__name__}"
    if isinstance(a, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                return f"{path}/{key}: only in one file"
            found = first_difference(a[key], b[key], f"{path}/{key}")
            if found:
                return found
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} items against {len(b)}"
        for i, (x, y) in enumerate(zip(a, b)):
            found = first_difference(x, y, f"{path}/{i}")
            if found:
                return found
        return None
    return None if a == b else f"{path}: {a!r} against {b!r}"


if __name__ == "__main__":
    found = first_difference(load(sys.argv[1]), load(sys.argv[2]))
    if found:
        sys.exit(f"{sys.argv[1]} and {sys.argv[2]} differ at {found}")
