"""What a synthetic member realises, as opposed to what its latent settings asked for.

:func:`household_icc` (ICC(1) over households, Donner 1986); :func:`design_effects` (per printed
cell, clustered over independent variance of tau-b, against ASE1, ``deff_``, and against the null SE
the stars assume, ``deff0_``: a starred cell keeps its stars while ``deff0 < (z / 2.576)^2``);
:func:`income_tail` (migrants' log-income spread below and above the median, and P10 over median).

References
----------
Donner, A. (1986). A review of inference procedures for the intraclass correlation coefficient in
    the one-way random effects model. *International Statistical Review* 54(1), 67-82.
Kish, L. (1965). *Survey Sampling*. New York: Wiley (the design effect).
Shrout, P. E., Fleiss, J. L. (1979). Intraclass correlations: uses in assessing rater reliability.
    *Psychological Bulletin* 86(2), 420-428.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sunshine.kendall import kendall_matrix
from sunshine.synth.settings import CHILD_AGE

TABLE1 = ("age", "gender", "education", "migrated", "training")
TABLE2 = ("education", "training", "income", "remittance")


def household_icc(y: np.ndarray, groups: np.ndarray) -> float:
    """ICC(1) of ``y`` over ``groups``: ``(MSB - MSW) / (MSB + (n0 - 1) MSW)``, ``n0 = (N - sum n_i^2 / N) / (k - 1)``."""
    y = np.asarray(y, dtype=float)
    _, g, sizes = np.unique(np.asarray(groups), return_inverse=True, return_counts=True)
    k, n = len(sizes), len(y)
    if k < 2 or n <= k:
        return float("nan")
    means = np.bincount(g, weights=y) / sizes
    ssb = float(np.sum(sizes * (means - y.mean()) ** 2))
    ssw = float(np.sum((y - means[g]) ** 2))
    msb, msw = ssb / (k - 1), ssw / (n - k)
    n0 = (n - float(np.sum(sizes ** 2)) / n) / (k - 1)
    denominator = msb + (n0 - 1) * msw
    return float((msb - msw) / denominator) if denominator > 0 else float("nan")


def design_effects(df: pd.DataFrame) -> dict:
    """Realised design effects per printed cell: ``deff_... = (se_cluster / ASE1)^2``, ``deff0_... = (se_cluster / se_null)^2``, ``se_null = tau / z``."""
    out = {}
    for source, cols, sub in (("table1", TABLE1, df), ("table2", TABLE2, df[df["migrated"] == 1])):
        k = kendall_matrix(sub, list(cols), cluster="household_id")
        for i, a in enumerate(cols):
            for b in cols[:i]:
                cl, ase = float(k.se_cluster.loc[a, b]), float(k.ase.loc[a, b])
                se0 = float(k.tau.loc[a, b] / k.statistic.loc[a, b])
                out[f"deff_{source}_{a}_{b}"] = (cl / ase) ** 2
                out[f"deff0_{source}_{a}_{b}"] = (cl / se0) ** 2
    return out


def income_tail(df: pd.DataFrame) -> dict:
    """Shape of migrants' income: log-scale spreads below and above the median, p10 over median."""
    x = df.loc[df["migrated"] == 1, "income"].to_numpy(dtype=float)
    x = x[x > 0]
    med = float(np.median(x))
    d = np.log(x / med)
    return {"income_log_sd_lower": float(np.sqrt(np.mean(d[d < 0] ** 2))),
            "income_log_sd_upper": float(np.sqrt(np.mean(d[d > 0] ** 2))),
            "income_p10_ratio": float(np.percentile(x, 10) / med),
            "income_min": float(x.min())}


def realised(df: pd.DataFrame) -> dict:
    """Everything this module measures on one member, flat, prefixed ``realised_`` where not a cell's."""
    hh = df["household_id"].to_numpy()
    out = {"realised_icc_migrated": household_icc(df["migrated"].to_numpy(), hh),
           "realised_icc_training": household_icc(df["training"].to_numpy(), hh),
           "realised_household_size": float(len(df) / len(np.unique(hh))),
           "realised_child_share": float(np.mean(df["age"].to_numpy() < CHILD_AGE))}
    out.update({f"realised_{k}": v for k, v in income_tail(df).items()})
    out.update(design_effects(df))
    return out
