#!/usr/bin/python3
"""Figure of `sethkit sweep rope-precision` (matplotlib, Debian's python3-matplotlib).

Usage: scripts/plot_rope_precision.py CSV [OUT_PNG]
Writes OUT_PNG (default: the CSV's name with .png):
  left:  the largest |RoPE logit - reference| (unit q, k) against the position,
         per format, base 10000 solid and 500000 dashed; an overflow is drawn
         at the top as a cross;
  right: whether the relative-offset head picks the right key at each position
         (dot: right, cross: wrong), per format and base.
"""
import csv
import math
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

FORMATS = ("float16", "bfloat16", "float32", "float64")
COLOURS = {"float16": "tab:red", "bfloat16": "tab:orange", "float32": "tab:blue", "float64": "tab:green"}


def main(path, out):
    with open(path) as f:
        rows = list(csv.DictReader(f))
    bases = sorted({float(r["base"]) for r in rows})
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.8), constrained_layout=True)
    top = 1.0
    labels = []
    for fi, fmt in enumerate(f for f in FORMATS if any(r["format"] == f for r in rows)):
        for bi, base in enumerate(bases):
            pts = [r for r in rows if r["format"] == fmt and float(r["base"]) == base]
            xs = [int(r["position"]) for r in pts]
            ys = [float(r["max_error"]) for r in pts]
            finite = [(x, y) for x, y in zip(xs, ys) if math.isfinite(y) and y > 0]
            style = "-" if bi == 0 else "--"
            if finite:
                left.plot(*zip(*finite), style, color=COLOURS[fmt], marker="o", ms=3,
                          label=f"{fmt}, base {base:g}")
            overflow = [x for x, y in zip(xs, ys) if not math.isfinite(y)]
            if overflow:
                left.plot(overflow, [top] * len(overflow), "x", color=COLOURS[fmt])
            row = fi * len(bases) + bi
            labels.append(f"{fmt}, base {base:g}")
            for r in pts:
                ok = r["selects"] == "1"
                right.plot(int(r["position"]), row, "o" if ok else "x",
                           color=COLOURS[fmt] if ok else "black", ms=5)
    left.set_xscale("log", base=2)
    left.set_yscale("log")
    left.set_xlabel("query position m")
    left.set_ylabel("largest |logit error| (unit q, k)")
    left.set_title("RoPE logit error against an 80-bit reference")
    left.legend(fontsize=7)
    right.set_xscale("log", base=2)
    right.set_yticks(range(len(labels)))
    right.set_yticklabels(labels, fontsize=8)
    right.set_xlabel("query position m")
    right.set_title("offset head picks key m - 1 (dot) or not (cross)")
    fig.savefig(out, dpi=110)
    print(f"wrote {out}")


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2] if len(sys.argv) == 3 else sys.argv[1].rsplit(".", 1)[0] + ".png")
