"""What the ensemble and its witnesses say: each quantity's class, range and status.

Members that reproduce the print can show a conclusion **not settled** (one gives the other answer),
never settled. Statuses: **proved** (analytically, :mod:`sunshine.synth.identification`), **not
settled** (a member or witness gives another sign or significance) and **robust** (the same in every
member and witness tried: robust to the assumptions varied here, no more). Only open quantities
are findings, and none is a finding about Gansu and Ningxia.

References
----------
Efron, B., Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*. Chapman & Hall.
Davison, A. C., Hinkley, D. V. (1997). *Bootstrap Methods and their Application*. Cambridge
    University Press, section 3.8.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from sunshine.files import atomic_write_text
from sunshine.kendall.inference import z_critical
from sunshine.report.verdicts import CONTRADICTS, NO_EVIDENCE, SUPPORTS, rule_label
from sunshine.synth import identification as idf
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
    """Column of the p-value of quantity ``name`` (``p`` is a suffix or a full key)."""
    return name + p if p.startswith("_") else p


def association_verdict(estimate: float, pvalue: float, predicted_sign: int,
                        alpha: float = ALPHA) -> str:
    """``supports`` or ``contradicts`` (significant, of the predicted sign or not) or ``no evidence``."""
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
"""Each hypothesis reading: a label and its predictions (result key, p-value suffix, sign). The paper's
H1: the educated and the trained migrate more; H2: among migrants, education and training raise income
and remittances; H3: minority counties migrate more and rely more on networks for job information."""


def verdict_table(members: pd.DataFrame) -> pd.DataFrame:
    """Per hypothesis reading: how many members give each verdict, and whether settled."""
    per = pd.DataFrame([{key: rule_label([association_verdict(row[n], row[n + s], sign)
                                          for n, s, sign in preds])
                         for key, (_, preds) in HYPOTHESES.items()} for row in members.to_dict("records")])
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
        The redraws of :func:`~sunshine.synth.ensemble_run.sampling_draws` (``draw, pair, tau``;
        draw ``-1`` carries the member's own tau-b and standard errors).

    Returns
    -------
    DataFrame
        Per pair: ``tau, se_null`` (SPSS's stars), ``ase1, se_cluster, sd_redrawn``, ``ratio``
        (``sd_redrawn / se_null``) and ``share_significant`` (redraws, at ALPHA with ``se_null``).
    """
    own = sampling[sampling["draw"] < 0].set_index("pair")
    draws = sampling[sampling["draw"] >= 0]
    z = draws.assign(z=draws["tau"] / draws["pair"].map(own["se_null"]))
    crit = z_critical(ALPHA)
    share = z.groupby("pair")["z"].apply(lambda s: float(np.mean(np.abs(s) > crit)))
    out = own[["tau", "se_null", "ase1", "se_cluster"]].assign(
        sd_redrawn=draws.groupby("pair")["tau"].std(ddof=1))
    return out.assign(ratio=out["sd_redrawn"] / out["se_null"], share_significant=share).reset_index()


PROVED, ROBUST, NOT_SETTLED = "proved", "robust", "not-settled"
"""Status of a quantity: proved, robust (to the assumptions varied) or refuted by a data set."""

SUMMARY_FILE = "summary.csv"


def _answer(value: float, p: float) -> tuple[int, bool]:
    return int(np.sign(value)), bool(p < ALPHA)


def _deff_condition(name: str, p: str, members: pd.DataFrame) -> str:
    bear = idf.bearable_design_effect(z_critical(members[name + "_p"].to_numpy(float)), 1.0, ALPHA)
    deff = idf.design_effect_from_p(members[name + "_p"], members[p_key(name, p)])
    b = bear[np.isfinite(bear)]
    bear_txt = f"{b.min():.1f}" if 0 < len(b) == len(bear) else "over 200 (p below 1e-300)"
    d = deff[np.isfinite(deff)]
    deff_txt = f"{d.min():.2f} to {d.max():.2f}" if len(d) else "not recoverable"
    return (f"the value is printed; its household-clustered significance flips only past a design "
            f"effect of (z / 2.576)^2 = {bear_txt} (smallest over members); realised design "
            f"effects {deff_txt}")


CODINGS = {"gender": "gender_coding", "education": "education_coding"}
"""The variables whose coding in the paper's file a member assumes, and the column that records it."""


def _coded(members: pd.DataFrame, name: str) -> list[tuple[str, str]]:
    """The variables of quantity ``name`` whose coding varies across members, with the column recording it."""
    return [(var, col) for var, col in CODINGS.items() if var in name and col in members and members[col].nunique() > 1]


def _answer_words(answer: tuple[int, bool]) -> str:
    return f"{'positive' if answer[0] > 0 else 'negative'}, {'significant' if answer[1] else 'not significant'}"


def _open_status(name: str, members: pd.DataFrame, witnesses: pd.DataFrame | None) -> tuple:
    """Range, status, witness and condition of an open quantity; a flip counts only between data sets reading the codings alike."""
    n = len(members)
    x = members[name].to_numpy(float)
    pv = members[name + "_p"].to_numpy(float)
    coded = _coded(members, name)  # how each member reads the codings ``name`` involves
    readings = [", ".join(f"{var} coded {row[col]}" for var, col in coded) for _, row in members.iterrows()]
    answers = [_answer(v, q) for v, q in zip(x, pv)]
    lo, hi = float(x.min()), float(x.max())
    where = {int(m): (a, r) for m, a, r in zip(members["member"], answers, readings)}
    w = None
    if witnesses is not None and len(witnesses):
        w = witnesses[(witnesses["quantity"] == name) & witnesses["reproduces"]]
        if len(w):
            lo, hi = min(lo, float(w["value"].min())), max(hi, float(w["value"].max()))
            flips = w[[int(m) in where and _answer(v, q) != where[int(m)][0]
                       for m, v, q in zip(w["member"], w["value"], w["pvalue"])]]
            if len(flips):
                f = flips.loc[(flips["value"] - x[0]).abs().idxmax()]
                reading = where[int(f["member"])][1]
                return (lo, hi, NOT_SETTLED,
                        f"member {int(f['member'])}{f' ({reading})' if reading else ''}, search seed "
                        f"{int(f['seed'])}, {int(f['swaps'])} swaps of {f['column']}",
                        f"a data set that reproduces the print{f', read with {reading},' if reading else ''} "
                        f"gives the other answer than its member ({f['value']:+.3g}, p = {f['pvalue']:.2g})")
    by_reading: dict[str, list[int]] = {}
    for i, r in enumerate(readings):
        by_reading.setdefault(r, []).append(i)
    for reading, rows in by_reading.items():
        differ = [i for i in rows if answers[i] != answers[rows[0]]]
        if differ:
            a, b = (int(members["member"].iloc[i]) for i in (rows[0], differ[0]))
            return (lo, hi, NOT_SETTLED, f"members {a} and {b}{f' ({reading})' if reading else ''}",
                    f"two ensemble members that reproduce the print{f' and read it alike ({reading})' if reading else ''} "
                    f"give different answers ({_answer_words(answers[rows[0]])}; {_answer_words(answers[differ[0]])})")
    tried = f" and every witness tried ({len(w)} searches)" if w is not None and len(w) else ""
    if len(by_reading) > 1 and len({answers[rows[0]] for rows in by_reading.values()}) > 1:
        per = "; ".join(f"{reading}: {_answer_words(answers[rows[0]])}" for reading, rows in sorted(by_reading.items()))
        return (lo, hi, NOT_SETTLED, "",
                f"the answer turns on how the paper coded {' and '.join(v for v, _ in coded)}, "
                f"which the print does not say ({per}); "
                f"within each reading, the same in all its members{tried}")
    return lo, hi, ROBUST, "", f"the same in all {n} members{tried}"


def summary_table(members: pd.DataFrame, witnesses: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per quantity: class (derived), range, status, the witness that flips it, condition.

    *Input* and *imposed*: only the household-clustered significance is judged. *Arithmetic*: the
    formula's interval over the rounding box, proved. *Open*: not settled when two data sets reading
    the codings alike, or the codings themselves, give another answer. Ranges are in the file's coding.

    Parameters
    ----------
    members : pandas.DataFrame
        The accepted members.
    witnesses : pandas.DataFrame, optional
        :func:`sunshine.synth.witness.witness_frame` (as read from ``witnesses.csv``).

    Returns
    -------
    pandas.DataFrame
        ``quantity, label, class, low, high, status, witness, condition``.
    """
    rows = []
    n = len(members)
    for name, p, label, _ in QUANTITIES:
        cls = idf.classify(name)
        x = members[name].to_numpy(float)
        pv = members[p_key(name, p)].to_numpy(float)
        lo, hi, wit = float(x.min()), float(x.max()), ""
        if cls == idf.ARITHMETIC:
            lo, hi = idf.partial_tau_interval(idf.rounding_box(name))
            status = PROVED
            cond = ("Kendall's partial tau (t_xy - t_xz t_yz) / sqrt((1 - t_xz^2)(1 - t_yz^2)) "
                    "of three printed cells, over every value that rounds to them; "
                    "its significance (CMH test) is not fixed")
        elif cls in (idf.INPUT, idf.IMPOSED):  # the value is the print's: only its significance is judged
            status = ROBUST if len({_answer(v, q)[1] for v, q in zip(x, pv)}) == 1 else NOT_SETTLED
            if cls == idf.INPUT:
                cond = _deff_condition(name, p, members)
                for var, col in _coded(members, name):
                    cond += (f"; its sign in the file's coding turns on how the paper coded {var} "
                             f"({' or '.join(sorted(map(str, members[col].unique())))}), which the print does not say")
            else:
                cond = ("not significant with persons independent: held by the acceptance rule; "
                        f"household-clustered, the same in all {n} members")
        else:
            lo, hi, status, wit, cond = _open_status(name, members, witnesses)
        rows.append({"quantity": name, "label": label, "class": cls, "low": lo, "high": hi,
                     "status": status, "witness": wit, "condition": cond})
    return pd.DataFrame(rows)


def write_summary(out_dir, members: pd.DataFrame, witnesses: pd.DataFrame | None) -> pd.DataFrame:
    """Write :func:`summary_table` to ``summary.csv`` (atomically) and return it."""
    table = summary_table(members, witnesses)
    atomic_write_text(Path(out_dir) / SUMMARY_FILE,
                      table.to_csv(index=False, float_format="%.6g", lineterminator="\n"))
    return table


def witness_rows(members: pd.DataFrame, witnesses: pd.DataFrame) -> pd.DataFrame:
    """Each reproducing witness as a member row: its start member's results, its model's replaced."""
    base = members.set_index("member", drop=False)
    rows = [dict(base.loc[int(w["member"])].to_dict(),
                 **{k[4:]: v for k, v in w.items() if k.startswith("res_") and pd.notna(v)})
            for w in witnesses[witnesses["reproduces"]].to_dict("records")]
    return pd.DataFrame(rows, columns=members.columns)


def verdict_status(members: pd.DataFrame, witnesses: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per hypothesis reading: the verdicts over members and witnesses, and what the reading rests on.

    Parameters
    ----------
    members : pandas.DataFrame
    witnesses : pandas.DataFrame, optional

    Returns
    -------
    pandas.DataFrame
        :func:`verdict_table` over members and reproducing witnesses, with ``rests_on`` (classes),
        ``open``, ``status`` and ``coding`` (variables whose coding alone splits the verdict, or "").
    """
    pool = members if witnesses is None or not len(witnesses) else \
        pd.concat([members, witness_rows(members, witnesses)], ignore_index=True)
    table = verdict_table(pool)
    table["rests_on"] = ["; ".join(idf.classify(name) for name, _, _ in HYPOTHESES[h][1])
                         for h in table["hypothesis"]]
    table["coding"] = ""  # a split that follows the codings members assume, named
    for i, key in enumerate(table["hypothesis"]):
        coded = sorted({(var, col) for name, _, _ in HYPOTHESES[key][1] for var, col in _coded(pool, name)})
        if coded and not table.loc[i, "settled"] and all(
                verdict_table(group).loc[i, "settled"] for _, group in pool.groupby([col for _, col in coded])):
            table.loc[i, "coding"] = " and ".join(var for var, _ in coded)
    table["open"] = ["open" in r for r in table["rests_on"]]
    table["status"] = np.where(table["settled"], ROBUST, NOT_SETTLED)
    return table


def design_effect_table(members: pd.DataFrame) -> pd.DataFrame:
    """Per printed cell read with household-clustered tests: the design effect its answer can bear.

    Parameters
    ----------
    members : pandas.DataFrame

    Returns
    -------
    pandas.DataFrame
        ``quantity, label, significant_persons``, ``bearable`` (smallest ``(z / z_crit)^2``, ``inf``
        where p underflows), ``deff_low, deff_high`` (realised) and ``flips`` (clustered answer differs).
    """
    rows = []
    for name, p, label, kind in QUANTITIES:
        if kind != "clustered" or idf.classify(name) != idf.INPUT:
            continue
        p1 = members[name + "_p"].to_numpy(float)
        with np.errstate(divide="ignore"):
            bear = idf.bearable_design_effect(z_critical(p1), 1.0, ALPHA)
        deff = idf.design_effect_from_p(p1, members[p_key(name, p)])
        sig1, sig2 = p1 < ALPHA, members[p_key(name, p)].to_numpy(float) < ALPHA
        seen = deff[np.isfinite(deff)]
        rows.append({"quantity": name, "label": label, "significant_persons": int(sig1.sum()),
                     "bearable": float(np.min(bear)),
                     "deff_low": float(seen.min()) if len(seen) else float("nan"),
                     "deff_high": float(seen.max()) if len(seen) else float("nan"),
                     "flips": int((sig1 != sig2).sum())})
    return pd.DataFrame(rows)


def sign_words(a: float, b: float) -> str:
    """Whether two coefficients share their sign, in words.

    Parameters
    ----------
    a, b : float

    Returns
    -------
    str

    Examples
    --------
    >>> sign_words(-1.2, -0.3)
    'both are negative, so the sign is the same'
    >>> sign_words(-0.1, 0.2)
    'the sign differs between them'
    """
    if np.sign(a) == np.sign(b) != 0:
        return f"both are {'negative' if a < 0 else 'positive'}, so the sign is the same"
    return "the sign differs between them"


def starred_pairs(cells: pd.DataFrame, table: str = "table1") -> list[str]:
    """Pairs (``<row>_<col>``) the paper printed with stars in one table, in the published file's order.

    Parameters
    ----------
    cells : pandas.DataFrame
        :func:`sunshine.data.published.load_all`.
    table : str

    Returns
    -------
    list of str
    """
    picked = cells[(cells["table"] == table) & ~cells["is_diagonal"] & (cells["stars_printed"] > 0)]
    return [f"{r}_{c}" for r, c in zip(picked["row_var"], picked["column_var"])]


def tipping_sentence(largest_p: float) -> str:
    """Whether any member's p-value reaches the tables' level (:data:`ALPHA`), in words.

    Parameters
    ----------
    largest_p : float
        The largest p-value over the members.

    Returns
    -------
    str

    Examples
    --------
    >>> tipping_sentence(6e-17)
    'No member reaches it: a tipping point, if there is one, lies outside the range the members were drawn from.'
    >>> tipping_sentence(0.04)[:36]
    'Some members cross it: in this range'
    """
    if largest_p < ALPHA:
        return "No member reaches it: a tipping point, if there is one, lies outside the range the members were drawn from."
    return ("Some members cross it: in this range the coefficient is not significant at the tables' level "
            "for some setting, so the conclusion rests on that setting.")


def status_verdict(row) -> str:
    """Say a hypothesis reading's verdict over members and witnesses, with its status.

    Parameters
    ----------
    row : mapping
        A row of :func:`verdict_status` (``settled, verdict, verdicts``, and ``coding`` if set).

    Returns
    -------
    str

    Examples
    --------
    >>> status_verdict({"settled": True, "verdict": "mixed", "verdicts": "mixed (203)"})
    '*mixed* in every member and every witness tried (robust to the assumptions varied here)'
    >>> status_verdict({"settled": False, "verdict": "", "verdicts": "mixed (3); supported (1)"})
    'not settled: a data set that reproduces the print gives another verdict (mixed (3); supported (1))'
    >>> status_verdict({"settled": False, "verdict": "", "verdicts": "mixed (3); supported (1)", "coding": "education"})[:62]
    'not settled: the verdict turns on how the paper coded educatio'
    """
    if bool(row["settled"]):
        return (f"*{row['verdict']}* in every member and every witness tried "
                "(robust to the assumptions varied here)")
    if row.get("coding"):
        return (f"not settled: the verdict turns on how the paper coded {row['coding']}, which the print does not "
                f"say; within each reading it is one ({row['verdicts']})")
    return f"not settled: a data set that reproduces the print gives another verdict ({row['verdicts']})"
