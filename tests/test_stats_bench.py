"""Smoke test of benchmarks/bench_kendall.py: it runs and agrees with pandas."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_kendall.py"


def test_benchmark_script_runs_small(capsys):
    spec = importlib.util.spec_from_file_location("bench_kendall", BENCH)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    mod.main(["--rows", "3000", "--repeat", "1"])
    out = capsys.readouterr().out
    diff = float(re.search(r"max \|tau ours - tau pandas\| = (\S+)", out).group(1))
    assert diff < 1e-12
    for label in ("argsort floor", "ours: tau-b", "cluster-robust", "pandas corr",
                  "ratio ours / pandas", "ratio ours / argsort floor", "ratio cluster / pandas"):
        assert label in out
