#!/usr/bin/python3
"""Turns the CSV rows of bench_attention and peers.py into the markdown tables
of docs/performance.md, with the issue's targets checked. Usage: report.py CSV."""
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from report_gradient import gradient_tables  # noqa: E402
from report_rows import read_rows, slope  # noqa: E402


def main(path):
    data = read_rows(path)  # (section, subject, n, d) -> {metric: value}
    get = lambda *key: data.get(key, {})
    out = []
    targets = []

    blas, torch_info = get("info", "blas", 0, 0), get("info", "pytorch", 0, 0)
    if blas or torch_info:
        out.append("### The peers' configuration\n")
        if blas:
            rates = ", ".join(f"{k[len('sgemm_gflops_'):]} {v:.0f}" for k, v in sorted(blas.items())
                              if k.startswith("sgemm_gflops_"))
            out.append(f"- BLAS: `{blas.get('library', '?')}`; OPENBLAS_CORETYPE = "
                       f"{blas.get('openblas_coretype', '?')}, the fastest measured "
                       f"(NumPy sgemm at 4096, GF/s: {rates}); OPENBLAS_NUM_THREADS = 2.")
        if torch_info:
            out.append(f"- PyTorch {torch_info.get('version', '?')}: BLAS_INFO = "
                       f"{torch_info.get('blas_info', '?')}, {torch_info.get('threads', '?'):.0f} "
                       f"threads, sgemm at 4096: {torch_info.get('sgemm_gflops', float('nan')):.0f} GF/s.")
        out.append("")

    # The machine's limits, measured in the same run (bench/machine_limits.hpp).
    limits = {(subject, d): metrics for (section, subject, n, d), metrics in data.items()
              if section == "limits"}
    sgemm_rates = [v for k, v in blas.items() if k.startswith("sgemm_gflops_")]
    sgemm = max(sgemm_rates) if sgemm_rates else torch_info.get("sgemm_gflops")
    exp_rate = limits.get(("eigen_exp", 0), {}).get("elements_per_second")
    tile = {d: limits.get(("eigen_tile_products", d), {}).get("gflops") for d in (16, 64)}
    if limits:
        out.append("### The machine's limits, measured in this run (both cores)\n")
        out.append("| limit | rate |")
        out.append("|---|---|")
        if sgemm:
            out.append(f"| sgemm, OpenBLAS through NumPy, 4096 x 4096 (fastest core type) | {sgemm:.0f} GF/s |")
        for d in (16, 64):
            if tile[d]:
                out.append(f"| flash's two tile products with Eigen (128 x {d} x 512, 128 x 512 x {d}) | {tile[d]:.0f} GF/s |")
        if exp_rate:
            out.append(f"| Eigen's vectorised exp, float32, L1-resident | {exp_rate:.3g} a second |")
        for d in (32, 64, 128):
            r = limits.get(("ov_and_test", d), {}).get("pairs_per_second")
            if r:
                out.append(f"| OV AND-and-test loop on L1-resident rows, d = {d} | {r:.3g} pairs a second |")
        out.append("\nThe roofline of exact attention at (n, d) is the time of its two products "
                   "(4 n^2 d flops) at a rate plus that of its n^2 exponentials at the exp rate; "
                   "\"of roofline\" uses the sgemm rate, \"of Eigen roofline\" the rate of "
                   "flash's own tile products.\n")

    out.append("### flash against the Eigen and PyTorch peers (CPU, 2 threads, float32), median seconds\n")
    if torch_info.get("path"):
        out.append(f"PyTorch: `{torch_info['path']}`; Eigen: products into preallocated matrices "
                   f"with `noalias()`, the softmax as in-place array operations "
                   f"({get('info', 'eigen', 0, 0).get('threads', float('nan')):.0f} threads).\n")
    out.append("| n | d | flash | GF/s | of sgemm | of roofline | of Eigen roofline | Eigen | PyTorch "
               "| Eigen / flash | PyTorch / flash |")
    out.append("|---|---|---|---|---|---|---|---|---|---|---|")
    fmt_ratio = lambda peer, f: f"{peer / f:.1f}x" if peer else "not run"
    fmt_s = lambda x: f"{x:.4f}" if x else "not run"
    roofline = lambda n, d, rate: 4 * n * n * d / (rate * 1e9) + n * n / exp_rate
    for n in (2048, 8192, 16384):
        for d in (16, 64):
            f = get("flash", "flash", n, d).get("seconds")
            if not f:
                continue
            e = get("flash", "eigen", n, d).get("seconds")
            p = get("flash", "pytorch", n, d).get("seconds")
            rate = 4 * n * n * d / f / 1e9
            of_sgemm = f"{rate / sgemm:.0%}" if sgemm else "?"
            of_roof = f"{roofline(n, d, sgemm) / f:.0%}" if sgemm and exp_rate else "?"
            of_tile = f"{roofline(n, d, tile[d]) / f:.0%}" if tile[d] and exp_rate else "?"
            out.append(f"| {n} | {d} | {f:.4f} | {rate:.0f} | {of_sgemm} | {of_roof} | {of_tile} | "
                       f"{fmt_s(e)} | {fmt_s(p)} | {fmt_ratio(e, f)} | {fmt_ratio(p, f)} |")
    f = get("flash", "flash", 8192, 64).get("seconds")
    p, e = get("flash", "pytorch", 8192, 64).get("seconds"), get("flash", "eigen", 8192, 64).get("seconds")
    if f and p:
        targets.append(("flash >= 3x the configured PyTorch at n = 8192, d = 64", f"{p / f:.1f}x", p / f >= 3))
    if f and e:
        targets.append(("flash >= 3x the Eigen peer at n = 8192, d = 64", f"{e / f:.1f}x", e / f >= 3))
    if f and sgemm:
        # Effective rate: the two products' 4 n^2 d flops over flash's time.
        rate = 4 * 8192 ** 2 * 64 / f / 1e9
        targets.append(("flash >= 70% of the run's sgemm rate at n = 8192, d = 64",
                        f"{rate:.0f} GF/s, {rate / sgemm:.0%} of {sgemm:.0f}", rate / sgemm >= 0.7))
    f16 = get("flash", "flash", 8192, 16).get("seconds")
    if f16 and sgemm and exp_rate:
        frac = roofline(8192, 16, sgemm) / f16
        targets.append(("flash at d = 16 >= 50% of the products-plus-exponentials roofline (n = 8192)",
                        f"{frac:.0%}", frac >= 0.5))
    out.append("\n### flash peak memory (float32 inputs, d = 64)\n")
    out.append("| n | seconds | peak resident MiB | of which inputs |")
    out.append("|---|---|---|---|")
    for n in (1 << 17, 1 << 18):
        m = get("memory", "flash", n, 64)
        if m:
            out.append(f"| {n} | {m['seconds']:.1f} | {m['peak_rss_mib']:.0f} | {m['inputs_rss_mib']:.0f} |")
    m = get("memory", "flash", 1 << 18, 64)
    if m:
        targets.append(("flash at n = 2^18, d = 64 under 1 GiB peak", f"{m['peak_rss_mib']:.0f} MiB",
                        m["peak_rss_mib"] < 1024))

    out.append("\n### poly against flash (d = 8, entries in [-1, 1], scale 1/8, R <= 1, target error 1e-3)\n")
    out.append("| n | poly s | flash s | speedup | poly measured error | poly bound | R' |")
    out.append("|---|---|---|---|---|---|---|")
    poly_pts, flash_pts = [], []
    for log_n in range(12, 19):
        n = 1 << log_n
        p, f = get("poly", "poly", n, 8), get("poly", "flash", n, 8)
        if p and f:
            out.append(f"| 2^{log_n} | {p['seconds']:.4f} | {f['seconds']:.4f} | {f['seconds'] / p['seconds']:.1f}x | "
                       f"{p['measured_error']:.2e} | {p['error_bound']:.2e} | {p['logit_radius_bound']:.3f} |")
            poly_pts.append((n, p["seconds"]))
            flash_pts.append((n, f["seconds"]))
    if len(poly_pts) >= 2:
        sp, sf = slope(poly_pts), slope(flash_pts)
        top = [pt for pt in poly_pts if pt[0] >= 1 << 14]
        out.append(f"\nLog-log slope of time in n over 2^12 .. 2^{int(math.log2(poly_pts[-1][0]))}: "
                   f"poly {sp:.2f}, flash {sf:.2f}"
                   + (f" (poly from 2^14 on: {slope(top):.2f})" if len(top) >= 2 else ""))
        targets.append(("poly time slope <= 1.15 in log n; flash about 2", f"poly {sp:.2f}, flash {sf:.2f}",
                        sp <= 1.15))
    p, f = get("poly", "poly", 1 << 16, 8), get("poly", "flash", 1 << 16, 8)
    if p and f:
        targets.append(("poly >= 10x faster than flash at n = 2^16, error <= 1e-3",
                        f"{f['seconds'] / p['seconds']:.0f}x, error {p['measured_error']:.1e}",
                        f["seconds"] / p["seconds"] >= 10 and p["measured_error"] <= 1e-3))

    gradient_tables(get, out, targets)

    approx = ["performer", "hyper", "reformer", "nystrom", "window"]
    sizes = sorted({n for (section, subject, n, d) in data if section == "approximate"})
    if sizes:
        out.append("\n### Approximate backends at their default budgets beside flash "
                   "(d = 64, entries in [-1, 1], scale 1/64), median seconds\n")
        if get("info", "allocator", 0, 0):
            out.append("Run with GLIBC_TUNABLES=glibc.malloc.mmap_threshold=4294967295:"
                       "glibc.malloc.trim_threshold=4294967295 (freed memory kept for the next "
                       "call, as a long-lived process or a caching allocator keeps it).\n")
        out.append("| n | flash | " + " | ".join(approx) + " |")
        out.append("|---|---|" + "---|" * len(approx))
        for n in sizes:
            f = get("approximate", "flash", n, 64).get("seconds")
            cells = []
            for b in approx:
                m = get("approximate", b, n, 64)
                cells.append(f"{m['seconds']:.3f} (err {m['measured_error']:.2g})" if m else "")
            out.append(f"| {n} | {f'{f:.3f}' if f else 'not run'} | " + " | ".join(cells) + " |")
        slopes, speed = [], []
        for b in approx:
            pts = [(n, get("approximate", b, n, 64)["seconds"]) for n in sizes
                   if get("approximate", b, n, 64)]
            if len(pts) >= 2:
                slopes.append((b, slope(pts)))
            a, f = get("approximate", b, 1 << 16, 64), get("approximate", "flash", 1 << 16, 64)
            if a and f:
                speed.append((b, f["seconds"] / a["seconds"]))
        if slopes:
            out.append(f"\nLog-log slope of time in n over 2^12 .. 2^{int(math.log2(sizes[-1]))}: "
                       + ", ".join(f"{b} {s:.2f}" for b, s in slopes))
            targets.append((f"each approximate backend: time slope <= 1.2 (2^12 .. 2^{int(math.log2(sizes[-1]))})",
                            ", ".join(f"{b} {s:.2f}" for b, s in slopes), all(s <= 1.2 for _, s in slopes)))
        if speed:
            targets.append(("each approximate backend >= 10x faster than flash at n = 2^16",
                            ", ".join(f"{b} {x:.1f}x" for b, x in speed), all(x >= 10 for _, x in speed)))

    out.append("\n### OV brute force, NO instances (every pair scanned), pairs per second\n")
    out.append("| n per side | d | naive | bit-packed | of AND-and-test limit | NumPy `np.any(A @ B.T == 0)` "
               "| bit-packed / NumPy |")
    out.append("|---|---|---|---|---|---|---|")
    ov_ok = True
    for (section, subject, n, d), metrics in sorted(data.items()):
        if section != "ov" or subject != "bitpacked":
            continue
        naive = get("ov", "naive", n, d).get("pairs_per_second", float("nan"))
        packed = metrics["pairs_per_second"]
        numpy = get("ov", "numpy", n, d).get("pairs_per_second", float("nan"))
        limit = limits.get(("ov_and_test", d), {}).get("pairs_per_second")
        of_limit = f"{packed / limit:.0%}" if limit else "?"
        out.append(f"| {n} | {d} | {naive:.3g} | {packed:.3g} | {of_limit} | {numpy:.3g} | {packed / numpy:.1f}x |")
        if d <= 64:
            ov_ok = ov_ok and packed >= 1e9 and packed / numpy >= 5
        if d == 64:
            targets.append(("bit-packed OV >= 2e10 pairs per second at d = 64 (2 cores)",
                            f"{packed:.3g}", packed >= 2e10))
    if any(section == "ov" for (section, _, _, _) in data):
        targets.append(("bit-packed OV >= 1e9 pairs/s at d <= 64 and >= 5x NumPy", "see table", ov_ok))

    out.append("\n### Targets\n")
    out.append("| target | measured | met |")
    out.append("|---|---|---|")
    for name, measured, ok in targets:
        out.append(f"| {name} | {measured} | {'yes' if ok else 'NO'} |")
    print("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1])
