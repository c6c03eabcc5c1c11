"""Benchmark: Kendall's tau-b matrix with p-values and n, against pandas and the sort floor.

Run from the project root::

    .venv/bin/python benchmarks/bench_kendall.py            # 1,000,000 rows x 10 columns
    .venv/bin/python benchmarks/bench_kendall.py --rows 20000   # quick smoke run

The frame imitates survey data: ten correlated columns with 2 to 10,000
distinct values (so with many ties) and 2% of each column missing at random,
plus household ids (about 4.7 people per household, with a shared household
effect in every column) for the cluster-robust run. All timings come from the same process:

* ours      ``sunshine.kendall.kendall_matrix`` (tau-b, p, n, ASE1, CI)
* cluster   the same with ``cluster="household"``
* pandas    ``DataFrame.corr(method="kendall")`` (coefficients only)
* floor     one ``numpy.argsort`` per column, the sort no method can avoid
* scipy     (``--scipy``) ``scipy.stats.kendalltau`` pair by pair with p-values
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd
from scipy import stats as sps

from sunshine.kendall import kendall_matrix

LEVELS = [2, 3, 4, 5, 7, 10, 50, 100, 1000, 10000]


def make_frame(rows: int, seed: int, missing: float) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    n_households = max(1, rows * 10 // 47)
    household = np.sort(rng.integers(0, n_households, rows))
    shared = rng.normal(size=n_households)[household]   # a household effect
    common = rng.normal(size=rows)
    cols = {}
    for i, k in enumerate(LEVELS):
        v = 0.6 * common + 0.5 * shared + rng.normal(size=rows)
        # equal-width bins -> k ordered levels with heavy ties in the middle
        lo, hi = v.min(), v.max()
        v = np.minimum(np.floor((v - lo) / (hi - lo) * k), k - 1)
        v[rng.random(rows) < missing] = np.nan
        cols[f"v{i + 1}_{k}"] = v
    df = pd.DataFrame(cols)
    df["household"] = household
    return df


def timed(fn):
    """Wall-clock and process CPU seconds of one call, and its result."""
    w0, c0 = time.perf_counter(), time.process_time()
    out = fn()
    return time.perf_counter() - w0, time.process_time() - c0, out


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=2010)
    ap.add_argument("--missing", type=float, default=0.02)
    ap.add_argument("--scipy", action="store_true", help="also time scipy pair by pair")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each method (best is kept)")
    # benchmarks/run.py (``make bench``) passes the same arguments to every
    # benchmark, so arguments meant for another one are reported, not fatal
    args, unknown = ap.parse_known_args(argv)
    if unknown:
        print(f"bench_kendall: ignoring arguments {unknown}")

    df = make_frame(args.rows, args.seed, args.missing)
    cols = [c for c in df.columns if c != "household"]
    data = df[cols]
    print(f"frame: {args.rows:,} rows x {len(cols)} columns, levels {LEVELS}, "
          f"{args.missing:.0%} missing per column, "
          f"{df['household'].nunique():,} households")

    warm = make_frame(500, args.seed, args.missing)      # imports, first-call costs
    kendall_matrix(warm, cols, cluster="household")
    warm[cols].corr(method="kendall")

    tasks = {
        "floor": lambda: [np.argsort(data[c].to_numpy()) for c in cols],
        "ours": lambda: kendall_matrix(df, cols),
        "cluster": lambda: kendall_matrix(df, cols, cluster="household"),
        "pandas": lambda: data.corr(method="kendall"),
    }
    if args.scipy:
        def pairwise():
            return {(a, b): sps.kendalltau(data[a], data[b], nan_policy="omit")
                    for i, a in enumerate(cols) for b in cols[:i]}
        tasks["scipy"] = pairwise
    wall = {k: np.inf for k in tasks}
    cpu = {k: np.inf for k in tasks}
    out = {}
    for _ in range(args.repeat):       # interleaved, so that load bursts hit all alike
        for key, fn in tasks.items():
            w, c, out[key] = timed(fn)
            wall[key], cpu[key] = min(wall[key], w), min(cpu[key], c)
    res, res_cl, ref = out["ours"], out["cluster"], out["pandas"]

    diff = np.nanmax(np.abs(res.tau.to_numpy() - ref.to_numpy()))
    print(f"max |tau ours - tau pandas| = {diff:.2e}")
    print(f"best of {args.repeat}, seconds                 wall      cpu")
    labels = {"floor": "argsort floor (10 sorts)",
              "ours": "ours: tau-b, p, n, ASE1, CI",
              "cluster": "ours + cluster-robust SE",
              "pandas": "pandas corr('kendall'), tau only",
              "scipy": "scipy kendalltau pair by pair"}
    for key in tasks:
        print(f"{labels[key]:<34}{wall[key]:8.2f} {cpu[key]:8.2f}")
    t_ours, t_pandas, t_floor, t_cluster = wall["ours"], wall["pandas"], wall["floor"], wall["cluster"]
    print(f"ratio ours / pandas             {t_ours / t_pandas:8.3f}  (target <= 0.333; "
          f"cpu {cpu['ours'] / cpu['pandas']:.3f})")
    print(f"ratio ours / argsort floor      {t_ours / t_floor:8.3f}")
    print(f"ratio cluster / pandas          {t_cluster / t_pandas:8.3f}")
    se_ratio = np.nanmedian((res_cl.se_cluster / res_cl.ase).to_numpy()[np.tril_indices(len(cols), -1)])
    print(f"median cluster SE / ASE1        {se_ratio:8.3f}")


if __name__ == "__main__":
    main()
