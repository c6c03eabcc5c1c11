"""Chapter 4's worked example of Kendall's tau-b equals an independent brute-force count.

Reference definition (Kendall 1945; Agresti 2010, sec. 7.1): over all pairs i < j,
S = sum sign(x_j - x_i) * sign(y_j - y_i); tau_b = S / sqrt((n0 - T_x)(n0 - T_y)) with
n0 = n(n-1)/2 and T_x (T_y) the pairs with x_i == x_j (y_i == y_j).
"""

from __future__ import annotations

import math
from pathlib import Path

import jupytext
import numpy as np
import pytest
import scipy.stats

from sunshine import kendall
from sunshine.report import worked_example

ROOT = Path(__file__).resolve().parents[1]


def brute_force(x, y) -> dict:
    """Count pairs the slow, obvious way (written independently of sunshine.report.worked_example)."""
    n = len(x)
    conc = disc = tx = ty = txy = 0
    for i in range(n):
        for j in range(i + 1, n):
            if x[i] == x[j]:
                tx += 1
            if y[i] == y[j]:
                ty += 1
            if x[i] == x[j] and y[i] == y[j]:
                txy += 1
            prod = (x[j] - x[i]) * (y[j] - y[i])
            conc += prod > 0
            disc += prod < 0
    n0 = n * (n - 1) // 2
    return {"C": conc, "D": disc, "n0": n0, "T_x": tx, "T_y": ty, "both": txy,
            "tau_b": (conc - disc) / math.sqrt((n0 - tx) * (n0 - ty))}


def test_worked_example_counts_equal_brute_force():
    ex = worked_example.EXAMPLE
    x, y = ex["education"].tolist(), ex["migrated"].tolist()
    ref = brute_force(x, y)
    counts = worked_example.pair_counts(worked_example.pair_table(ex, "education", "migrated", "person"))
    assert {k: counts[k] for k in ("C", "D", "n0", "T_x", "T_y")} == {k: ref[k] for k in ("C", "D", "n0", "T_x", "T_y")}
    assert counts["ties_both"] == ref["both"]
    assert counts["C"] + counts["D"] + counts["ties_x_only"] + counts["ties_y_only"] + counts["ties_both"] == ref["n0"]
    tau = worked_example.tau_b_from_counts(counts)
    assert tau == pytest.approx(ref["tau_b"], abs=1e-15)
    assert tau == pytest.approx(kendall.kendall_tau(x, y).tau, abs=1e-12)
    assert tau == pytest.approx(scipy.stats.kendalltau(x, y).statistic, abs=1e-12)


def test_worked_example_has_every_kind_of_pair_but_double_ties_and_is_negative():
    pairs = worked_example.pair_table()
    kinds = set(pairs["kind"])
    assert {"concordant", "discordant", "tied on x only", "tied on y only"} <= kinds
    assert worked_example.tau_b_from_counts(worked_example.pair_counts(pairs)) < 0


@pytest.mark.parametrize("seed", range(5))
def test_pair_table_agrees_with_brute_force_on_random_tied_data(seed):
    rng = np.random.default_rng(seed)
    import pandas as pd

    df = pd.DataFrame({"id": [f"p{i}" for i in range(9)], "a": rng.integers(1, 4, 9), "b": rng.integers(0, 2, 9)})
    df.loc[0, ["a", "b"]] = [1, 0]  # neither column constant
    df.loc[1, ["a", "b"]] = [3, 1]
    counts = worked_example.pair_counts(worked_example.pair_table(df, "a", "b", "id"))
    ref = brute_force(df["a"].tolist(), df["b"].tolist())
    assert worked_example.tau_b_from_counts(counts) == pytest.approx(ref["tau_b"], abs=1e-15)
    assert counts["T_x"] == ref["T_x"] and counts["T_y"] == ref["T_y"]


def test_chapter_computes_and_checks_the_example_in_a_visible_cell():
    nb = jupytext.read(ROOT / "notebooks" / "04_data_and_method.py")
    code = [c for c in nb.cells if c.cell_type == "code"]
    shown = [c for c in code if not set(c.metadata.get("tags", [])) & {"remove-input", "hide-input", "remove-cell"}]
    assert any("tau_by_hand" in c.source and "kendall_tau" in c.source and "kendalltau" in c.source for c in shown)


def test_chapter_parameters_are_the_published_defaults():
    from sunshine.runs.parameters import DEFAULTS

    for name in ("04_data_and_method", "08_discussion"):
        nb = jupytext.read(ROOT / "notebooks" / f"{name}.py")
        cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
        namespace: dict = {}
        exec(cell.source, namespace)
        assert {k: namespace[k] for k in DEFAULTS} == DEFAULTS, name
