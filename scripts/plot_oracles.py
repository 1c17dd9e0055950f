#!/usr/bin/python3
"""Figures of `sethkit sweep oracles` (matplotlib, Debian's python3-matplotlib).

Usage: scripts/plot_oracles.py CSV [OUT_PREFIX]
Writes OUT_PREFIX_accuracy.png and OUT_PREFIX_time.png (default prefix: the
CSV's name without .csv):
  accuracy: left, the fraction of labelled rows decided right on the
            threshold family (planted Gap-Hamming) against kappa = B / sqrt(ln n)
            at the largest n, one line per oracle at its default budget;
            right, the same on the hard family (CNF -> OV -> attention)
            against the formula's variables, SAT and UNSAT pooled;
  time:     seconds against n on the easy family (largest kappa), log-log,
            every oracle at its default budget, flash dashed.
A refused cell is left out (its reason is in the CSV).
"""
import csv
import sys
from collections import defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def ran(rows):
    return [r for r in rows if not r["note"] and float(r["budget"]) == 1.0]


def main(path, prefix):
    with open(path) as f:
        rows = list(csv.DictReader(f))
    backends = list(dict.fromkeys(r["backend"] for r in rows))

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.6))
    threshold = [r for r in ran(rows) if r["family"] == "threshold" and r["rows_right"]]
    if threshold:
        n_max = max(int(r["n"]) for r in threshold)
        for i, b in enumerate(backends):
            pts = sorted((float(r["kappa"]), float(r["rows_right"])) for r in threshold
                         if r["backend"] == b and int(r["n"]) == n_max)
            if pts:
                left.plot(*zip(*pts), marker="o", color=f"C{i}", label=b)
        left.set_xscale("log", base=2)
        left.set_title(f"threshold: planted Gap-Hamming, n = {n_max}")
    left.set_xlabel("kappa = B / sqrt(ln n)")
    left.set_ylabel("rows decided right")
    left.set_ylim(-0.02, 1.02)
    left.legend(fontsize=8)
    hard = [r for r in ran(rows) if r["family"] == "hard" and r["rows_right"]]
    for i, b in enumerate(backends):
        by_v = defaultdict(list)
        for r in hard:
            if r["backend"] == b:
                by_v[int(r["vars"])].append(float(r["rows_right"]))
        if by_v:
            v = sorted(by_v)
            right.plot(v, [sum(by_v[x]) / len(by_v[x]) for x in v], marker="o", color=f"C{i}",
                       label=b)
    right.set_title("hard: random 3-CNF -> OV -> attention")
    right.set_xlabel("variables v (n = 2^(v/2) queries)")
    right.set_ylabel("rows decided right (SAT and UNSAT)")
    right.set_ylim(-0.02, 1.02)
    fig.tight_layout()
    fig.savefig(prefix + "_accuracy.png", dpi=110)

    fig, ax = plt.subplots(figsize=(6.5, 4.6))
    easy = [r for r in ran(rows) if r["family"] == "easy"]
    if easy:
        k_max = max(float(r["kappa"]) for r in easy)
        for i, b in enumerate(backends):
            pts = sorted((int(r["n"]), float(r["seconds"])) for r in easy
                         if r["backend"] == b and float(r["kappa"]) == k_max)
            if pts:
                ax.plot(*zip(*pts), marker="o", color=f"C{i}", label=b,
                        linestyle="--" if b == "flash" else "-")
        ax.set_title(f"easy inputs (kappa = {k_max:g}, d = 16): time")
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xlabel("n")
    ax.set_ylabel("seconds")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(prefix + "_time.png", dpi=110)


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    csv_path = sys.argv[1]
    main(csv_path, sys.argv[2] if len(sys.argv) == 3 else csv_path.removesuffix(".csv"))
