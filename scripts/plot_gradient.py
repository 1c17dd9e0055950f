#!/usr/bin/python3
"""Figure of `sethkit sweep gradient` (matplotlib, Debian's python3-matplotlib).

Usage: scripts/plot_gradient.py CSV [OUT_PNG]
Writes OUT_PNG (default: the CSV's name with .png), two panels:
  left:  seconds against n (log-log) of flash's backward pass (float32,
         quadratic) and poly's backward pass (almost linear) at small entries,
         with the fitted slopes in the legend; forward passes dashed;
  right: decoding accuracy of the OV -> attention-gradient reduction against
         kappa = B / sqrt(ln n), from an exact float64 backward pass (solid)
         and float32 flash (crosses), one line per N; the proof's kappa over
         the N of the grid is shaded.
"""
import csv
import math
import sys
from collections import defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def slope(xs, ys):
    lx = [math.log(x) for x in xs]
    ly = [math.log(y) for y in ys]
    if len(lx) < 2:
        return float("nan")
    mx, my = sum(lx) / len(lx), sum(ly) / len(ly)
    var = sum((x - mx) ** 2 for x in lx)
    return sum((x - mx) * (y - my) for x, y in zip(lx, ly)) / var if var > 0 else float("nan")


def time_panel(ax, rows):
    rows = sorted(rows, key=lambda r: int(r["n"]))
    n = [int(r["n"]) for r in rows]
    flash_b = [float(r["flash_backward_s"]) for r in rows]
    ax.plot(n, flash_b, marker="s", color="C0",
            label=f"flash backward (slope {slope(n, flash_b):.2f})")
    ax.plot(n, [float(r["flash_forward_s"]) for r in rows], linestyle="--", color="C0",
            alpha=0.6, label="flash forward")
    poly = [r for r in rows if r["poly_backward_s"] != ""]  # empty: poly refused
    if poly:
        pn = [int(r["n"]) for r in poly]
        pb = [float(r["poly_backward_s"]) for r in poly]
        ax.plot(pn, pb, marker="o", color="C1", label=f"poly backward (slope {slope(pn, pb):.2f})")
        ax.plot(pn, [float(r["poly_forward_s"]) for r in poly], linestyle="--", color="C1",
                alpha=0.6, label="poly forward")
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xlabel("n (d = 8, entries in [-1, 1], |logit| <= 1)")
    ax.set_ylabel("seconds")
    ax.set_title("Backward pass at small entries")
    ax.legend(fontsize=7)


def decode_panel(ax, rows):
    by_n = defaultdict(list)
    for r in rows:
        by_n[int(r["vectors"])].append(r)
    required = []
    for i, n in enumerate(sorted(by_n)):
        cells = sorted(by_n[n], key=lambda r: float(r["kappa"]))
        kappas = [float(r["kappa"]) for r in cells]
        color = f"C{i % 10}"
        ax.plot(kappas, [float(r["exact_accuracy"]) for r in cells], marker="o", color=color,
                label=f"N = {n}")
        ax.plot(kappas, [float(r["float32_accuracy"]) for r in cells], marker="x",
                linestyle="none", color=color, markersize=8)
        required.append(float(cells[0]["kappa_required"]))
    if required:
        ax.axvspan(min(required), max(required), color="grey", alpha=0.2,
                   label="the proof's kappa (over N)")
    ax.plot([], [], marker="x", linestyle="none", color="grey", label="float32 flash")
    ax.set_xscale("log", base=2)
    ax.set_ylim(0.35, 1.05)
    ax.set_xlabel("kappa = B / sqrt(ln n)")
    ax.set_ylabel("rows decided right")
    ax.set_title("OV from dL/dQ: decoding against the entry bound")
    ax.legend(fontsize=7, loc="upper left")


def main(path, out):
    with open(path) as f:
        rows = list(csv.DictReader(f))
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.6))
    time_panel(left, [r for r in rows if r["series"] == "time"])
    decode_panel(right, [r for r in rows if r["series"] == "decode"])
    fig.tight_layout()
    fig.savefig(out, dpi=120)
    print(f"wrote {out}")


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    csv_path = sys.argv[1]
    main(csv_path, sys.argv[2] if len(sys.argv) == 3 else csv_path.rsplit(".", 1)[0] + ".png")
