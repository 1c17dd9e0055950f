#!/usr/bin/python3
"""Figure of `sethkit sweep pcp` (matplotlib, Debian's python3-matplotlib).

Usage: scripts/plot_pcp.py CSV [OUT_PNG]
Writes OUT_PNG (default: the CSV's name with .png):
  left:  the dimension q^(l+2) (dots) and Alice's vectors per source vector
         q^(k-1) (crosses) against m, for every k with the least field; the
         default k joined by a line;
  right: the entry bound B / sqrt(ln n) the attention encoding needs at the
         default k (least field, and the next prime dashed), beside the
         direct OV -> attention chain's.
"""
import csv
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main(path, out):
    with open(path) as f:
        rows = list(csv.DictReader(f))
    least = [r for r in rows if r["larger_q"] == "0"]
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.8), constrained_layout=True)
    ks = sorted({int(r["k"]) for r in least})
    cmap = plt.get_cmap("viridis")
    for i, k in enumerate(k for k in ks if k <= 6):
        pts = sorted((int(r["m"]), float(r["dim"]), float(r["hints"])) for r in least if int(r["k"]) == k)
        colour = cmap(i / 6)
        left.plot([p[0] for p in pts], [p[1] for p in pts], "o", color=colour, label=f"k = {k}: dimension")
        left.plot([p[0] for p in pts], [p[2] for p in pts], "x", color=colour)
    default = sorted((int(r["m"]), float(r["dim"]), float(r["hints"])) for r in least if r["default_k"] == "1")
    left.plot([p[0] for p in default], [p[1] for p in default], "-", color="black", label="default k: dimension")
    left.plot([p[0] for p in default], [p[2] for p in default], ":", color="black", label="default k: hints")
    left.set_yscale("log")
    left.set_xlabel("OV dimension m")
    left.set_ylabel("q^(l+2) (dots), hints q^(k-1) (crosses)")
    left.set_title("The distributed PCP's sizes per grid shape k (least prime q)")
    left.legend(fontsize=7, ncol=2)

    for larger, style, label in (("0", "-o", "PCP, default k, least q"), ("1", "--s", "PCP, default k, next prime")):
        pts = sorted((int(r["m"]), float(r["entry_bound_ratio"])) for r in rows
                     if r["default_k"] == "1" and r["larger_q"] == larger)
        right.plot([p[0] for p in pts], [p[1] for p in pts], style, label=label)
    direct = sorted({(int(r["m"]), float(r["direct_bound"]), float(r["entry_bound"]) / float(r["entry_bound_ratio"]))
                     for r in rows if r["default_k"] == "1" and r["larger_q"] == "0"})
    right.plot([p[0] for p in direct], [p[1] / p[2] for p in direct], "-^", color="tab:green",
               label="direct ov-to-attention")
    right.axhline(1.0, color="grey", lw=0.8, ls=":")
    right.set_yscale("log")
    right.set_xlabel("OV dimension m")
    right.set_ylabel("B / sqrt(ln n)")
    right.set_title("Entries the attention encoding needs")
    right.legend(fontsize=8)
    fig.savefig(out, dpi=110)
    print(f"wrote {out}")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    src = sys.argv[1]
    main(src, sys.argv[2] if len(sys.argv) > 2 else src.rsplit(".", 1)[0] + ".png")
