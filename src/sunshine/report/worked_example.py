"""Kendall's tau-b by hand: a small worked example for chapter 4.

Six invented people with a schooling level and whether they migrated; every pair is concordant,
discordant or tied, and ``tau_b = (C - D) / sqrt((n0 - T_x)(n0 - T_y))`` with ``n0 = n(n-1)/2`` and
T_x, T_y the pairs tied on x and on y (a pair tied on both counts in both; Kendall 1945).

References
----------
Kendall, M. G. (1945). The treatment of ties in ranking problems. *Biometrika* 33(3), 239-251.
Agresti, A. (2010). *Analysis of Ordinal Categorical Data*, 2nd ed. Wiley.
"""

from __future__ import annotations

import math
from itertools import combinations

import pandas as pd

__all__ = ["EXAMPLE", "PAIR_KINDS", "pair_table", "pair_counts", "tau_b_from_counts"]

#: The six invented people of the worked example (not survey data).
EXAMPLE = pd.DataFrame({"person": ["A", "B", "C", "D", "E", "F"], "education": [1, 2, 2, 3, 3, 4],
                        "migrated": [1, 1, 0, 1, 0, 0]})

#: The kinds of pair, in the order the chapter's table counts them.
PAIR_KINDS = ("concordant", "discordant", "tied on x only", "tied on y only", "tied on both")


def _sign(v: float) -> int:
    return int(v > 0) - int(v < 0)


def pair_table(df: pd.DataFrame = EXAMPLE, x: str = "education", y: str = "migrated",
               label: str = "person") -> pd.DataFrame:
    """Every pair of rows with its differences and its kind.

    Parameters
    ----------
    df : pandas.DataFrame, default :data:`EXAMPLE`
    x, y : str
        The two variables.
    label : str
        The column naming each person.

    Returns
    -------
    DataFrame
        One row per pair (i < j): ``pair`` ("A–B"), ``dx, dy`` (second minus first), ``product``
        (sign dx times sign dy: +1 concordant, -1 discordant, 0 tied), ``kind`` (:data:`PAIR_KINDS`).
    """
    rows = []
    for i, j in combinations(range(len(df)), 2):
        a, b = df.iloc[i], df.iloc[j]
        dx, dy = b[x] - a[x], b[y] - a[y]
        sx, sy = _sign(dx), _sign(dy)
        if sx == 0 and sy == 0:
            kind = "tied on both"
        elif sx == 0:
            kind = "tied on x only"
        elif sy == 0:
            kind = "tied on y only"
        else:
            kind = "concordant" if sx * sy > 0 else "discordant"
        rows.append({"pair": f"{a[label]}–{b[label]}", "dx": int(dx), "dy": int(dy),
                     "product": sx * sy, "kind": kind})
    return pd.DataFrame(rows)


def pair_counts(pairs: pd.DataFrame) -> dict[str, int]:
    """Counts of a :func:`pair_table`: C, D, the three kinds of tie, n0, T_x, T_y.

    Parameters
    ----------
    pairs : pandas.DataFrame
        :func:`pair_table`.

    Returns
    -------
    dict of str to int
    """
    kinds = pairs["kind"].value_counts()
    k = {kind: int(kinds.get(kind, 0)) for kind in PAIR_KINDS}
    return {"C": k["concordant"], "D": k["discordant"], "ties_x_only": k["tied on x only"],
            "ties_y_only": k["tied on y only"], "ties_both": k["tied on both"], "n0": len(pairs),
            "T_x": k["tied on x only"] + k["tied on both"], "T_y": k["tied on y only"] + k["tied on both"]}


def tau_b_from_counts(counts: dict[str, int]) -> float:
    """Kendall's tau-b from pair counts (NaN if a variable is constant)."""
    denom = (counts["n0"] - counts["T_x"]) * (counts["n0"] - counts["T_y"])
    return (counts["C"] - counts["D"]) / math.sqrt(denom) if denom > 0 else float("nan")
