"""What the ensemble settles: each quantity's range, sign and significance over members.

A quantity is **settled by the printed tables** when its sign and its
significance (p < :data:`~sunshine.synth.ensemble_analysis.ALPHA`) are the
same in every member: every data set that reproduces the print (under the
stated assumptions) gives the same answer. Otherwise it is **not settled**:
the answer depends on something the paper never printed. The same holds for
each hypothesis verdict. These are statements about the information in the
printed tables, not findings about Gansu and Ningxia.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sunshine.report.verdicts import CONTRADICTS, NO_EVIDENCE, SUPPORTS, rule_label
from sunshine.synth.ensemble_analysis import ALPHA

QUANTITIES = [
    ("logit_training", "_p", "Logit of migration: training (log-odds)", "net"),
    ("logit_education", "_p", "Logit of migration: education (log-odds per level)", "net"),
    ("logit_age", "_p", "Logit of migration: age (log-odds per year)", "net"),
    ("logit_gender", "_p", "Logit of migration: female (log-odds)", "net"),
    ("partial_tau", "cmh_p", "Training and migration given age (partial tau-b; CMH test)", "net"),
    ("ols_training", "_p", "Migrants' log income: training", "net"),
    ("ols_education", "_p", "Migrants' log income: education (per level)", "net"),
    ("table1_migrated_education", "_pc", "Table I: education and migration, households", "clustered"),
    ("table1_training_migrated", "_pc", "Table I: training and migration, households", "clustered"),
    ("table1_training_education", "_pc", "Table I: training and education, households", "clustered"),
    ("table1_gender_age", "_pc", "Table I: gender and age, households", "clustered"),
    ("table2_training_education", "_pc", "Table II: training and education, households", "clustered"),
    ("table2_income_training", "_pc", "Table II: training and income, households", "clustered"),
    ("table2_remittance_training", "_pc", "Table II: training and remittance, households", "clustered"),
    ("table2_remittance_education", "_pc", "Table II: education and remittance, households", "clustered"),
    ("text_minority_migration", "_pc", "Text: minority county and migration, households", "clustered"),
    ("text_minority_network", "_pc", "Text: minority county and networks, households", "clustered"),
]
"""Reported quantities: result key, key (or suffix) of its p-value, label, kind."""


def p_key(name: str, p: str) -> str:
    """Column of the p-value of quantity ``name`` (``p`` is a suffix or a full key).

    Parameters
    ----------
    name : str
        Result key of the quantity (e.g. ``"logit_training"``).
    p : str
        Either a suffix starting with ``_`` (``"_p"``, ``"_pc"``), appended to
        ``name``, or the full key of the p-value column (e.g. ``"cmh_p"``).

    Returns
    -------
    str
        The column of the members table holding the quantity's p-value.
    """
    return name + p if p.startswith("_") else p


def _sign(x: np.ndarray) -> str:
    signs = set(np.sign(x[x != 0]).astype(int).tolist())
    return {frozenset({1}): "+", frozenset({-1}): "\u2212"}.get(frozenset(signs), "\u00b1")


def settled_table(members: pd.DataFrame) -> pd.DataFrame:
    """One row per quantity of :data:`QUANTITIES`: range over members and whether settled.

    Parameters
    ----------
    members : pandas.DataFrame
        The accepted members (``load_results()["members"]``): ``member``,
        ``seed``, every quantity and its p-value column.

    Returns
    -------
    DataFrame
        ``quantity, label, kind, min, max, min_member, max_member, min_seed,
        max_seed, sign, n_significant, n_members, settled``. ``min_member``
        and ``max_member`` name the members (index) attaining the extremes.
    """
    rows = []
    for name, p, label, kind in QUANTITIES:
        x = members[name].to_numpy(dtype=float)
        sig = members[p_key(name, p)].to_numpy(dtype=float) < ALPHA
        lo, hi = int(np.argmin(x)), int(np.argmax(x))
        sign = _sign(x)
        same_sig = bool(sig.all() or not sig.any())
        rows.append({"quantity": name, "label": label, "kind": kind,
                     "min": float(x[lo]), "max": float(x[hi]),
                     "min_member": int(members["member"].iloc[lo]),
                     "max_member": int(members["member"].iloc[hi]),
                     "min_seed": int(members["seed"].iloc[lo]),
                     "max_seed": int(members["seed"].iloc[hi]),
                     "sign": sign, "n_significant": int(sig.sum()), "n_members": len(x),
                     "settled": bool(sign != "\u00b1" and same_sig) if sig.any() else same_sig})
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------
# verdicts
# ---------------------------------------------------------------------------
# The rule is the book's one rule (sunshine.report.verdicts): each association
# supports, contradicts or gives no evidence; rule_label combines them.

def association_verdict(estimate: float, pvalue: float, predicted_sign: int,
                        alpha: float = ALPHA) -> str:
    """``supports`` (significant, predicted sign), ``contradicts`` (significant,
    opposite sign) or ``no evidence`` (not significant).

    Parameters
    ----------
    estimate : float
        The association's estimate (a zero estimate gives no evidence).
    pvalue : float
        Its two-sided p-value (a non-finite one gives no evidence).
    predicted_sign : int
        The sign the hypothesis predicts (+1 or -1).
    alpha : float
        Significance level (default :data:`ALPHA`).

    Returns
    -------
    str
        One of :data:`~sunshine.report.verdicts.SUPPORTS`,
        :data:`~sunshine.report.verdicts.CONTRADICTS`,
        :data:`~sunshine.report.verdicts.NO_EVIDENCE`.
    """
    if not np.isfinite(pvalue) or pvalue >= alpha or estimate == 0:
        return NO_EVIDENCE
    return SUPPORTS if np.sign(estimate) == np.sign(predicted_sign) else CONTRADICTS


HYPOTHESES = {
    "h1_printed": ("Hypothesis 1 as printed (tau-b, persons independent)",
                   [("table1_migrated_education", "_p", 1), ("table1_training_migrated", "_p", 1)]),
    "h1_clustered": ("Hypothesis 1, tau-b with household-clustered p-values",
                     [("table1_migrated_education", "_pc", 1),
                      ("table1_training_migrated", "_pc", 1)]),
    "h1_net": ("Hypothesis 1, net of each other, age and gender (clustered logit)",
               [("logit_education", "_p", 1), ("logit_training", "_p", 1)]),
    "h2_printed": ("Hypothesis 2 as printed (Table II tau-b)",
                   [("table2_income_education", "_p", 1), ("table2_remittance_education", "_p", 1),
                    ("table2_income_training", "_p", 1), ("table2_remittance_training", "_p", 1)]),
    "h2_net": ("Hypothesis 2 for income, net of each other (clustered OLS of log income)",
               [("ols_education", "_p", 1), ("ols_training", "_p", 1)]),
    "h3_clustered": ("Hypothesis 3 (text's associations, household-clustered)",
                     [("text_minority_migration", "_pc", 1), ("text_minority_network", "_pc", 1)]),
}
"""Each hypothesis reading: a label and its predictions (result key, p-value suffix, sign).

Hypothesis 1: those with more education and with training migrate more.
Hypothesis 2: among migrants, education and training raise income and
remittances. Hypothesis 3: people from minority counties migrate more and rely
more on networks for job information (the paper, section on hypotheses)."""


def hypothesis_verdicts(row: dict) -> dict:
    """The verdict of each reading of :data:`HYPOTHESES` for one member's results.

    Parameters
    ----------
    row : dict
        One member's results (a row of ``members.csv`` as a dict), holding
        every estimate and p-value the readings name.

    Returns
    -------
    dict
        Reading key (e.g. ``"h1_net"``) to its verdict, the associations'
        verdicts combined by :func:`~sunshine.report.verdicts.rule_label`.
    """
    return {key: rule_label([association_verdict(row[n], row[n + s], sign) for n, s, sign in preds])
            for key, (_, preds) in HYPOTHESES.items()}


def verdict_table(members: pd.DataFrame) -> pd.DataFrame:
    """Per hypothesis reading: how many members give each verdict, and whether settled.

    Parameters
    ----------
    members : pandas.DataFrame
        The accepted members (``load_results()["members"]``).

    Returns
    -------
    pandas.DataFrame
        One row per reading of :data:`HYPOTHESES`: ``hypothesis``, ``label``,
        ``verdicts`` (each verdict with its number of members, most frequent
        first), ``settled`` (one verdict in every member) and ``verdict``
        (that verdict, or ``""`` if not settled).
    """
    per = pd.DataFrame([hypothesis_verdicts(r) for r in members.to_dict("records")])
    rows = []
    for key, (label, _) in HYPOTHESES.items():
        counts = per[key].value_counts()
        rows.append({"hypothesis": key, "label": label,
                     "verdicts": "; ".join(f"{v} ({c})" for v, c in counts.items()),
                     "settled": len(counts) == 1, "verdict": counts.index[0] if len(counts) == 1 else ""})
    return pd.DataFrame(rows)


def sampling_table(sampling: pd.DataFrame) -> pd.DataFrame:
    """Table I's spread over household redraws against the standard errors the stars assume.

    Parameters
    ----------
    sampling : pandas.DataFrame
        The redraws of :func:`~sunshine.synth.ensemble_run.sampling_draws`
        (``draw, pair, tau``; draw ``-1`` carries the member's own tau-b and
        standard errors).

    Returns
    -------
    DataFrame
        Per pair: the member's tau-b, the standard deviation over the redraws
        (``sd_redrawn``), ``se_null`` (persons independent, no association: what
        SPSS's stars use), ``ase1`` and ``se_cluster``, the ratio
        ``sd_redrawn / se_null``, and the share of redraws significant at ALPHA
        (two-sided, on ``se_null``).

    References
    ----------
    Efron, B. & Tibshirani, R. J. (1993). An Introduction to the Bootstrap.
        Chapman & Hall.
    Davison, A. C. & Hinkley, D. V. (1997). Bootstrap Methods and their
        Application. Cambridge University Press, section 3.8.
    """
    own = sampling[sampling["draw"] < 0].set_index("pair")
    draws = sampling[sampling["draw"] >= 0]
    sd = draws.groupby("pair")["tau"].std(ddof=1)
    z = draws.assign(z=draws["tau"] / draws["pair"].map(own["se_null"]))
    from scipy import stats

    crit = stats.norm.isf(ALPHA / 2)
    share = z.groupby("pair")["z"].apply(lambda s: float(np.mean(np.abs(s) > crit)))
    out = own[["tau", "se_null", "ase1", "se_cluster"]].copy()
    out["sd_redrawn"] = sd
    out["ratio"] = out["sd_redrawn"] / out["se_null"]
    out["share_significant"] = share
    return out.reset_index()
