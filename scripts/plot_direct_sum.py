#!/usr/bin/python3
"""Figure of `sethkit sweep direct-sum` (matplotlib, Debian's python3-matplotlib).

Usage: scripts/plot_direct_sum.py CSV [OUT_PNG]
Writes OUT_PNG (default: the CSV's name with .png): evaluation time of the
3-OV reduction's transformer, log-log,
  left:  against L H at fixed N, one marker per layout (one layer of L H heads,
         L H layers of one head), with the least-squares line and its slope;
  right: against N at fixed L H, with its line and slope, and a dashed
         reference of slope 2.
"""
import csv
import math
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def fit(xs, ys):
    lx = [math.log(x) for x in xs]
    ly = [math.log(y) for y in ys]
    m = len(lx)
    mx, my = sum(lx) / m, sum(ly) / m
    var = sum((a - mx) ** 2 for a in lx)
    slope = sum((a - mx) * (b - my) for a, b in zip(lx, ly)) / var
    return slope, my - slope * mx


def line(ax, xs, ys, label):
    slope, icept = fit(xs, ys)
    lo, hi = min(xs), max(xs)
    ax.plot([lo, hi], [math.exp(icept) * lo**slope, math.exp(icept) * hi**slope],
            color="black", linewidth=1, label=f"{label}: slope {slope:.2f}")
    return slope


def main(path, out):
    with open(path) as f:
        rows = list(csv.DictReader(f))
    lh = [r for r in rows if r["series"] == "lh"]
    ns = [r for r in rows if r["series"] == "n"]
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.6))

    fixed_n = lh[0]["N"] if lh else "?"
    for layout, marker, pick in (("one layer of L H heads", "o", lambda r: r["L"] == "1"),
                                 ("L H layers of one head", "s", lambda r: r["H"] == "1" and r["L"] != "1")):
        pts = sorted((int(r["LH"]), float(r["seconds"])) for r in lh if pick(r))
        if pts:
            left.plot(*zip(*pts), marker=marker, linestyle="none", markersize=7, label=layout)
    if len(lh) > 1:
        line(left, [int(r["LH"]) for r in lh], [float(r["seconds"]) for r in lh], "fit")
    left.set_xscale("log", base=2)
    left.set_yscale("log")
    left.set_xlabel("L H (heads in the model)")
    left.set_ylabel("forward pass, median seconds")
    left.set_title(f"time against L H at N = {fixed_n}")
    left.legend(fontsize=8)

    fixed_lh = ns[0]["LH"] if ns else "?"
    pts = sorted((int(r["N"]), float(r["seconds"])) for r in ns)
    if pts:
        right.plot(*zip(*pts), marker="o", linestyle="none", markersize=7, label="measured")
    if len(pts) > 1:
        line(right, [p[0] for p in pts], [p[1] for p in pts], "fit")
        n0, t0 = pts[-1]
        right.plot([pts[0][0], n0], [t0 * (pts[0][0] / n0) ** 2, t0], linestyle="--",
                   color="grey", label="slope 2 (reference)")
    right.set_xscale("log", base=2)
    right.set_yscale("log")
    right.set_xlabel("N (tokens)")
    right.set_title(f"time against N at L H = {fixed_lh}")
    right.legend(fontsize=8)

    fig.tight_layout()
    fig.savefig(out, dpi=120)
    print(f"wrote {out}")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: scripts/plot_direct_sum.py CSV [OUT_PNG]")
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else sys.argv[1].rsplit(".", 1)[0] + ".png")
