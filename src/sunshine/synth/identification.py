"""What the print fixes: the class of each quantity of chapter 7 and the bounds that are proved.

Classes come from the published cells: **input** (a printed cell the data reproduce), **imposed**
(the text's "not significant", held by the acceptance rule), **arithmetic** (a function of printed
numbers, as the partial tau) and **open** (the only findings). The bounds are analytic; the tests
check them against brute force on small tables.

References
----------
Kendall, M. G. (1942). Partial rank correlation. *Biometrika* 32(3/4), 277-283.
Kendall, M. G., Gibbons, J. D. (1990). *Rank Correlation Methods*, 5th ed. Edward Arnold, ch. 3.
Manski, C. F. (2003). *Partial Identification of Probability Distributions*. Springer.
Agresti, A. (2013). *Categorical Data Analysis*, 3rd ed. Wiley, section 2.4.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
from scipy import optimize

from sunshine.kendall.inference import z_critical
from sunshine.synth import targets as tg

INPUT, IMPOSED, ARITHMETIC, OPEN = "input", "imposed", "arithmetic", "open"
CLASSES = (INPUT, IMPOSED, ARITHMETIC, OPEN)
"""The classes, from the most to the least fixed by the print."""


@dataclass(frozen=True)
class Definition:
    """A reported quantity: ``kind`` "tau", "partial" (of ``pairs[0]`` given the others' shared variable)
    or "model", its ``pairs`` of variables and ``population`` ("all" or "migrants")."""

    kind: str
    pairs: tuple = ()
    population: str = "all"


DEFINITIONS = {
    "logit_training": Definition("model"), "logit_education": Definition("model"),
    "logit_age": Definition("model"), "logit_gender": Definition("model"),
    "ols_training": Definition("model", population="migrants"),
    "ols_education": Definition("model", population="migrants"),
    "partial_tau": Definition("partial", (("training", "migrated"), ("training", "age"),
                                          ("migrated", "age"))),
    "text_minority_migration": Definition("tau", (("minority_county", "migrated"),)),
    "text_minority_network": Definition("tau", (("minority_county", "network_job_info"),),
                                        "migrants"),
}
"""The quantities that are not a Table I or II cell ``<table>_<row>_<col>`` (:func:`definition`)."""


def definition(quantity: str) -> Definition:
    """The :class:`Definition` of a result key of the ensemble."""
    if quantity in DEFINITIONS:
        return DEFINITIONS[quantity]
    table, rest = quantity.split("_", 1)
    cols = {"table1": ["age", "gender", "education", "migrated", "training"],
            "table2": ["education", "training", "income", "remittance"]}.get(table)
    if cols is None:
        raise KeyError(f"unknown quantity {quantity!r}: not a table cell nor in DEFINITIONS")
    a, b = next((a, b) for a in cols for b in cols if f"{a}_{b}" == rest)
    return Definition("tau", ((a, b),), "all" if table == "table1" else "migrants")


def _printed(pair: tuple, population: str) -> tg.Target | None:
    return next((t for t in tg.published_targets()
                 if t.population == population and t.statistic == "tau_b"
                 and {t.row_var, t.column_var} == set(pair)
                 and t.source in ("table1", "table2", "text")), None)


def classify(quantity: str) -> str:
    """The class of a quantity: printed number *input*, text's "not significant" *imposed*, partial tau *arithmetic*, else *open*."""
    d = definition(quantity)
    found = [_printed(p, "all" if d.kind == "partial" else d.population) for p in d.pairs]
    if d.kind == "tau" and found[0] is not None:
        return INPUT if found[0].kind == "numeric" else IMPOSED
    if d.kind == "partial" and all(t is not None and t.kind == "numeric" for t in found):
        return ARITHMETIC
    return OPEN


def rounding_box(quantity: str) -> list[tuple[float, float]]:
    """The interval of each printed value a quantity depends on (half a unit of the last decimal).

    Parameters
    ----------
    quantity : str
        An *input* or *arithmetic* quantity.

    Returns
    -------
    list of (float, float)
        One ``(low, high)`` per printed cell of its :class:`Definition`.
    """
    d = definition(quantity)
    pop = "all" if d.kind == "partial" else d.population
    out = []
    for p in d.pairs:
        t = _printed(p, pop)
        if t is None or t.kind != "numeric":
            raise ValueError(f"{quantity}: the pair {p} has no printed number")
        out.append((t.value - t.half_width, t.value + t.half_width))
    return out


def partial_tau_interval(box: list[tuple[float, float]]) -> tuple[float, float]:
    """Range of Kendall's partial tau over a box of its three taus.

    ``tau_xy.z = (t_xy - t_xz t_yz) / sqrt((1 - t_xz^2)(1 - t_yz^2))``, minimised and maximised
    from every corner of the box (Kendall 1942).

    Parameters
    ----------
    box : list of (float, float)
        Intervals of ``t_xy``, ``t_xz`` and ``t_yz``.

    Returns
    -------
    (float, float)
        The smallest and largest partial tau over the box.
    """
    def f(v):
        return (v[0] - v[1] * v[2]) / np.sqrt((1 - v[1] ** 2) * (1 - v[2] ** 2))

    lo, hi = np.inf, -np.inf
    for corner in itertools.product(*box):
        for sign in (1, -1):
            r = optimize.minimize(lambda v: sign * f(v), np.array(corner), bounds=box,
                                  method="L-BFGS-B")
            val = float(f(r.x))
            lo, hi = min(lo, val, float(f(corner))), max(hi, val, float(f(corner)))
    return lo, hi


def bearable_design_effect(tau, se_null, alpha: float = 0.01):
    """The design effect D a starred cell bears before losing its stars: ``|tau| / (se sqrt(D)) > z_crit`` iff ``D < (z / z_crit)^2``."""
    return (np.abs(tau) / se_null / z_critical(alpha)) ** 2


def design_effect_from_p(p_persons: np.ndarray, p_clustered: np.ndarray) -> np.ndarray:
    """Realised design effect ``(z_persons / z_clustered)^2`` from two-sided p-values (NaN where one is 0)."""
    p1, p2 = np.asarray(p_persons, float), np.asarray(p_clustered, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        z1, z2 = z_critical(p1), z_critical(p2)
        out = (z1 / z2) ** 2
    out[(p1 <= 0) | (p2 <= 0) | ~np.isfinite(out)] = np.nan
    return out


def binary_tau_share_bound(tau: float, n: int) -> float:
    """Smallest share ``n1 / n`` of a binary variable's rarer value whose tau-b with an untied one
    can be ``tau``: the first whose bound ``sqrt(n1 (n - n1) / (n (n - 1) / 2))`` reaches ``|tau|``.

    Parameters
    ----------
    tau : float
        A tau-b of the binary variable with an untied variable.
    n : int
        Persons in the cell.

    Returns
    -------
    float
        No data with a smaller share can give ``tau``.
    """
    n1 = np.arange(1, n // 2 + 1)
    ok = np.sqrt(n1 * (n - n1) / (n * (n - 1) / 2)) >= abs(tau)
    if not ok.any():
        raise ValueError(f"no share of a binary variable among {n} persons reaches |tau_b| = {tau}")
    return float(n1[np.argmax(ok)] / n)


def binary_tau_range(col_totals: np.ndarray, n1: int) -> tuple[float, float]:
    """Exact range of tau-b of a binary row variable with an ordinal column variable, margins fixed.

    ``S = sum_{j<k} (a_j c_k - c_j a_k)`` (``a_j`` ones in column j of total ``c_j``) is linear in a:
    a linear programme over ``0 <= a_j <= c_j``, ``sum a_j = n1``, with integer vertices.

    Parameters
    ----------
    col_totals : numpy.ndarray
        Persons in each category of the ordinal variable, in order.
    n1 : int
        Persons with the binary value 1.

    Returns
    -------
    (float, float)
        The smallest and largest tau-b.
    """
    c = np.asarray(col_totals, dtype=float)
    n = c.sum()
    k = len(c)
    # S = sum_j a_j * (sum_{l>j} c_l - sum_{l<j} c_l)
    coef = np.array([c[j + 1:].sum() - c[:j].sum() for j in range(k)])
    tx = n1 * (n - n1)
    ty = n * (n - 1) / 2 - float(np.sum(c * (c - 1) / 2))
    denom = np.sqrt(tx * ty)
    out = []
    for sign in (1, -1):
        r = optimize.linprog(sign * coef, A_eq=np.ones((1, k)), b_eq=[n1],
                             bounds=list(zip(np.zeros(k), c)), method="highs")
        if r.status != 0:
            raise ValueError(f"no table with column totals {c.tolist()} and {n1} ones: {r.message}")
        out.append(float(coef @ r.x) / denom)
    return out[0], out[1]


def untrained_migrant_share(phi: float, migrant_share: float, training_share: float) -> float:
    """Share of migrants without training, ``1 - P(trained, migrated) / m``, given their phi (= tau-b):
    ``P(trained, migrated) = m t + phi sqrt(m (1 - m) t (1 - t))``.

    Parameters
    ----------
    phi : float
        Tau-b (phi) of training and migration.
    migrant_share, training_share : float
        The two margins (m, t).

    Returns
    -------
    float
    """
    m, t = migrant_share, training_share
    both = m * t + phi * np.sqrt(m * (1 - m) * t * (1 - t))
    return float(1 - both / m)
