#!/usr/bin/python3
"""Figure of `sethkit sweep formula-depth` (matplotlib, Debian's python3-matplotlib).

Usage: scripts/plot_formula_depth.py CSV [OUT_PNG]
Writes OUT_PNG (default: the CSV's name with .png): for each kind (rows) and
shape (columns) a heat map of the fraction of formulas evaluated right over
L (layers, up) and D (the generator's binary depth, across); an unknown root
answers 0, so beyond the model's depth the fraction falls to the rate of
label 0. Cells skipped for their length are grey. The dashed line is L = D.
"""
import csv
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def main(path, out):
    with open(path) as f:
        rows = list(csv.DictReader(f))
    kinds = [k for k in ("boolean", "arithmetic") if any(r["kind"] == k for r in rows)]
    shapes = [s for s in ("balanced", "random", "caterpillar") if any(r["shape"] == s for r in rows)]
    depths = sorted({int(r["depth"]) for r in rows})
    layers = sorted({int(r["layers"]) for r in rows})
    fig, axes = plt.subplots(len(kinds), len(shapes), figsize=(4.4 * len(shapes), 4.0 * len(kinds)),
                             constrained_layout=True,
                             squeeze=False)
    image = None
    for i, kind in enumerate(kinds):
        for j, shape in enumerate(shapes):
            ax = axes[i][j]
            grid = np.full((len(layers), len(depths)), np.nan)
            for r in rows:
                if r["kind"] != kind or r["shape"] != shape or int(r["formulas"]) == 0:
                    continue
                grid[layers.index(int(r["layers"])), depths.index(int(r["depth"]))] = float(r["accuracy"])
            cmap = plt.get_cmap("viridis").copy()
            cmap.set_bad("0.8")
            image = ax.imshow(np.ma.masked_invalid(grid), origin="lower", cmap=cmap, vmin=0, vmax=1,
                              aspect="auto", extent=(depths[0] - 0.5, depths[-1] + 0.5,
                                                     layers[0] - 0.5, layers[-1] + 0.5))
            ax.plot([depths[0] - 0.5, depths[-1] + 0.5], [depths[0] - 0.5, depths[-1] + 0.5], "w--", lw=1)
            ax.set_xlim(depths[0] - 0.5, depths[-1] + 0.5)
            ax.set_ylim(layers[0] - 0.5, layers[-1] + 0.5)
            ax.set_title(f"{kind}, {shape}")
            ax.set_xlabel("formula depth D (binary operators)")
            ax.set_ylabel("layers L")
    fig.colorbar(image, ax=axes, shrink=0.6, label="fraction evaluated right")
    fig.suptitle("The formula transformer: exact once L reaches the depth (NOT levels counted),\n"
                 "the rate of label 0 below it")
    fig.savefig(out, dpi=110, bbox_inches="tight")
    print(f"wrote {out}")


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2] if len(sys.argv) == 3 else sys.argv[1].rsplit(".", 1)[0] + ".png")
