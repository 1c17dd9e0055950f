#!/usr/bin/python3
"""The backward pass's tables and targets for bench/report.py (or alone: report_gradient.py CSV): flash's backward
beside its forward, poly's and conv's gradients beside flash's backward
(bench/gradient_rows.hpp)."""
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from report_rows import read_rows, slope  # noqa: E402


def gradient_tables(get, out, targets):
    rows = [(subject, get("backward", subject, 8192, 64)) for subject in ("flash", "flash_causal")]
    rows = [(s, m) for s, m in rows if m]
    if rows:
        out.append("\n### flash backward beside flash forward (n = 8192, d = 64, float32, median seconds)\n")
        out.append("| mask | forward | backward | backward / forward |")
        out.append("|---|---|---|---|")
        for subject, m in rows:
            ratio = m["backward_seconds"] / m["forward_seconds"]
            mask = "bottom-right causal" if subject == "flash_causal" else "none"
            out.append(f"| {mask} | {m['forward_seconds']:.4f} | {m['backward_seconds']:.4f} | {ratio:.2f} |")
        worst = max(m["backward_seconds"] / m["forward_seconds"] for _, m in rows)
        targets.append(("flash backward within 3x of flash forward at n = 8192, d = 64",
                        f"{worst:.2f}x (the larger of the two masks)", worst <= 3))
    mem = [(n, get("backward_memory", "flash", n, 64)) for n in (1 << 16, 1 << 17)]
    mem = [(n, m) for n, m in mem if m]
    if mem:
        out.append("\n### flash backward peak memory (float32, d = 64)\n")
        out.append("| n | inputs MiB | peak after forward MiB | peak after backward MiB |")
        out.append("|---|---|---|---|")
        for n, m in mem:
            out.append(f"| {n} | {m['inputs_rss_mib']:.0f} | {m['forward_peak_rss_mib']:.0f} | "
                       f"{m['backward_peak_rss_mib']:.0f} |")
        n, m = mem[-1]
        # O(n d): inputs, output, dO and the three gradients are 8 n x 64 float32
        # matrices (2 KiB a row), plus one n x d dQ buffer a thread.
        linear = 8 * n * 64 * 4 / 2**20 + 2 * n * 64 * 4 / 2**20
        targets.append((f"flash backward peak memory O(n d) (n = {n}: under twice the "
                        f"{linear:.0f} MiB of its n x d matrices)",
                        f"{m['backward_peak_rss_mib']:.0f} MiB",
                        m["backward_peak_rss_mib"] < 2 * linear + 64))

    poly_sizes = sorted({n for n in (1 << k for k in range(12, 19)) if get("gradient", "poly", n, 8)})
    if poly_sizes:
        out.append("\n### poly's gradient beside flash's backward (d = 8, entries in [-1, 1], scale 1/8)\n")
        out.append("`poly`: the forward's target error 1e-3; `poly_bounded`: target 1e-4, the "
                   "degree whose guaranteed gradient bound is below 1e-3. Errors of dQ, dK, dV on 64 "
                   "sampled rows each against the exact gradient.\n")
        out.append("| n | flash backward s | poly s | speedup | rank | measured error | bound "
                   "| poly_bounded s | speedup | rank | measured error | bound |")
        out.append("|---|---|---|---|---|---|---|---|---|---|---|---|")
        for n in poly_sizes:
            f = get("gradient", "flash", n, 8).get("backward_seconds")
            cells = []
            for subject in ("poly", "poly_bounded"):
                m = get("gradient", subject, n, 8)
                speed = f"{f / m['backward_seconds']:.1f}x" if f else "flash not run"
                cells.append(f"{m['backward_seconds']:.4f} | {speed} | {m['rank']:.0f} | "
                             f"{m['measured_error']:.1e} | {m['error_bound']:.1e}")
            out.append(f"| 2^{int(math.log2(n))} | {f'{f:.4f}' if f else 'not run'} | " + " | ".join(cells) + " |")
        slopes = {s: slope([(n, get("gradient", s, n, 8)["backward_seconds"]) for n in poly_sizes])
                  for s in ("poly", "poly_bounded")}
        fl = [(n, get("gradient", "flash", n, 8)["backward_seconds"]) for n in poly_sizes
              if get("gradient", "flash", n, 8)]
        out.append(f"\nLog-log slope of gradient time in n: poly {slopes['poly']:.2f}, poly_bounded "
                   f"{slopes['poly_bounded']:.2f}" + (f", flash backward {slope(fl):.2f}" if len(fl) >= 2 else ""))
        for log_n in (16, 17):
            f = get("gradient", "flash", 1 << log_n, 8).get("backward_seconds")
            for subject in ("poly", "poly_bounded"):
                m = get("gradient", subject, 1 << log_n, 8)
                if f and m:
                    targets.append((f"{subject} gradient >= 10x faster than flash backward at n = 2^{log_n}, "
                                    "d = 8, error <= 1e-3",
                                    f"{f / m['backward_seconds']:.1f}x, measured error "
                                    f"{m['measured_error']:.1e}, bound {m['error_bound']:.1e}",
                                    f / m["backward_seconds"] >= 10 and m["measured_error"] <= 1e-3))
        targets.append(("poly gradient time slope <= 1.15 in log n",
                        f"poly {slopes['poly']:.2f}, poly_bounded {slopes['poly_bounded']:.2f}",
                        max(slopes.values()) <= 1.15))

    conv_sizes = [n for n in (1 << k for k in range(12, 19)) if get("gradient", "conv", n, 8)]
    if conv_sizes:
        out.append("\n### conv's gradient on 4-conv inputs (causal, d = d_v = 8), median seconds\n")
        plans = get("info", "conv", 0, 0)
        if plans:
            source = ("measured wisdom (`sethkit tune fft`)" if plans["fft_plans_measured"] and
                      not plans["fft_plans_estimated"] else
                      "FFTW_ESTIMATE (no wisdom)" if not plans["fft_plans_measured"] else "both")
            out.append(f"FFT plans: {plans['fft_plans_measured']:.0f} from measured wisdom, "
                       f"{plans['fft_plans_estimated']:.0f} estimated: {source}. The backward's time is "
                       "the median of the calls after a first call, which makes the plans and the "
                       "pooled buffers and is shown on its own.\n")
        out.append("| n | forward s | backward, first call s | backward s | one product A~X (8 columns) s | backward / product | error bound |")
        out.append("|---|---|---|---|---|---|---|")
        for n in conv_sizes:
            m = get("gradient", "conv", n, 8)
            product = m.get("product_seconds")
            cells = (f"{product:.4f} | {m['backward_seconds'] / product:.1f}" if product else "- | -")
            first = m.get("first_backward_seconds")
            first = f"{first:.4f}" if first is not None else "-"
            out.append(f"| 2^{int(math.log2(n))} | {m['forward_seconds']:.4f} | {first} | {m['backward_seconds']:.4f} | "
                       f"{cells} | {m['error_bound']:.1e} |")
        pts = [(n, get("gradient", "conv", n, 8)["backward_seconds"]) for n in conv_sizes]
        s = slope(pts)
        early = [pt for pt in pts if pt[0] <= 1 << 16]
        upto = f" (to 2^16: {slope(early):.2f})" if len(early) >= 2 and len(early) < len(pts) else ""
        out.append(f"\nLog-log slope of gradient time in n at k = 4 over 2^12 .. "
                   f"2^{int(math.log2(conv_sizes[-1]))}: {s:.2f}{upto}")
        products = [(n, get("gradient", "conv", n, 8).get("product_seconds")) for n in conv_sizes]
        products = [pt for pt in products if pt[1]]
        if len(products) >= 2:
            floor = slope([(n, n * math.log(n)) for n in conv_sizes])
            out.append(f"\nThe same slope for one product A~X alone (its FFTs at the same lengths): "
                       f"{slope(products):.2f}; for n log n over these n: {floor:.2f}")
        targets.append(("conv gradient time slope <= 1.2 in log n at fixed k", f"{s:.2f}{upto}", s <= 1.2))


def main(path):
    """The backward pass's tables alone, from a CSV of `sethkit_bench_attention
    gradient` and `backward-memory` rows."""
    data = read_rows(path)
    out, targets = [], []
    gradient_tables(lambda *key: data.get(key, {}), out, targets)
    out.append("\n### Targets\n")
    out.append("| target | measured | met |")
    out.append("|---|---|---|")
    for name, measured, ok in targets:
        out.append(f"| {name} | {measured} | {'yes' if ok else 'NO'} |")
    print("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1])
