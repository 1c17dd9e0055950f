#!/usr/bin/python3
"""Figures of `sethkit sweep transition` (matplotlib, Debian's python3-matplotlib).

Usage: scripts/plot_transition.py CSV [OUT_PREFIX]
Writes
  OUT_PREFIX_rank.png: poly's Taylor degree (left) and rank C(d + g, g)
    (right, log-log) needed for the target error against n, one line per
    kappa; crosses mark the rank needed just to decode every row where the
    instance carries the answer; the dashed line is rank = n, above which poly
    does more work than exact attention;
  OUT_PREFIX_accuracy.png: decoding accuracy against kappa: the exact oracle
    (solid) and poly at the fixed rank budget (dashed).
"""
import csv
import sys
from collections import defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def rank_figure(by_kappa, prefix):
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.6))
    all_n = sorted({int(r["n"]) for rows in by_kappa.values() for r in rows})
    for i, kappa in enumerate(sorted(by_kappa)):
        color = f"C{i % 10}"
        cells = sorted(by_kappa[kappa], key=lambda r: int(r["n"]))
        pts = [(int(r["n"]), int(r["degree_needed"]), float(r["rank_needed"])) for r in cells
               if r["degree_needed"] != ""]  # empty: no degree up to the search's limit
        if pts:
            ns, degrees, ranks = zip(*pts)
            left.plot(ns, degrees, marker="o", color=color, label=f"kappa = {kappa:g}")
            right.plot(ns, ranks, marker="o", color=color, label=f"kappa = {kappa:g}")
        decode = [(int(r["n"]), float(r["decode_rank"])) for r in cells if r["decode_degree"] != ""]
        if decode:
            right.plot(*zip(*decode), marker="x", linestyle="none", color=color, markersize=8)
    right.plot(all_n, all_n, linestyle="--", color="black", label="rank = n")
    right.plot([], [], marker="x", linestyle="none", color="grey", label="rank to decode every row")
    for ax in (left, right):
        ax.set_xscale("log", base=2)
        ax.set_xlabel("n (keys)")
    left.set_yscale("log")
    left.set_ylabel("Taylor degree g for the target error")
    left.set_title("Taylor degree poly needs (measured)")
    right.set_yscale("log")
    right.set_ylabel("rank C(d + g, g)")
    right.set_title("Rank poly needs on B = kappa sqrt(ln n) inputs")
    right.legend(fontsize=7, loc="upper left")
    fig.tight_layout()
    fig.savefig(f"{prefix}_rank.png", dpi=120)


def accuracy_figure(by_n, prefix):
    fig, ax = plt.subplots(figsize=(6.4, 4.4))
    required = []
    for i, n in enumerate(sorted(by_n)):
        cells = sorted(by_n[n], key=lambda r: float(r["kappa"]))
        kappas = [float(r["kappa"]) for r in cells]
        color = f"C{i % 10}"
        ax.plot(kappas, [float(r["exact_accuracy"]) for r in cells], marker="o", color=color,
                label=f"n = {n}")
        budget = [(float(r["kappa"]), float(r["budget_accuracy"])) for r in cells
                  if r["budget_accuracy"] != ""]
        if budget:
            ax.plot(*zip(*budget), marker="s", linestyle="--", color=color, alpha=0.6)
        required.append(float(cells[0]["kappa_required"]))
    ax.axvspan(min(required), max(required), color="grey", alpha=0.2,
               label="kappa_required (over n)")
    ax.set_xscale("log", base=2)
    ax.set_ylim(0.4, 1.05)
    ax.set_xlabel("kappa = B / sqrt(ln n)")
    ax.set_ylabel("decoding accuracy (rows)")
    ax.set_title("Exact oracle (solid) and poly at a fixed rank budget (dashed)")
    ax.legend(fontsize=7, loc="upper left")
    fig.tight_layout()
    fig.savefig(f"{prefix}_accuracy.png", dpi=120)


def main(path, prefix):
    with open(path) as f:
        rows = list(csv.DictReader(f))
    by_kappa = defaultdict(list)
    by_n = defaultdict(list)
    for r in rows:
        by_kappa[float(r["kappa"])].append(r)
        by_n[int(r["n"])].append(r)
    rank_figure(by_kappa, prefix)
    accuracy_figure(by_n, prefix)
    print(f"wrote {prefix}_rank.png and {prefix}_accuracy.png")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: plot_transition.py CSV [OUT_PREFIX]")
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else sys.argv[1].rsplit(".", 1)[0])
