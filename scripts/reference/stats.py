#!/usr/bin/python3
"""Write the SciPy reference values that the Go tests of package scoring/stats
compare with:

  scoring/stats/testdata/scipy_paired.json   paired cases: scipy.stats.ttest_rel
                                             and scipy.stats.wilcoxon with their
                                             defaults, numpy mean/std(ddof=1)
  scoring/stats/testdata/scipy_stdtr.json    scipy.special.stdtr on a grid of
                                             degrees of freedom and t values
  scoring/stats/testdata/scipy_wilcoxon_pmf.json
                                             SciPy's exact null distribution of
                                             the signed-rank statistic, as counts

Usage, from the repository root, with Debian 12's Python, python3-numpy and
python3-scipy (SciPy 1.10):

    /usr/bin/python3 scripts/reference/stats.py

The output is deterministic (seeded numpy Generator). Floats are written with
Python's repr, which reads back as the same float64 in Go. Values SciPy gives
as NaN or infinity are written as the strings "nan", "inf" and "-inf"; a call
that raises is written as {"error": message}. Every warning a call emits is
recorded with its category and message.

For each case the file records:
  ttest_rel(a, b)                      statistic, pvalue, df
  wilcoxon(a, b)                       statistic, pvalue (method='auto')
  wilcoxon(a, b, method='approx')      statistic, pvalue, zstatistic
  wilcoxon(a, b, method='exact')       statistic, pvalue, only where the
                                       differences hold no zero and n <= 50
                                       (otherwise SciPy switches to 'approx')
  numpy mean and std(ddof=1) of a, b and d = a - b
  cohens_dz      = mean(d) / std(d, ddof=1)
  cohens_d_pooled = (mean(a) - mean(b)) / sqrt((sd_a*sd_a + sd_b*sd_b) / 2)
The two effect sizes are not SciPy functions; they are written here exactly
as the Go package computes them, from numpy's mean and std.
"""

import json
import math
import sys
import warnings
from pathlib import Path

import numpy as np
import scipy
from scipy import special, stats
from scipy.stats._hypotests import _get_wilcoxon_distr

ROOT = Path(__file__).resolve().parents[2]
TESTDATA = ROOT / "scoring" / "stats" / "testdata"


def num(x):
    """A float for JSON: repr-exact, with non-finite values as strings."""
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def call(fn, *args, **kwargs):
    """Run fn, returning (result or None, error message or None, warnings)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            res = fn(*args, **kwargs)
            err = None
        except Exception as e:  # SciPy raises ValueError for all-zero differences
            res, err = None, f"{type(e).__name__}: {e}"
    ws = [{"category": w.category.__name__, "message": str(w.message)} for w in caught]
    return res, err, ws


def wilcoxon_entry(a, b, **kwargs):
    res, err, ws = call(stats.wilcoxon, a, b, **kwargs)
    if err is not None:
        return {"error": err, "warnings": ws}
    out = {"statistic": num(res.statistic), "pvalue": num(res.pvalue), "warnings": ws}
    if hasattr(res, "zstatistic"):
        out["zstatistic"] = num(res.zstatistic)
    return out


def case(name, a, b):
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    d = a - b
    n = len(a)
    res, err, ws = call(stats.ttest_rel, a, b)
    if err is not None:
        raise RuntimeError(f"{name}: ttest_rel raised {err}")
    ttest = {
        "statistic": num(res.statistic),
        "pvalue": num(res.pvalue),
        "df": int(res.df),
        "warnings": ws,
    }
    out = {
        "name": name,
        "a": [float(x) for x in a],
        "b": [float(x) for x in b],
        "ttest_rel": ttest,
        "wilcoxon": wilcoxon_entry(a, b),
        "wilcoxon_approx": wilcoxon_entry(a, b, method="approx"),
    }
    if n <= 50 and not np.any(d == 0):
        out["wilcoxon_exact"] = wilcoxon_entry(a, b, method="exact")
    with np.errstate(all="ignore"):
        mean_a, sd_a = np.mean(a), np.std(a, ddof=1)
        mean_b, sd_b = np.mean(b), np.std(b, ddof=1)
        mean_d, sd_d = np.mean(d), np.std(d, ddof=1)
        dz = mean_d / sd_d
        pooled = (mean_a - mean_b) / np.sqrt((sd_a * sd_a + sd_b * sd_b) / 2)
    out.update(
        {
            "mean_a": num(mean_a),
            "sd_a": num(sd_a),
            "mean_b": num(mean_b),
            "sd_b": num(sd_b),
            "mean_d": num(mean_d),
            "sd_d": num(sd_d),
            "cohens_dz": num(dz),
            "cohens_d_pooled": num(pooled),
        }
    )
    return out


def paired_cases():
    rng = np.random.default_rng(20250519)
    cases = []

    def add(name, a, b):
        cases.append(case(name, a, b))

    # Random normal vectors, every size 2..60, then random sizes up to 200.
    for n in range(2, 61):
        a = rng.normal(0.5, 0.2, n)
        b = a + rng.normal(rng.uniform(-0.2, 0.2), 0.1, n)
        add(f"normal-n{n}", a, b)
    for i in range(60):
        n = int(rng.integers(61, 201))
        a = rng.normal(0, 1, n)
        b = a + rng.normal(rng.uniform(-0.3, 0.3), rng.uniform(0.1, 2), n)
        add(f"normal-random-{i}-n{n}", a, b)

    # CEC-like scores in [0, 1]: correlated Beta-distributed pairs.
    for i in range(30):
        n = int(rng.integers(2, 201))
        base = rng.beta(5, 2, n)
        a = np.clip(base + rng.normal(0, 0.05, n), 0, 1)
        b = np.clip(base + rng.normal(rng.uniform(-0.05, 0.05), 0.05, n), 0, 1)
        add(f"cec-{i}-n{n}", a, b)

    # Ties in |d| without zeros: scores rounded to 1 decimal, offset so that
    # no difference is zero. Small n uses the exact distribution with ties.
    for i in range(25):
        n = int(rng.integers(3, 121))
        b = np.round(rng.uniform(0, 1, n), 1)
        d = rng.choice([-0.3, -0.2, -0.1, 0.1, 0.2, 0.3, 0.4], n)
        add(f"ties-{i}-n{n}", b + d, b)

    # Integer scores (Likert 1..5): ties and zeros.
    for i in range(25):
        n = int(rng.integers(2, 201))
        a = rng.integers(1, 6, n).astype(float)
        b = np.clip(a + rng.integers(-2, 3, n), 1, 5).astype(float)
        add(f"likert-{i}-n{n}", a, b)

    # Zeros in the differences (some pairs equal).
    for i, n in enumerate([3, 5, 8, 9, 10, 11, 12, 20, 30, 49, 50, 51, 52, 60, 80, 150, 200]):
        a = rng.uniform(0, 1, n)
        b = a + rng.normal(0.05, 0.1, n)
        k = int(rng.integers(1, max(2, n // 3)))
        idx = rng.choice(n, k, replace=False)
        b[idx] = a[idx]
        add(f"zeros-{i}-n{n}", a, b)
    # Many zeros: fewer than 10 non-zero differences left, n above and below 50.
    for n, nonzero in [(12, 3), (40, 9), (55, 4), (70, 9), (70, 10), (100, 1), (30, 1)]:
        a = rng.uniform(0, 1, n)
        b = a.copy()
        idx = rng.choice(n, nonzero, replace=False)
        b[idx] += rng.normal(0, 0.2, nonzero)
        add(f"manyzeros-n{n}-nz{nonzero}", a, b)

    # All-positive differences: smallest possible exact p (2 / 2**n) and tiny
    # normal-approximation p-values.
    for n in [2, 3, 5, 10, 20, 30, 40, 49, 50, 51, 60, 100, 200]:
        a = rng.uniform(0.5, 1, n)
        b = a - rng.uniform(0.01, 0.3, n)
        add(f"allpos-n{n}", a, b)
    for n in [4, 25, 50, 51, 120]:
        a = rng.uniform(0, 0.5, n)
        b = a + rng.uniform(0.01, 0.3, n)
        add(f"allneg-n{n}", a, b)

    # Tiny p-values from large effects, and huge ones (near 1).
    for n in [5, 15, 30, 50, 51, 90, 200]:
        a = rng.normal(0, 1, n)
        add(f"tinyp-n{n}", a + 5 + rng.normal(0, 0.1, n), a)
        add(f"tinyp-extreme-n{n}", a + 100 + rng.normal(0, 1e-3, n), a)
    for n in [6, 20, 50, 51, 150]:
        a = rng.normal(0, 1, n)
        d = rng.normal(0, 1, n)
        d -= d.mean()  # mean difference close to 0: t near 0, p near 1
        add(f"hugep-n{n}", a + d, a)
    # t exactly 0 and Wilcoxon at the centre of its distribution.
    add("symmetric-n4", [1, -1, 2, -2], [0, 0, 0, 0])
    add("symmetric-n6", [3, 1, 2, 0, 0, 0], [0, 0, 0, 3, 1, 2])
    add("center-ties-n5", [1, -1, 2, -2.5, 3], [0, 0, 0, 0, 0])

    # The exact/approx boundary: n = 49, 50, 51, 52 without ties, with ties,
    # with one zero.
    for n in [49, 50, 51, 52]:
        a = rng.uniform(0, 1, n)
        b = a + rng.normal(0.03, 0.1, n)
        add(f"boundary-n{n}", a, b)
        bt = np.round(a + rng.normal(0.03, 0.1, n), 2)
        add(f"boundary-ties-n{n}", np.round(a, 2) + 0.005, bt)
        bz = b.copy()
        bz[0] = a[0]
        add(f"boundary-zero-n{n}", a, bz)

    # Identical vectors: every difference zero.
    for n in [2, 3, 10, 50, 51, 100]:
        a = rng.uniform(0, 1, n)
        add(f"identical-n{n}", a, a.copy())
    add("identical-constant-n5", [0.5] * 5, [0.5] * 5)

    # Constant differences: exactly (t infinite) and up to rounding (t huge).
    add("constdiff-exact-n5", [2, 3, 4, 5, 6], [1, 2, 3, 4, 5])
    add("constdiff-exact-n60", list(range(1, 61)), [x - 2 for x in range(1, 61)])
    x = rng.uniform(0, 1, 30)
    add("constdiff-rounding-n30", x + 0.1, x)
    x = rng.uniform(0, 1, 80)
    add("constdiff-rounding-n80", x + 0.1, x)
    # Nearly identical differences: SciPy's precision-loss warning.
    add("precisionloss-n3", [2.0, 2.0 + 4.440892098500626e-16, 2.0], [1.0, 1.0, 1.0])
    # Either side of SciPy's threshold max|d - mean| < 1e-14 |mean|: k ulps
    # give about 0.67 k 2.2e-16 relative (warns for k = 60, not for k = 80).
    for k in [60, 80]:
        d = [1.0, 1.0 + k * 2.220446049250313e-16, 1.0]
        add(f"precisionloss-k{k}-n3", d, [0.0, 0.0, 0.0])
    # Constant vectors on one side: one SD zero.
    add("oneconst-n8", [0.7] * 8, list(rng.uniform(0, 1, 8)))
    add("bothconst-n8", [0.7] * 8, [0.2] * 8)

    # Tiny and large magnitudes (the variance of the tiny ones underflows).
    add("tiny-n4", [1e-200, 2e-200, 3e-200, 5e-200], [0.0, 0.0, 0.0, 0.0])
    add("small-n12", list(rng.normal(0, 1e-150, 12)), list(rng.normal(1e-151, 1e-150, 12)))
    add("large-n12", list(rng.normal(1e50, 1e49, 12)), list(rng.normal(1e50, 1e49, 12)))

    # n = 2 and 3 in every shape.
    add("n2-plain", [0.1, 0.9], [0.3, 0.4])
    add("n2-tie", [1.0, 0.0], [0.0, 1.0])
    add("n2-zero", [1.0, 0.5], [0.0, 0.5])
    add("n3-plain", [0.2, 0.8, 0.5], [0.1, 0.4, 0.45])

    # Large n: the size of the paper's data set, and sizes whose Wilcoxon
    # normal approximation underflows. Most are rounded to 4 decimals (which
    # brings ties, and keeps the file small).
    a = rng.beta(5, 2, 1535)
    add("large-n1535", a, np.clip(a + rng.normal(0.01, 0.08, 1535), 0, 1))
    for n in [500, 1000, 1535]:
        a = np.round(rng.beta(5, 2, n), 4)
        b = np.round(np.clip(a + rng.normal(0.01, 0.08, n), 0, 1), 4)
        add(f"large-rounded-n{n}", a, b)
    for n in [1535, 2000, 2500]:
        a = np.round(rng.uniform(0.5, 1, n), 4)
        b = np.round(a - rng.uniform(0.01, 0.2, n), 4)
        add(f"large-allpos-n{n}", a, b)
    # All-positive sizes where 2 * ndtr(-|z|) is subnormal or just underflows.
    for n in [1860, 1875, 1885, 1900, 1940]:
        a = np.round(rng.uniform(0.5, 1, n), 6)
        b = np.round(a - rng.uniform(0.01, 0.2, n), 6)
        add(f"underflow-allpos-n{n}", a, b)
    return cases


def stdtr_grid():
    rng = np.random.default_rng(7)
    dfs = list(range(1, 31)) + [40, 49, 50, 51, 99, 100, 199, 200, 499, 1000, 1534,
                                2499, 10000, 100000, 1000000]
    ts = [0.0, 1e-12, 1e-6, 1e-3, 0.01, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 2.5, 3, 4,
          5, 6, 8, 10, 15, 20, 30, 40, 50, 75, 100, 1e3, 1e4, 1e5, 1e6, 1e8,
          1e10, 1e15, 1e20, 1e50, 1e100, 1e150, 1e154, 1e155, 1e200]
    rows = []
    for df in dfs:
        extra = list(10 ** rng.uniform(-3, 2.5, 8))
        for t in ts + extra:
            for s in (-t, t) if t != 0 else (t,):
                rows.append({"df": df, "t": float(s), "p": num(special.stdtr(df, s))})
    # Dense t where the computation changes sides (t² near 1.5 and 3) for
    # large df, where cancellation would show.
    for df in [2, 3, 10, 199, 1534, 10000, 100000, 1000000, 10000000]:
        for t in np.linspace(0.8, 4, 33):
            t = float(t)
            rows.append({"df": df, "t": -t, "p": num(special.stdtr(df, -t))})
    return rows


def wilcoxon_pmf():
    out = []
    for n in [1, 2, 3, 4, 5, 8, 10, 13, 20, 31, 40, 49, 50]:
        pmf = _get_wilcoxon_distr(n)
        counts = pmf * 2.0 ** n
        if not np.all(counts == np.round(counts)):
            raise RuntimeError(f"pmf for n={n} is not a multiple of 2**-n")
        out.append({"n": n, "counts": [int(c) for c in counts]})
    return out


def dump(path, header, key, rows):
    """Write {header..., key: rows} with one row a line, for readable diffs."""
    head = json.dumps(header)[:-1]
    lines = [json.dumps(r, sort_keys=True) for r in rows]
    text = head + ', "' + key + '": [\n' + ",\n".join(lines) + "\n]}\n"
    json.loads(text)  # check that it parses
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)}: {len(rows)} {key}", file=sys.stderr)


def main():
    TESTDATA.mkdir(parents=True, exist_ok=True)
    header = {
        "scipy_version": scipy.__version__,
        "numpy_version": np.__version__,
        "python_version": sys.version.split()[0],
    }
    dump(TESTDATA / "scipy_paired.json", header, "cases", paired_cases())
    dump(TESTDATA / "scipy_stdtr.json", header, "rows", stdtr_grid())
    dump(TESTDATA / "scipy_wilcoxon_pmf.json", header, "distributions", wilcoxon_pmf())


if __name__ == "__main__":
    main()
