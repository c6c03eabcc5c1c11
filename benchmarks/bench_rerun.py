"""Benchmark of reruns and sweeps (issue: reruns).

Prints, from one run on a private copy of the project:

* the wall time of rerunning one survey chapter (chapter 5, women only);
* a sweep of 40 parameter sets of that chapter (two provinces x 20 seeds of
  synthetic population draws) with ``--jobs 1`` and with ``--jobs 2``, and the
  speed-up jobs-1 / jobs-2 (at most the number of cores, 2 here).

Run: ``.venv/bin/python benchmarks/bench_rerun.py [--sets N]``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from conftest import copy_project  # noqa: E402
from sunshine.runs.rerun import rerun  # noqa: E402
from sunshine.runs.sweep import sweep  # noqa: E402

CHAPTER = "05"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", type=int, default=40, help="parameter sets in the sweep (even; default 40)")
    args = parser.parse_args()
    seeds = max(1, args.sets // 2)
    quiet = lambda *a: None  # noqa: E731
    with tempfile.TemporaryDirectory() as tmp:
        root = copy_project(Path(tmp) / "project")
        start = time.perf_counter()
        rerun([CHAPTER], {"gender": "female"}, "bench-women", root=root, log=quiet)
        one = time.perf_counter() - start
        times = {}
        for jobs in (1, 2):
            grid = Path(tmp) / f"grid{jobs}.yaml"
            grid.write_text(
                f"chapter: {CHAPTER}\nrun: bench-sweep-{jobs}\n"
                "fixed: {data_path: null, synthetic_mode: population}\n"
                f"grid:\n  provinces: [[Gansu], [Ningxia]]\n  seed: {list(range(1, seeds + 1))}\n"
            )
            start = time.perf_counter()
            sweep(grid, jobs=jobs, root=root, log=quiet)
            times[jobs] = time.perf_counter() - start
    print(f"reruns (chapter {CHAPTER})")
    print(f"  one chapter rerun (women only)          {one:7.1f} s")
    print(f"  sweep of {2 * seeds} sets, --jobs 1           {times[1]:7.1f} s  ({times[1] / (2 * seeds):.1f} s a set)")
    print(f"  sweep of {2 * seeds} sets, --jobs 2           {times[2]:7.1f} s")
    print(f"  speed-up jobs 1 / jobs 2             {times[1] / times[2]:6.2f}x  (2 cores)")


if __name__ == "__main__":
    main()
