#!/usr/bin/python3
"""Figure of `sethkit sweep conv` (matplotlib, Debian's python3-matplotlib).

Usage: scripts/plot_conv.py CSV [OUT_PNG]
Writes OUT_PNG (default: the CSV's name with .png), log-log against n:
  left:  seconds of conv (solid; crosses where conv refused, at the time it
         took to refuse) and exact causal flash (dashed), for the structured
         inputs (exactly 4-conv), random tame inputs and the OV-reduction
         inputs;
  right: the number of conv bases k found, with k = n dashed for reference,
         and conv's measured error on sampled rows (crosses, right axis).
"""
import csv
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main(path, out):
    with open(path) as f:
        rows = list(csv.DictReader(f))
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.6))
    err_axis = right.twinx()
    all_n = sorted({int(r["n"]) for r in rows})
    for i, (series, label) in enumerate((("structured", "structured (4-conv)"),
                                         ("random", "random, R <= 1"),
                                         ("hard", "OV reduction"))):
        pts = sorted((int(r["n"]), float(r["conv_s"]), float(r["flash_s"]), int(r["k"]),
                      float(r["conv_error"]), r["note"]) for r in rows if r["series"] == series)
        if not pts:
            continue
        n, conv_s, flash_s, k, err, note = zip(*pts)
        color = f"C{i}"
        ran = [(a, b) for a, b, c in zip(n, conv_s, note) if not c]
        refused = [(a, b) for a, b, c in zip(n, conv_s, note) if c]
        if ran:
            left.plot(*zip(*ran), marker="o", color=color, label=f"conv, {label}")
        if refused:
            left.plot(*zip(*refused), marker="x", linestyle="none", color=color, markersize=9,
                      label=f"conv refused (time to refusal), {label}")
        left.plot(n, flash_s, marker="s", linestyle="--", color=color, label=f"flash, {label}")
        right.plot(n, k, marker="o", color=color, label=f"k, {label}")
        errs = [(a, max(e, 1e-17)) for a, e, c in zip(n, err, note) if not c]
        if errs:
            err_axis.plot(*zip(*errs), marker="x", linestyle="none", color=color, markersize=8)
    right.plot(all_n, all_n, linestyle="--", color="black", label="k = n")
    err_axis.set_yscale("log")
    err_axis.set_ylabel("conv max error on sampled rows (x)")
    for ax in (left, right):
        ax.set_xscale("log", base=2)
        ax.set_yscale("log")
        ax.set_xlabel("n (causal self-attention)")
    left.set_ylabel("seconds (one run)")
    left.set_title("conv against exact causal attention")
    right.set_ylabel("conv bases k")
    right.set_title("bases found")
    left.legend(fontsize=7)
    right.legend(fontsize=7, loc="upper left")
    fig.tight_layout()
    fig.savefig(out, dpi=120)
    print(f"wrote {out}")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: scripts/plot_conv.py CSV [OUT_PNG]")
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else sys.argv[1].rsplit(".", 1)[0] + ".png")
