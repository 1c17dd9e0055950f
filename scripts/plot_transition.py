#!/usr/bin/python3
"""Figures of `sethkit sweep transition` (matplotlib, Debian's python3-matplotlib).

Usage: scripts/plot_transition.py CSV [OUT_PREFIX]
Writes OUT_PREFIX_rank.png (poly's rank needed for the target error against n,
log-log, one line per kappa) and OUT_PREFIX_accuracy.png (decoding accuracy
against kappa: the exact oracle, and poly at the fixed rank budget).
"""
import csv
import sys
from collections import defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main(path, prefix):
    rows = list(csv.DictReader(open(path)))
    by_kappa = defaultdict(list)
    by_n = defaultdict(list)
    for r in rows:
        by_kappa[float(r["kappa"])].append(r)
        by_n[int(r["n"])].append(r)

    fig, ax = plt.subplots(figsize=(6.4, 4.4))
    for kappa in sorted(by_kappa):
        pts = [(int(r["n"]), float(r["rank_needed"])) for r in by_kappa[kappa] if int(r["degree_needed"]) >= 0]
        if pts:
            ax.plot(*zip(*pts), marker="o", label=f"kappa = {kappa:g}")
        else:
            ax.plot([], [], linestyle="none", marker="x", label=f"kappa = {kappa:g}: refused at every n")
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xlabel("n (keys)")
    ax.set_ylabel("poly rank C(d + g, g) for the target error")
    ax.set_title("Polynomial method on B = kappa sqrt(ln n) inputs")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(f"{prefix}_rank.png", dpi=120)

    fig, ax = plt.subplots(figsize=(6.4, 4.4))
    required = []
    for i, n in enumerate(sorted(by_n)):
        cells = sorted(by_n[n], key=lambda r: float(r["kappa"]))
        kappas = [float(r["kappa"]) for r in cells]
        color = f"C{i % 10}"
        ax.plot(kappas, [float(r["exact_accuracy"]) for r in cells], marker="o", color=color, label=f"exact, n = {n}")
        budget = [(float(r["kappa"]), float(r["budget_accuracy"])) for r in cells if float(r["budget_accuracy"]) >= 0]
        if budget:
            ax.plot(*zip(*budget), marker="s", linestyle="--", color=color, alpha=0.6)
        required.append(float(cells[0]["kappa_required"]))
    ax.axvspan(min(required), max(required), color="grey", alpha=0.2, label="kappa where the construction separates")
    ax.set_xscale("log", base=2)
    ax.set_ylim(0.4, 1.05)
    ax.set_xlabel("kappa = B / sqrt(ln n)")
    ax.set_ylabel("decoding accuracy (rows)")
    ax.set_title("Exact oracle (solid) and poly at a fixed rank budget (dashed)")
    ax.legend(fontsize=7, loc="upper left")
    fig.tight_layout()
    fig.savefig(f"{prefix}_accuracy.png", dpi=120)
    print(f"wrote {prefix}_rank.png and {prefix}_accuracy.png")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: plot_transition.py CSV [OUT_PREFIX]")
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else sys.argv[1].rsplit(".", 1)[0])
