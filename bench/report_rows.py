"""What bench/report.py and bench/report_gradient.py share: the CSV rows of
bench_attention and peers.py, keyed by (section, subject, n, d), and the
log-log slope of time in n."""
import csv
import math
from collections import defaultdict


def read_rows(path):
    """{(section, subject, n, d): {metric: value}}; values that are not numbers
    (a version, a BLAS name, a library path) stay strings."""
    data = defaultdict(dict)
    for section, subject, n, d, metric, value in csv.reader(open(path)):
        try:
            parsed = float(value)
        except ValueError:
            parsed = value
        data[(section, subject, int(n), int(d))][metric] = parsed
    return data


def slope(points):
    """Least-squares slope of log time against log n."""
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(t) for _, t in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
