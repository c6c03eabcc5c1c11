"""Benchmark: Kendall's tau-b matrix with p-values and n, against pandas and the sort floor.

Run from the project root (``make bench`` runs it with the defaults)::

    .venv/bin/python benchmarks/bench_kendall.py                # 300,000 and 1,000,000 rows
    .venv/bin/python benchmarks/bench_kendall.py --rows 20000   # quick smoke run

Three frames of ten columns, each column with 2% missing at random, plus
household ids (about 4.7 people per household, with a shared household
effect in every column) for the cluster-robust run:

* continuous  ``--rows`` rows, ten correlated normal columns (no ties);
* mixed       ``--rows`` rows, five such columns and five rounded to one
  decimal (about 80 levels, heavy ties);
* survey      ``--survey-rows`` rows (default 10/3 of ``--rows``), columns
  with 2 to 10,000 equal-width levels, as survey items.

All timings of a frame come from the same process, interleaved (best of
``--repeat``), so that load bursts on a shared machine hit all alike; wall
clock and process CPU time are both reported (on a loaded machine the CPU
time is the steadier measure of the work):

* floor     one ``numpy.argsort`` per column, the sort no method can avoid
* ours      ``kendall_matrix(df, ase=False)``: tau-b, p and n
* ase       ``kendall_matrix(df)``: tau-b, p, n, ASE1 and its interval
* cluster   ``kendall_matrix(df, cluster="household")``: the same and cluster-robust SEs
* pandas    ``DataFrame.corr(method="kendall")`` (coefficients only)

Each ratio is printed with its goal (issue 15): ours / pandas <= 1/3,
ours / floor <= 5, ase / ours <= 2, cluster / ours <= 2. The first call in a
fresh process (numba's import and cached kernels; and with an empty cache,
their compilation) is timed separately with ``--first-call``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import pandas as pd

from sunshine.kendall import kendall_matrix

LEVELS = [2, 3, 4, 5, 7, 10, 50, 100, 1000, 10000]
GOALS = {"ours / pandas": 1 / 3, "ours / floor": 5.0, "ase / ours": 2.0, "cluster / ours": 2.0}


def _households(rng, rows: int):
    """Sorted household ids (about 4.7 people each) and a shared effect per row."""
    n_households = max(1, rows * 10 // 47)
    household = np.sort(rng.integers(0, n_households, rows))
    return household, rng.normal(size=n_households)[household]


def make_frame(rows: int, seed: int, missing: float, kind: str = "survey") -> pd.DataFrame:
    """A benchmark frame: ten correlated columns of one ``kind`` plus household ids.

    Parameters
    ----------
    rows : int
    seed : int
    missing : float
        Share of each column set missing at random.
    kind : {"continuous", "mixed", "survey"}

    Returns
    -------
    DataFrame
    """
    rng = np.random.default_rng(seed)
    household, shared = _households(rng, rows)
    common = rng.normal(size=rows)
    cols = {}
    for i in range(10):
        v = 0.6 * common + 0.5 * shared + rng.normal(size=rows)
        if kind == "survey":   # equal-width bins -> k ordered levels, heavy ties in the middle
            k = LEVELS[i]
            lo, hi = v.min(), v.max()
            v = np.minimum(np.floor((v - lo) / (hi - lo) * k), k - 1)
            name = f"v{i + 1}_{k}"
        elif kind == "mixed" and i % 2:
            v, name = np.round(v, 1), f"r{i + 1}"
        else:
            name = f"c{i + 1}"
        v[rng.random(rows) < missing] = np.nan
        cols[name] = v
    df = pd.DataFrame(cols)
    df["household"] = household
    return df


def timed(fn):
    """Wall-clock and process CPU seconds of one call, and its result."""
    w0, c0 = time.perf_counter(), time.process_time()
    out = fn()
    return time.perf_counter() - w0, time.process_time() - c0, out


def run_frame(df: pd.DataFrame, repeat: int) -> dict:
    """Time every method on one frame, interleaved; return best times and results."""
    cols = [c for c in df.columns if c != "household"]
    data = df[cols]
    tasks = {
        "floor": lambda: [np.argsort(data[c].to_numpy()) for c in cols],
        "ours": lambda: kendall_matrix(df, cols, ase=False),
        "ase": lambda: kendall_matrix(df, cols),
        "cluster": lambda: kendall_matrix(df, cols, cluster="household"),
        "pandas": lambda: data.corr(method="kendall"),
    }
    wall = {k: np.inf for k in tasks}
    cpu = {k: np.inf for k in tasks}
    out = {}
    for _ in range(repeat):
        for key, fn in tasks.items():
            w, c, out[key] = timed(fn)
            wall[key], cpu[key] = min(wall[key], w), min(cpu[key], c)
    return {"wall": wall, "cpu": cpu, "out": out, "cols": cols}


LABELS = {"floor": "argsort floor (10 sorts)", "ours": "ours: tau-b, p, n",
          "ase": "ours + ASE1, CI", "cluster": "ours + ASE1 + cluster-robust SE",
          "pandas": "pandas corr('kendall'), tau only"}


def report_frame(name: str, r: dict) -> dict:
    """Print one frame's timings and ratios; return the wall-clock ratios."""
    res, ref = r["out"]["ours"], r["out"]["pandas"]
    diff = np.nanmax(np.abs(res.tau.to_numpy() - ref.to_numpy()))
    same = all(r["out"][k].tau.equals(res.tau) and r["out"][k].pvalue.equals(res.pvalue)
               for k in ("ase", "cluster"))
    print(f"max |tau ours - tau pandas| = {diff:.2e}; tau and p identical with ASE/cluster: {same}")
    print(f"{'best, seconds':<34}{'wall':>8} {'cpu':>8}")
    for key, label in LABELS.items():
        print(f"{label:<34}{r['wall'][key]:8.2f} {r['cpu'][key]:8.2f}")
    pairs = {"ours / pandas": ("ours", "pandas"), "ours / floor": ("ours", "floor"),
             "ase / ours": ("ase", "ours"), "cluster / ours": ("cluster", "ours")}
    ratios = {}
    for label, (a, b) in pairs.items():
        w = r["wall"][a] / r["wall"][b]
        c = r["cpu"][a] / r["cpu"][b]
        ratios[label] = (w, c)
        verdict = "/".join("meets" if v <= GOALS[label] else "MISSES" for v in (w, c))
        print(f"ratio {name} {label:<15}{w:8.3f}  (cpu {c:6.3f}; goal <= {GOALS[label]:.3g}: "
              f"wall/cpu {verdict})")
    return ratios


FIRST_CALL = """
import time
t0 = time.perf_counter()
import numpy as np, pandas as pd
from sunshine.kendall import kendall_matrix
rng = np.random.default_rng(0)
df = pd.DataFrame(rng.normal(size=(2000, 3)), columns=list("abc"))
t1 = time.perf_counter()
kendall_matrix(df, ase=False); kendall_matrix(df, cluster=np.arange(2000) // 4)
print(t1 - t0, time.perf_counter() - t1)
"""


def first_call() -> dict:
    """Seconds of the first many-valued call in a fresh process, warm and cold numba cache."""
    out = {}
    with tempfile.TemporaryDirectory() as empty:
        for label, cache in (("cold (compile)", empty), ("warm (cached)", None)):
            env = dict(os.environ)
            if cache:
                env["NUMBA_CACHE_DIR"] = cache
            run = subprocess.run([sys.executable, "-c", FIRST_CALL], env=env, check=True,
                                 capture_output=True, text=True)
            imports, call = map(float, run.stdout.split())
            out[label] = call
            print(f"first call in a fresh process, {label:<15} {call:6.2f} s "
                  f"(after {imports:.2f} s of imports)")
    return out


def main(argv=None) -> None:
    """Run the benchmark (see the module docstring)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=300_000)
    ap.add_argument("--survey-rows", type=int, default=None)
    ap.add_argument("--seed", type=int, default=2010)
    ap.add_argument("--missing", type=float, default=0.02)
    ap.add_argument("--repeat", type=int, default=2, help="runs of each method (best is kept)")
    ap.add_argument("--first-call", choices=("yes", "no"), default="yes",
                    help="time the first call in a fresh process (compiles the kernels once)")
    # benchmarks/run.py (``make bench``) passes the same arguments to every
    # benchmark, so arguments meant for another one are reported, not fatal
    args, unknown = ap.parse_known_args(argv)
    if unknown:
        print(f"bench_kendall: ignoring arguments {unknown}")
    survey_rows = args.survey_rows or args.rows * 10 // 3
    warm = make_frame(500, args.seed, args.missing, "continuous")   # imports, first-call costs
    kendall_matrix(warm, cluster="household")
    kendall_matrix(warm, ase=False)
    all_ratios = {}
    for kind, rows in (("continuous", args.rows), ("mixed", args.rows), ("survey", survey_rows)):
        df = make_frame(rows, args.seed, args.missing, kind)
        print(f"\n== {kind}: {rows:,} rows x 10 columns, {args.missing:.0%} missing per column, "
              f"{df['household'].nunique():,} households")
        all_ratios[kind] = report_frame(kind, run_frame(df, args.repeat))
        del df
    print("\nworst ratio over the three frames (wall clock, cpu time):")
    for label, goal in GOALS.items():
        w = max(r[label][0] for r in all_ratios.values())
        c = max(r[label][1] for r in all_ratios.values())
        print(f"  {label:<15}{w:8.3f} {c:8.3f}  goal <= {goal:.3g}")
    if args.first_call == "yes":
        print()
        first_call()


if __name__ == "__main__":
    main()
