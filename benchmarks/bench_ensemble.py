"""Benchmark of the ensemble (issue: what the printed tables settle).

Generates, checks and analyses a small ensemble (default 6 members) with
``jobs=1`` and with ``jobs=2`` into temporary folders, and prints the wall time
per member, the CPU seconds per member (the measure that does not depend on
how busy a shared machine is; rejected attempts included) and the speed-up
jobs-1 / jobs-2 (at most the number of cores, 2 here). The published
target: 200 members in at most 10 minutes with 2 workers, i.e. at most
6 s of wall time per member per worker.

Run: ``.venv/bin/python benchmarks/bench_ensemble.py [--members N]``.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from sunshine.synth.ensemble_run import run_ensemble


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=6, help="members per run (default 6)")
    args = parser.parse_args()
    n = args.members
    wall, cpu = {}, {}
    with tempfile.TemporaryDirectory() as tmp:
        for jobs in (1, 2):
            start = time.perf_counter()
            meta = run_ensemble(n, jobs=jobs, out_dir=Path(tmp) / f"jobs{jobs}", sampling=0,
                                log=lambda s: None)
            wall[jobs] = time.perf_counter() - start
            cpu[jobs] = meta["cpu_seconds_per_member"]
    print(f"ensemble ({n} members: generate, check, analyse)")
    for jobs in (1, 2):
        print(f"  --jobs {jobs}: {wall[jobs]:7.1f} s wall, {wall[jobs] / n:5.2f} s a member, "
              f"{cpu[jobs]:5.2f} CPU s a member")
    print(f"  speed-up jobs 1 / jobs 2             {wall[1] / wall[2]:6.2f}x  (2 cores)")
    print(f"  200 members with 2 workers at this rate: {200 * wall[2] / n / 60:5.1f} min "
          "(target <= 10 min)")


if __name__ == "__main__":
    main()
