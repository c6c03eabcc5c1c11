"""Targets of the synthetic data and the arithmetic of their attainability.

Each published cell (:mod:`sunshine.data.published`) becomes one target; a cell no data can give
under the stated codings is reported with the bound that shows it, never forced. Bounds (Kendall &
Gibbons 1990, ch. 3), with ``n0 = n(n-1)/2`` and ``n1, n2`` the pairs tied in x and in y:

* ``tau_b = S / sqrt((n0 - n1)(n0 - n2))``, ``|S|`` at most the pairs tied in neither: ``|tau_b|
  <= 1`` (printed "1.43" and "-182" are impossible).
* Binary x (n1 ones, n0 zeros): ``|S| <= n1 n0``, so ``|tau_b| <= sqrt(n1 n0 / T_y)`` (``T_y``
  pairs untied in y), ``-> sqrt(2 p (1 - p)) <= .707`` with y untied.
* Spearman's rho with binary x: the groups' mean ranks differ by ``n S / (2 n1 n0)``
  (Mann-Whitney), so ``rho_s = S sqrt(12) / (2 sqrt(n1 n0) n s_R)``; untied y gives ``rho_s =
  tau_b sqrt(3 n / (2 (n + 1)))`` and ties only lower the ratio: ``|rho_s| <= 1.2247 |tau_b|``.
* Two binary variables: tau-b is phi, moving in steps of ``n / sqrt(n1 n0 m1 m0)`` (about .002 at
  n = 2,351), so the margins must let an integer cell land within .0005 (:func:`binary_counts`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from sunshine.data import published


@dataclass(frozen=True)
class Target:
    """One published cell as a target of the generator."""

    source: str
    row_var: str
    column_var: str
    population: str
    statistic: str
    printed: str
    printed_value: float
    value: float
    decimals: float
    kind: str  # "numeric" or "qualitative"

    @property
    def id(self) -> str:
        """Unique name of the cell: ``source:population:statistic:rowxcolumn``."""
        return f"{self.source}:{self.population}:{self.statistic}:{self.row_var}x{self.column_var}"

    @property
    def half_width(self) -> float:
        """Printed precision: half a unit of the last printed decimal."""
        return 0.5 * 10.0 ** (-int(self.decimals)) if self.kind == "numeric" else np.nan


def published_targets() -> list[Target]:
    """All off-diagonal published cells as :class:`Target` objects, in the files' order.

    Returns
    -------
    list of Target
    """
    cells = published.load_all()
    cells = cells[~cells["is_diagonal"]]
    out = []
    for r in cells.itertuples():
        kind = "qualitative" if pd.isna(r.value) else "numeric"
        out.append(Target(r.table, r.row_var, r.column_var, r.population, r.statistic,
                          r.printed, float(r.printed_value), float(r.value),
                          float(r.decimals) if kind == "numeric" else np.nan, kind))
    return out


class InfeasibleDraw(ValueError):
    """A draw whose settings no data can meet (``cells``: each printed cell and the bound ruling it out): a result about the print, not a generator failure."""

    def __init__(self, cells: list[str]):
        self.cells = cells
        super().__init__("infeasible: " + "; ".join(cells))


def targets_for(p) -> list[Target]:
    """The published targets under a draw's reading of ``.17588``, its gender and education codings and Table II's population."""
    out = []
    for t in published_targets():
        value, population, pair = t.value, t.population, {t.row_var, t.column_var}
        if t.kind == "numeric":
            if t.source == "table1" and pair == {"training", "gender"}:
                value = float(p.reading_training_gender)
            flip = (("gender" in pair and p.gender_coding == "male=1")
                    != ("education" in pair and p.education_coding == "descending"))
            value = -value if flip else value
        if t.source == "table2" and p.table2_population == "all":
            population = "all"
        out.append(replace(t, value=value, population=population))
    return out


def conflicts(targets: list[Target]) -> list[str]:
    """Pairs printed twice on the same persons with values no single data set can give."""
    seen: dict = {}
    out = []
    for t in targets:
        if t.kind != "numeric" or t.statistic != "tau_b":
            continue
        key = (frozenset((t.row_var, t.column_var)), t.population)
        if key in seen and abs(seen[key].value - t.value) > seen[key].half_width + t.half_width:
            out.append(f"{t.id} = {t.value:g} and {seen[key].id} = {seen[key].value:g} are one "
                       f"pair on the same persons ({t.population})")
        seen.setdefault(key, t)
    return out


def restricted_binary_range(y: np.ndarray, eligible: np.ndarray, m: int) -> tuple[float, float]:
    """Lowest and highest tau-b of a 0/1 variable with ``m`` ones among ``eligible``, with ``y``.

    Margins fixed, the extremes are those of ``S``; moving a one to a smaller ``y`` never raises ``S``
    (exchange), so the ones on the ``m`` smallest eligible ``y`` give the lowest, the largest the highest.
    """
    from scipy import stats

    idx = np.flatnonzero(eligible)
    order = idx[np.argsort(y[idx], kind="stable")]
    if m > len(order):
        raise InfeasibleDraw([f"{m} ones but only {len(order)} eligible persons"])
    out = []
    for chosen in (order[:m], order[len(order) - m:]):
        x = np.zeros(len(y))
        x[chosen] = 1
        out.append(float(stats.kendalltau(x, y).statistic))
    return out[0], out[1]


def pairs_untied(y: np.ndarray) -> float:
    """Number of pairs not tied in ``y``: ``n(n-1)/2 - sum t(t-1)/2``."""
    _, t = np.unique(y, return_counts=True)
    n = len(y)
    return n * (n - 1) / 2 - float(np.sum(t * (t - 1) / 2))


def binary_tau_b_bound(x: np.ndarray, y: np.ndarray) -> float:
    """Largest ``|tau_b|`` of a binary ``x`` with ``y`` given both margins: ``sqrt(n1 n0 / T_y)``, capped at 1.

    Parameters
    ----------
    x : numpy.ndarray
        A 0/1 variable.
    y : numpy.ndarray
        The other variable.

    Returns
    -------
    float
        NaN when either variable is constant (tau-b undefined).
    """
    n1 = float(np.sum(x == 1))
    n0 = float(np.sum(x == 0))
    untied = float(pairs_untied(y))
    if n1 == 0 or n0 == 0 or untied == 0:
        return float("nan")
    return float(min(1.0, np.sqrt(n1 * n0 / untied)))


def spearman_over_tau_bound(n: int) -> float:
    """Largest ``|rho_s| / |tau_b|`` when one variable is binary: ``sqrt(3n / (2(n+1)))``.

    Parameters
    ----------
    n : int
        Persons with both values.

    Returns
    -------
    float
    """
    return float(np.sqrt(3 * n / (2 * (n + 1))))


def phi(a: int, n1: int, m1: int, n: int) -> float:
    """Phi (= tau-b) of a 2 x 2 table with ``a`` joint ones and margins ``n1``, ``m1``."""
    return (a * n - n1 * m1) / np.sqrt(n1 * (n - n1) * m1 * (n - m1))


def nearest_phi_count(target: float, n1: int, m1: int, n: int) -> tuple[int, float]:
    """Integer joint count whose phi is closest to ``target``, and that phi."""
    a = int(round((target * np.sqrt(n1 * (n - n1) * m1 * (n - m1)) + n1 * m1) / n))
    lo, hi = max(0, n1 + m1 - n), min(n1, m1)
    best = min(range(max(lo, a - 2), min(hi, a + 2) + 1),
               key=lambda c: abs(phi(c, n1, m1, n) - target))
    return best, phi(best, n1, m1, n)


def binary_counts(n: int, shares: dict[str, float], taus: dict[tuple[str, str], float],
                  tol: float, radius: int = 25) -> dict:
    """Integer margins within ``radius`` of ``n * share`` (closest first) giving every pair of ``taus`` a joint count with ``|phi - tau| <= tol``."""
    names = list(shares)
    centre = {v: int(round(n * shares[v])) for v in names}
    offsets = sorted(((a, b, c) for a in range(-radius, radius + 1)
                      for b in range(-radius, radius + 1) for c in range(-radius, radius + 1)),
                     key=lambda o: sum(x * x for x in o))
    if len(names) != 3:
        raise ValueError("binary_counts expects three binary variables")
    for off in offsets:
        counts = {v: centre[v] + o for v, o in zip(names, off)}
        joint = {}
        for (u, v), tau in taus.items():
            c, ph = nearest_phi_count(tau, counts[u], counts[v], n)
            if abs(ph - tau) > tol:
                break
            joint[(u, v)] = (c, ph)
        else:
            return {"counts": counts, "joint": joint}
    raise InfeasibleDraw([f"no margins within {radius} of the shares {shares} make every binary "
                          f"phi target {taus} attainable within {tol:g}"])
