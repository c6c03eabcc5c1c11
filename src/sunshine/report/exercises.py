"""Small inputs and helpers for the chapters' exercises and their solutions.

The data an exercise uses are printed by a visible cell (never typed in the prose); the solutions
compute every number they state with these functions and :mod:`sunshine.kendall`.

References
----------
Kendall, M. G. (1945). The treatment of ties in ranking problems. *Biometrika* 33(3), 239-251.
Agresti, A. (2010). *Analysis of Ordinal Categorical Data*, 2nd ed. Wiley, sec. 7.1
    (tau-b of a contingency table; its bound when one variable is binary).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

__all__ = ["BY_HAND_TABLE", "table_cases", "pair_counts_table", "binary_tau_b_max", "subsample", "critical_tau", "chapter_data"]

#: An invented table for the by-hand exercise of chapter 4 (not survey data): counts of people by
#: schooling (rows: 1 = none ... 3 = junior high) and whether they migrated (columns 0/1).
BY_HAND_TABLE = pd.DataFrame({0: [3, 2, 1], 1: [1, 2, 3]},
                             index=pd.Index([1, 2, 3], name="education")).rename_axis(columns="migrated")


def table_cases(table: pd.DataFrame) -> pd.DataFrame:
    """One row per person of a contingency table of counts (row value, column value).

    Parameters
    ----------
    table : DataFrame
        Counts by row and column value; the axis names become the column names. ValueError for a
        negative or fractional count.

    Returns
    -------
    DataFrame
    """
    counts = table.to_numpy()
    if (counts < 0).any() or (counts != np.round(counts)).any():
        raise ValueError("table counts must be non-negative whole numbers")
    x_name, y_name = table.index.name or "x", table.columns.name or "y"
    rows = [(x, y) for x in table.index for y in table.columns for _ in range(int(table.loc[x, y]))]
    return pd.DataFrame(rows, columns=[x_name, y_name])


def pair_counts_table(table: pd.DataFrame) -> dict[str, int]:
    """Concordant, discordant and tied pairs of a contingency table, counted cell by cell.

    People in cells (i, j) and (k, l), i < k, are concordant when j < l, discordant when j > l.

    Parameters
    ----------
    table : DataFrame
        Counts; rows and columns in their variables' order.

    Returns
    -------
    dict
        ``n``, ``n0`` (pairs), ``concordant``, ``discordant``, ``tied_x``, ``tied_y``.
    """
    c = table.to_numpy(dtype=np.int64)
    concordant = discordant = 0
    for i in range(c.shape[0]):
        for j in range(c.shape[1]):
            below = c[i + 1 :]
            concordant += int(c[i, j] * below[:, j + 1 :].sum())
            discordant += int(c[i, j] * below[:, :j].sum())
    n = int(c.sum())

    def tied(margin: np.ndarray) -> int:
        return int(sum(t * (t - 1) // 2 for t in margin))

    return {"n": n, "n0": n * (n - 1) // 2, "concordant": concordant, "discordant": discordant,
            "tied_x": tied(c.sum(axis=1)), "tied_y": tied(c.sum(axis=0))}


def binary_tau_b_max(n1: int, n0: int) -> float:
    """Largest tau-b of a yes/no variable (``n1`` yes, ``n0`` no) with a variable without ties: ``sqrt(n1 n0 / N)``.

    At best all ``n1 n0`` pairs differing on the yes/no variable are concordant and the rest tied on
    it, so ``tau_b = n1 n0 / sqrt((N - T_x) N)`` with ``N = n(n-1)/2`` and ``N - T_x = n1 n0``.

    Parameters
    ----------
    n1, n0 : int
        People answering yes and no (ValueError if either is 0).

    Returns
    -------
    float
    """
    if n1 < 1 or n0 < 1:
        raise ValueError(f"both groups need at least one person, got n1={n1}, n0={n0}")
    n = n1 + n0
    return math.sqrt(n1 * n0 / (n * (n - 1) / 2))


def critical_tau(n: int, alpha: float = 0.01) -> float:
    """Smallest ``|tau|`` significant at two-tailed ``alpha`` among ``n`` untied observations.

    ``z_(1 - alpha/2)`` times the null standard error without ties, ``sqrt(2(2n + 5) / (9 n (n - 1)))``
    (Kendall 1945); ties lower it a little: a guide to how stars depend on n.

    Parameters
    ----------
    n : int
        The number of observations (at least 3).
    alpha : float, default 0.01
        The two-tailed level, in (0, 1).

    Returns
    -------
    float
    """
    from sunshine.kendall.inference import null_se_no_ties, z_critical

    if n < 3:
        raise ValueError(f"n must be at least 3, got {n}")
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be between 0 and 1, got {alpha}")
    return z_critical(alpha) * null_se_no_ties(n)


def subsample(data: pd.DataFrame, n: int, seed: int) -> pd.DataFrame:
    """``n`` persons drawn without replacement from ``data`` with the random ``seed``.

    Parameters
    ----------
    data : DataFrame
    n : int
        How many to draw (between 2 and the number of persons, else ValueError).
    seed : int

    Returns
    -------
    DataFrame
    """
    if not 2 <= n <= len(data):
        raise ValueError(f"n must be between 2 and {len(data)}, got {n}")
    return data.sample(n=n, random_state=np.random.default_rng(seed))


def chapter_data(namespace: dict, **changes) -> pd.DataFrame:
    """The persons a survey chapter analyses, as its parameters cell (and ``changes``) select them.

    Parameters
    ----------
    namespace : dict
        The chapter's ``globals()``, holding the values of its parameters cell.
    **changes
        Parameters changed for an exercise's rerun (``age_max=30``); ParameterError names a bad one.

    Returns
    -------
    DataFrame
    """
    from sunshine.data.sample import load_sample
    from sunshine.runs import parameters

    values = {name: namespace[name] for name in parameters.DEFAULTS if name in namespace} | changes
    return load_sample(parameters.from_cell(values, base="."), base=".").data
