"""The analyses the paper did not run, on one ensemble member, as flat numbers.

A clustered logit of migration, Kendall's partial tau given age with the CMH test, a clustered OLS
of migrants' log income, and each printed cell's tau-b with a clustered p. Verdicts are drawn when
the ensemble is read (:mod:`sunshine.synth.ensemble_summary`), so the rule can change without a rerun.

References
----------
Agresti, A. (2013). *Categorical Data Analysis*, 3rd ed. Wiley, section 6.4 (the CMH test).
Cameron, A. C., Miller, D. L. (2015). A practitioner's guide to cluster-robust inference.
    *J. Human Resources* 50(2), 317-372.
Kendall, M. G. (1942). Partial rank correlation. *Biometrika* 32(3/4), 277-283.
Liang, K.-Y., Zeger, S. L. (1986). Longitudinal data analysis using generalized linear models.
    *Biometrika* 73(1), 13-22.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import statsmodels.api as sm
from statsmodels.stats.contingency_tables import StratifiedTable

from sunshine.kendall import kendall_matrix
from sunshine.kendall.inference import two_sided_p

ALPHA = 0.01
"""Significance level of every verdict: the tables' two stars (p < .01)."""

AGE_BANDS = (16, 25, 35, 45, 55, 71)
"""Age bands (left-closed) of the stratified test of training and migration."""

LOGIT_TERMS = ("training", "education", "age", "gender")
OLS_TERMS = ("training", "education")


def _fit_clustered(model, groups: np.ndarray):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # convergence chatter of Logit on near-separated draws
        kwargs = {"disp": 0} if isinstance(model, sm.Logit) else {}
        return model.fit(cov_type="cluster", cov_kwds={"groups": groups}, **kwargs)


def migration_logit(df: pd.DataFrame) -> dict:
    """Logit of ``migrated`` on training, education, age and gender, with household-clustered
    (sandwich) standard errors (Cameron & Miller 2015)."""
    x = sm.add_constant(df[list(LOGIT_TERMS)].to_numpy(dtype=float))
    res = _fit_clustered(sm.Logit(df["migrated"].to_numpy(dtype=float), x),
                         df["household_id"].to_numpy())
    out = {}
    for j, term in enumerate(LOGIT_TERMS, start=1):
        out[f"logit_{term}"] = float(res.params[j])
        out[f"logit_{term}_p"] = float(res.pvalues[j])
    return out


def income_ols(df: pd.DataFrame) -> dict:
    """Migrants' log income on training and education: statsmodels OLS with household-clustered (sandwich) SEs."""
    m = df[df["migrated"] == 1]
    x = sm.add_constant(m[list(OLS_TERMS)].to_numpy(dtype=float))
    y = np.log(m["income"].to_numpy(dtype=float))
    res = _fit_clustered(sm.OLS(y, x), m["household_id"].to_numpy())
    out = {}
    for j, term in enumerate(OLS_TERMS, start=1):
        out[f"ols_{term}"] = float(res.params[j])
        out[f"ols_{term}_p"] = float(res.pvalues[j])
    return out


def partial_tau(t_xy: float, t_xz: float, t_yz: float) -> float:
    """Kendall's (1942) partial tau of x and y given z:
    ``(t_xy - t_xz t_yz) / sqrt((1 - t_xz^2)(1 - t_yz^2))``."""
    return float((t_xy - t_xz * t_yz) / np.sqrt((1 - t_xz ** 2) * (1 - t_yz ** 2)))


def partial_training_migration(df: pd.DataFrame) -> dict:
    """Training and migration given age: Kendall's partial tau, and the CMH test (and common odds ratio) over :data:`AGE_BANDS`, persons independent."""
    k = kendall_matrix(df, ["training", "migrated", "age"])
    t = k.tau
    size = partial_tau(t.loc["training", "migrated"], t.loc["training", "age"],
                       t.loc["migrated", "age"])
    band = pd.cut(df["age"], AGE_BANDS, right=False)
    tables, band_taus = [], []
    for _, g in df.groupby(band, observed=True):
        tab = pd.crosstab(g["training"], g["migrated"]).reindex(index=[1, 0], columns=[1, 0],
                                                                fill_value=0)
        if tab.to_numpy().sum(axis=0).min() > 0 and tab.to_numpy().sum(axis=1).min() > 0:
            tables.append(tab.to_numpy(dtype=float))
            band_taus.append(float(kendall_matrix(g, ["training", "migrated"]).tau.iloc[0, 1]))
    st = StratifiedTable(tables)
    return {"partial_tau": size, "cmh_odds_ratio": float(st.oddsratio_pooled),
            "cmh_p": float(st.test_null_odds(correction=True).pvalue),
            "band_tau_min": min(band_taus), "band_tau_max": max(band_taus)}


CELLS = (("table1", ["age", "gender", "education", "migrated", "training"], "all"),
         ("table2", ["education", "training", "income", "remittance"], "migrants"))
"""The printed tables' variables and populations."""


def clustered_cells(df: pd.DataFrame) -> dict:
    """Each printed cell's tau-b (:data:`CELLS`) with its person-level and household-clustered p-values."""
    out = {}
    for table, cols, pop in CELLS:
        sub = df if pop == "all" else df[df["migrated"] == 1]
        k = kendall_matrix(sub, cols, cluster="household_id")
        for i, a in enumerate(cols):
            for b in cols[:i]:
                key = f"{table}_{a}_{b}"
                tau = float(k.tau.loc[a, b])
                se = float(k.se_cluster.loc[a, b])
                out[key] = tau
                out[f"{key}_p"] = float(k.pvalue.loc[a, b])
                out[f"{key}_pc"] = two_sided_p(tau, se)
    return out


def text_cells(df: pd.DataFrame) -> dict:
    """The text's minority-county associations (hypothesis 3), clustered p-values."""
    out = {}
    mig = df["migrated"] == 1
    for key, sub, a, b in (("minority_migration", df, "minority_county", "migrated"),
                           ("minority_network", df[mig], "minority_county", "network_job_info")):
        k = kendall_matrix(sub, [a, b], cluster="household_id")
        tau = float(k.tau.loc[a, b])
        out[f"text_{key}"] = tau
        out[f"text_{key}_pc"] = two_sided_p(tau, float(k.se_cluster.loc[a, b]))
    return out


def analyse(df: pd.DataFrame) -> dict:
    """Every analysis of one member, as one flat dict of numbers."""
    out = {}
    for part in (migration_logit, partial_training_migration, income_ols, clustered_cells,
                 text_cells):
        out.update(part(df))
    return out
