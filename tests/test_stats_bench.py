"""Smoke test of benchmarks/bench_kendall.py: it runs, prints every ratio and agrees with pandas."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_kendall.py"


def test_benchmark_script_runs_small(capsys):
    spec = importlib.util.spec_from_file_location("bench_kendall", BENCH)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    mod.main(["--rows", "3000", "--repeat", "1", "--first-call", "no"])
    out = capsys.readouterr().out
    diffs = [float(d) for d in re.findall(r"max \|tau ours - tau pandas\| = (\S+);", out)]
    assert len(diffs) == 3 and max(diffs) < 1e-12
    assert out.count("tau and p identical with ASE/cluster: True") == 3
    for kind in ("continuous", "mixed", "survey"):
        for ratio in ("ours / pandas", "ours / floor", "ase / ours", "cluster / ours"):
            assert re.search(rf"ratio {kind} {re.escape(ratio)} +\d+\.\d+ .*goal <=", out), (kind, ratio)
    assert "worst ratio over the three frames" in out
