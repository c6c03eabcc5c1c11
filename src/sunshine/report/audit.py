"""The audit of the printed coefficients: the arithmetic chapters 5 and 6 show the reader.

Each function computes one argument about a printed number (would its stars hold at its n? can a
yes/no variable reach it? what would "b" mean as a regression slope?) and returns what the chapter
glues.

References
----------
Kendall, M. G. (1945). The treatment of ties in ranking problems. *Biometrika* 33(3), 239-251.
Kendall, M., Gibbons, J. D. (1990). *Rank Correlation Methods*, 5th ed. Arnold, ch. 3-4.
Freedman, D., Pisani, R., Purves, R. (2007). *Statistics*, 4th ed. Norton, ch. 10-12.
Zar, J. H. (1972). Significance testing of the Spearman rank correlation coefficient.
    *J. American Statistical Association* 67(339), 578-580.
Cameron, A. C., Miller, D. L. (2015). A practitioner's guide to cluster-robust inference.
    *J. Human Resources* 50(2), 317-372.
IBM Corp. (2025). *IBM SPSS Statistics 31 Command Syntax Reference*, "NONPAR CORR".
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from sunshine import kendall
from sunshine.data import published
from sunshine.kendall.inference import null_se_no_ties, two_sided_p, z_critical
from sunshine.report import tables
from sunshine.synth import targets as tg


__all__ = ["null_se_no_ties", "z_critical", "star_audit", "binary_bounds", "slope_reading", "tie_groups",
           "printed_star_audit", "variance_dependence", "star_conclusion", "differing_cells", "agreement_meaning",
           "marks_changed", "cluster_sentence", "age_bands", "age_band_text", "attainability_summary",
           "attainability_sentence",
           "printed_as_read", "bound_figure", "cluster_comparison", "interval_change"]


def star_audit(printed_value: float, n_printed: int, x, y, level: float, variant: str = "b") -> dict:
    """Would a printed coefficient be significant at its printed n, with and without ties?

    Parameters
    ----------
    printed_value, n_printed : float, int
        The coefficient as printed and the n printed with it.
    x, y : array-like
        The data's two variables, whose ties set the null standard error.
    level : float
    variant : {"b", "c"}, default "b"

    Returns
    -------
    dict
        ``z_no_ties, p_no_ties`` (textbook formula at ``n_printed``); ``se0_ties, z_ties, p_ties``
        (the data's null SE ``|tau / z|`` times ``sqrt(n / n_printed)``, the null variance falling
        as ``1/n``); ``tau_crit_no_ties, tau_crit_ties`` (smallest significant |tau| each way);
        ``significant`` (with the data's ties). p-values are two-sided normal.
    """
    zc = z_critical(level)
    se_free = null_se_no_ties(n_printed)
    k = kendall.kendall_tau(x, y, variant=variant)
    se0 = abs(k.tau / k.statistic) * math.sqrt(k.n / n_printed) if k.statistic else float("nan")
    z_ties = printed_value / se0 if se0 > 0 else float("nan")
    return {
        "z_no_ties": abs(printed_value / se_free),
        "p_no_ties": float(two_sided_p(printed_value, se_free)),
        "se0_ties": float(se0), "z_ties": float(abs(z_ties)),
        "p_ties": float(two_sided_p(z_ties)),
        "tau_crit_no_ties": zc * se_free, "tau_crit_ties": float(zc * se0),
        "significant": bool(abs(z_ties) > zc),
    }


def binary_bounds(frame: pd.DataFrame, x: str = "training", y: str = "income") -> dict:
    """How large tau-b and Spearman's rho of a yes/no ``x`` with ``y`` can be in one group.

    With ``x`` binary the pairs untied in ``x`` are the ``n1 n0`` mixed pairs, so ``|C - D| <= n1 n0``
    and ``|tau_b| <= sqrt(n1 n0 / T_y)``; the rho bound follows from the Mann-Whitney form of the
    difference of mean ranks (derivations: :mod:`sunshine.synth.targets`).

    Parameters
    ----------
    frame : pandas.DataFrame
        The group's persons; rows missing ``x`` or ``y`` are left out.
    x, y : str, default "training", "income"
        Columns of the yes/no (0/1) variable and of the other.

    Returns
    -------
    dict
        ``n, n1, n0, p, pairs, t_y`` (persons, ones and zeros of ``x``, share of ones, ``n(n-1)/2``,
        pairs untied in ``y``); ``tau_bound`` (``sqrt(n1 n0 / T_y)``, capped at 1);
        ``tau_bound_continuous`` (``sqrt(2p(1-p))``, large n, no ties in ``y``); ``rho_bound``
        (``sqrt(3 n1 n0 / (n^2 - 1))``, capped at 1); ``rho_over_tau`` (``sqrt(3n / (2(n+1)))``,
        the largest ``|rho| / |tau_b|``); the recomputed ``tau`` and ``rho``. NaN where undefined.
    """
    ok = frame[[x, y]].dropna()
    xv, yv = ok[x].to_numpy(float), ok[y].to_numpy(float)
    n = len(xv)
    n1, n0 = int((xv == 1).sum()), int((xv == 0).sum())
    p = n1 / n if n else float("nan")
    from scipy import stats

    return {
        "n": n, "n1": n1, "n0": n0, "p": p, "pairs": n * (n - 1) / 2, "t_y": tg.pairs_untied(yv),
        "tau_bound": tg.binary_tau_b_bound(xv, yv),
        "tau_bound_continuous": float(np.sqrt(2 * p * (1 - p))),
        "rho_bound": float(min(1.0, np.sqrt(3 * n1 * n0 / (n ** 2 - 1)))) if n > 1 else float("nan"),
        "rho_over_tau": tg.spearman_over_tau_bound(n) if n else float("nan"),
        "tau": kendall.kendall_tau(xv, yv).tau if n > 1 else float("nan"),
        "rho": float(stats.spearmanr(xv, yv).statistic) if n > 2 else float("nan"),
    }


def slope_reading(b: float, r: float) -> dict:
    """What the printed "b" and "r" would mean as a regression slope and a Pearson correlation.

    Regressing income on yes/no training, ``b = r sd_y / sd_x`` with ``sd_x = sqrt(p(1-p)) <= 1/2``,
    so ``sd_y <= |b / r| / 2`` in the units of ``b`` (Freedman et al. 2007).

    Parameters
    ----------
    b, r : float
        The printed "b" (slope of income on training) and "r" (Pearson's correlation).

    Returns
    -------
    dict
        ``ratio`` (``|b / r| = sd_y / sd_x``; NaN when ``r`` is 0), ``sd_y_max`` (``|b / r| / 2``)
        and ``r_squared``.

    Examples
    --------
    >>> round(slope_reading(-0.916, -0.925)["sd_y_max"], 3)
    0.495
    """
    ratio = b / r if r else float("nan")
    return {"ratio": abs(ratio), "sd_y_max": abs(ratio) * 0.5, "r_squared": r * r}


def printed_as_read(name: str) -> pd.DataFrame:
    """A printed table as the book reads it: garbled prints replaced by their readings (strings).

    Parameters
    ----------
    name : str
        A table of ``data/published`` (``"table1"``, ``"table2"``).

    Returns
    -------
    pandas.DataFrame
        Square, dtype object, variables in printed order: each cell the print, or for a print read
        as garbled (reading ``"corrected"``) its reading with the stars read; missing where none.
    """
    rows = published.load_table(name)
    order = list(dict.fromkeys(rows["column_var"]))
    out = pd.DataFrame(None, index=order, columns=order, dtype=object)
    for r in rows.itertuples():
        out.loc[r.row_var, r.column_var] = (
            r.printed if r.reading != "corrected"
            else tables.format_coef(r.value, int(r.decimals)) + "*" * int(r.stars_read))
    return out


def bound_figure(groups: dict[str, tuple[dict, float]]):
    """The largest |tau-b| of a yes/no variable against its share, with each group and its print.

    Parameters
    ----------
    groups : dict of str to tuple of (dict, float)
        Group name to ``(binary_bounds(...), printed value)``; the first two are drawn.

    Returns
    -------
    matplotlib.figure.Figure
        The curve ``sqrt(2p(1-p))``, a line at each group's printed |b| and a point at its share
        trained and bound in the data.
    """
    import matplotlib.pyplot as plt

    from sunshine.report.figures import OKABE_ITO as colours

    grid = np.linspace(0, 1, 401)
    fig, ax = plt.subplots(figsize=(6.8, 4.8), layout="constrained")
    ax.plot(grid, np.sqrt(2 * grid * (1 - grid)), color=colours["black"], lw=1.8,
            label=r"largest $|\tau_b|$: $\sqrt{2p(1-p)}$")
    styles = [(colours["vermillion"], "--", "o"), (colours["blue"], ":", "s")]
    for (name, (b, printed)), (colour, ls, marker) in zip(groups.items(), styles):
        ax.axhline(abs(printed), color=colour, ls=ls, lw=1.5,
                   label=f"{name}: printed |b| = {tables.format_coef(abs(printed))}")
        ax.plot([b["p"]], [b["tau_bound"]], marker=marker, color=colour, ms=8, ls="none",
                label=f"{name} in the data: p = {b['p']:.2f}, bound {tables.format_coef(b['tau_bound'])}")
    ax.set_xlabel("share trained, p")
    ax.set_ylabel(r"$|\tau_b|$ of training with income")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def cluster_comparison(res) -> pd.DataFrame:
    """Per pair: tau, SPSS's ASE1 and the household-clustered SE, their ratio and both intervals.

    Parameters
    ----------
    res : sunshine.kendall.KendallResult
        A Kendall matrix computed with ``cluster=``.

    Returns
    -------
    pandas.DataFrame
        :meth:`~sunshine.kendall.KendallResult.to_long` with ``ratio = se_cluster / ase``
        (Cameron & Miller 2015).
    """
    long = res.to_long()
    long["ratio"] = long["se_cluster"] / long["ase"]
    return long


def interval_change(before: tuple[float, float], after: tuple[float, float], digits: int = 3) -> str:
    """How an interval changes, in words; never states a non-change as a move.

    Parameters
    ----------
    before, after : tuple of float
        ``(low, high)`` of the first and the second interval.
    digits : int, default 3
        Decimals compared and written.

    Returns
    -------
    str

    Examples
    --------
    >>> interval_change((0.765, 0.819), (0.7651, 0.8189))
    'is [.765, .819] either way, the same to 3 decimals'
    >>> interval_change((0.70, 0.80), (0.68, 0.82))
    'widens from [.700, .800] to [.680, .820]'
    """
    fmt = [tables.format_coef(v, digits) for v in (*before, *after)]
    if fmt[:2] == fmt[2:]:
        return f"is [{fmt[0]}, {fmt[1]}] either way, the same to {digits} decimals"
    verb = "widens" if (after[1] - after[0]) > (before[1] - before[0]) else "narrows"
    return f"{verb} from [{fmt[0]}, {fmt[1]}] to [{fmt[2]}, {fmt[3]}]"


def text_pair(population: str) -> dict:
    """The "b" and "r" of training with income the paper's text prints for one group.

    Parameters
    ----------
    population : {"stayers", "migrants"}
        The group, as ``data/published/text_coefficients.csv`` names it.

    Returns
    -------
    dict
        ``b, r`` (as read), ``b_printed, r_printed`` (the prints, ``"b=-.916**"``), ``r_stars``.
    """
    tc = published.load_table("text_coefficients")
    tc = tc[(tc["reading"] != "qualitative") & (tc["population"] == population)].set_index("statistic")
    pb, pr = tc.loc["tau_b"], tc.loc["spearman_rho"]
    return {"b": float(pb["value"]), "r": float(pr["value"]), "b_printed": str(pb["printed"]),
            "r_printed": str(pr["printed"]), "r_stars": int(pr["stars_printed"])}


def rho_max_given_tau(tau: float, rho_over_tau: float) -> float:
    """The largest |Spearman's rho| a yes/no variable can have given its |tau-b|: ``min(1, ratio |tau|)``.

    Parameters
    ----------
    tau : float
    rho_over_tau : float
        The largest ``|rho| / |tau_b|`` at the group's n, ``sqrt(3n / (2(n+1)))``.

    Returns
    -------
    float
    """
    return float(min(1.0, rho_over_tau * abs(tau)))


def spearman_pvalue(r: float, n: int) -> float:
    """Two-sided p-value of Spearman's rho by the t approximation ``r sqrt((n-2)/(1-r^2))``, n - 2 df (Zar 1972).

    Parameters
    ----------
    r : float
    n : int
        Persons with both values; NaN below 3.

    Returns
    -------
    float
    """
    if n <= 2 or abs(r) >= 1:
        return float("nan") if n <= 2 else 0.0
    from scipy import stats

    return float(2 * stats.t.sf(abs(r) * np.sqrt((n - 2) / (1 - r * r)), n - 2))


def bound_phrase(printed: float, bound: float) -> str:
    """Whether a printed |coefficient| is within a bound, as a verb phrase for the chapter.

    Parameters
    ----------
    printed : float
    bound : float
        The largest |value| the data's margins allow (:func:`binary_bounds`).

    Returns
    -------
    str
    """
    return "cannot be attained on these data" if abs(printed) > bound else "could be attained on these data"


def together_phrase(r: float, r_max: float) -> str:
    """Whether a printed r can go with the printed b, given the largest |r| that b allows.

    Parameters
    ----------
    r : float
        The printed r, read as Spearman's rho.
    r_max : float
        The largest |rho| the printed b allows (:func:`rho_max_given_tau`).

    Returns
    -------
    str
    """
    return "cannot go together" if abs(r) > r_max + 1e-12 else "can go together"


def missing_stars_phrase(p: float, level: float) -> str:
    """A clause on an r printed without stars, from its p-value at the data's n.

    Parameters
    ----------
    p : float
        p-value of a rank correlation of the printed size at the data's n (:func:`spearman_pvalue`).
    level : float

    Returns
    -------
    str
        "although ..." (the missing stars are odd) or "and ..." (they could be right).
    """
    from sunshine.report.verdicts import format_p

    if p < level:
        return (f"although at the data's number of migrants a rank correlation of that size has "
                f"{format_p(p)}, far below the paper's level")
    return (f"and at the data's number of migrants a rank correlation of that size has "
            f"{format_p(p)}, so the missing stars could be right")


def unstarred_cells(printed: pd.DataFrame, tau_crit: float) -> pd.DataFrame:
    """The printed off-diagonal cells without stars, and whether each would be starred at a threshold.

    Parameters
    ----------
    printed : pandas.DataFrame
        A table of :func:`sunshine.data.published.load_table`.
    tau_crit : float
        The smallest |tau| significant at the chapter's level for the n considered.

    Returns
    -------
    pandas.DataFrame
        The unstarred cells with ``would_be_starred = |value| > tau_crit``.
    """
    cells = printed[(~printed["is_diagonal"]) & (printed["stars_printed"] == 0)].copy()
    cells["would_be_starred"] = cells["value"].abs() > tau_crit
    return cells


def which_n_phrase(flips_printed_n: int, flips_data_n: int) -> str:
    """What Table II's unstarred cells say about its n, from the counts that would be starred at each n."""
    return {(True, False): "fit the number of migrants and not the printed n",
            (False, True): "fit the printed n and not the number of migrants",
            (False, False): "fit either n, so they cannot tell which n was used",
            (True, True): "fit neither n"}[bool(flips_printed_n), bool(flips_data_n)]


def stars_n_sentence(no_ties: tuple[int, int], ties: tuple[int, int]) -> str:
    """Whether the missing stars of Table II settle its n, from both null variances.

    Parameters
    ----------
    no_ties, ties : tuple of (int, int)
        Unstarred cells significant ``(at the printed n, at the data's number of migrants)``, by the
        no-ties formula and with the data's ties.

    Returns
    -------
    str
        The variances agree (and what they say), or the stars do not settle the n.
    """
    a, b = which_n_phrase(*no_ties), which_n_phrase(*ties)
    if a == b:
        return f"Both variances agree: the missing stars {a}."
    return (f"The two variances disagree (without ties the missing stars {a}; with the data's ties they "
            f"{b}), so the stars alone do not settle which n Table II was computed on: that depends on "
            "how the survey coded these variables and on the null variance SPSS used (chapter 5).")


def lean(verdict) -> str:
    """Which way a verdict's evidence leans: how many numbers are for and against the hypothesis.

    Parameters
    ----------
    verdict : Verdict

    Returns
    -------
    str
        ``"leans against it (...)"``, ``"leans towards it (...)"`` or ``"leans neither way (...)"``.

    Examples
    --------
    >>> from sunshine.report.verdicts import Verdict
    >>> lean(Verdict("mixed", "", ("a",), ("b", "c")))
    'leans against it (one for, two against)'
    """
    from sunshine.report.chapter import in_words

    n_for, n_against = len(verdict.supports), len(verdict.contradicts)
    way = ("against it" if n_against > n_for else "towards it" if n_for > n_against else "neither way")
    n_for, n_against = (in_words(k) if k else "none" for k in (n_for, n_against))
    return f"leans {way} ({n_for} for, {n_against} against)"


def printed_verdict_cell(check) -> str:
    """The printed-numbers cell of a verdict table; says so when the paper printed no number."""
    evidence = check.printed_evidence
    if all(not math.isfinite(e.tau) for e in evidence):
        return (f"no number printed (the paper reports in words that it found no significant "
                f"association; the rule reads that as **{check.printed.label}**)")
    return f"**{check.printed.label}** ({'; '.join(f'{e.label}: {e.status}' for e in evidence)})"


def _se_table(long: pd.DataFrame, labels, ch, confidence: float, caption: str, label: str) -> str:
    """Per pair: tau, both standard errors, their ratio and both Wald intervals, as a MyST table."""
    fmt = tables.format_coef
    rows = [[f"{labels[r.row]} × {labels[r.column]}", fmt(r.tau), fmt(r.ase, 4), fmt(r.se_cluster, 4),
             f"{r.ratio:.2f}", f"[{fmt(r.ci_low)}, {fmt(r.ci_high)}]",
             f"[{fmt(r.ci_cluster_low)}, {fmt(r.ci_cluster_high)}]"] for r in long.itertuples()]
    conf = f"{confidence:.0%}"
    return tables.list_table(
        ["Pair", f"tau-{ch.params.tau_variant}", "SE (independent)", "SE (households)", "Ratio",
         f"{conf} CI (independent)", f"{conf} CI (households)"], rows, caption, label)


def table2_cluster_table(long: pd.DataFrame, labels, ch, *, label: str) -> str:
    """Table II's standard errors among migrants: SPSS's and the household-clustered, ratio and intervals.

    Parameters
    ----------
    long : pandas.DataFrame
        :func:`cluster_comparison` of Table II recomputed with ``cluster="household_id"``.
    labels : mapping of str to str
    ch : Chapter
    label : str

    Returns
    -------
    str
        A MyST list-table, one row per pair.
    """
    return _se_table(
        long, labels, ch, 1 - ch.level,
        f"Standard errors of Table II's coefficients among the migrants of {ch.data_name}: SPSS's "
        "asymptotic standard error (persons independent) and the household-clustered one, their ratio, "
        "and the Wald interval from each. On synthetic data the clustered errors follow the generator's "
        "assumed within-household dependence (A).", label)


def verdicts_table(checks, ch, *, label: str, extra_rows=()) -> str:
    """Chapter 6's hypotheses table: the paper's conclusion, the printed and the recomputed verdicts.

    Parameters
    ----------
    checks : iterable of sunshine.report.chapter.Check
    ch : Chapter
    label : str
    extra_rows : iterable of (str, str)
        ``(row name, printed-numbers cell)`` rows added at the end.

    Returns
    -------
    str
        A MyST list-table; the printed column says so where the paper printed no number.
    """
    from sunshine.report.chapter import judged_table

    return judged_table(checks, ch, label=label, lead="Hypotheses", printed_cell=printed_verdict_cell,
                        extra_rows=extra_rows)


def stayers_migrants_table(groups: dict[str, dict], ch, *, label: str) -> str:
    """Training and income among stayers and migrants: printed, recomputed, largest possible value.

    Parameters
    ----------
    groups : dict of str to dict
        :func:`binary_bounds` per group (``"stayers"``, ``"migrants"``).
    ch : Chapter
    label : str

    Returns
    -------
    str
        A MyST list-table: per group, tau-b and Spearman's r as printed, recomputed (with its ledger
        mark), and the largest |value| the group's margins allow.
    """
    from sunshine.synth.ledger import Quantity

    fmt, pair, rows = tables.format_coef, ("training", "income"), []
    for pop, b in groups.items():
        t = text_pair(pop)
        rows.append([f"{pop.capitalize()} (n = {b['n']:,}; trained {b['n1']:,})",
                     f"tau-{ch.params.tau_variant}", tables.escape(t["b_printed"]),
                     fmt(b["tau"]) + ch.mark(Quantity("tau", pair, pop)), fmt(b["tau_bound"])])
        rows.append(["", "Spearman's r", tables.escape(t["r_printed"]),
                     fmt(b["rho"]) + ch.mark(Quantity("rho", pair, pop)),
                     f"{fmt(b['rho_bound'])}; given the printed b: "
                     f"{fmt(rho_max_given_tau(t['b'], b['rho_over_tau']))}"])
    caption = ("Training and income among stayers and migrants: the coefficients printed in the paper's "
               f"text, the ones recomputed on {ch.data_name}, and the largest absolute value any data "
               "with the sample's numbers of trained and untrained persons and its income ties could "
               "give (a correlation never exceeds 1). " + ch.ledger.legend())
    return tables.list_table(["Group", "Statistic", "Printed", "Recomputed", "Largest possible |value|"],
                             rows, caption, label)


def cluster_table(res, labels, ch, *, label: str) -> str:
    """Table I's standard errors: SPSS's ASE1 and the household-clustered SE, ratio and Wald intervals.

    Parameters
    ----------
    res : sunshine.kendall.KendallResult
        Table I recomputed with ``cluster="household_id"``.
    labels : mapping of str to str
    ch : Chapter
    label : str

    Returns
    -------
    str
        A MyST list-table, one row per pair: tau, both SEs, their ratio, ``tau +/- z se`` from each.
    """
    return _se_table(
        cluster_comparison(res), labels, ch, res.confidence,
        f"Standard errors of Table I's coefficients on {ch.data_name}: SPSS's asymptotic standard error "
        f"(ASE1, persons independent) and the household-clustered standard error "
        f"({ch.data['household_id'].nunique():,} households), their ratio, and the Wald confidence "
        "intervals from each. On synthetic data the clustered errors follow the generator's assumed "
        "within-household dependence (A).", label)


AGE_BAND = (14, 60)
"""The paper's text: "individuals between the ages of 14 and 60 are more likely to be associated with migration"."""


def text_claims_table(rows, ch, *, label: str) -> str:
    """The table of the claims of the text: claim, pair, tau with stars, p.

    Parameters
    ----------
    rows : list of list
        ``[claim, pair, tau, pvalue]``, one per claim the chapter checks.
    ch : Chapter
    label : str

    Returns
    -------
    str
    """
    from sunshine.report.verdicts import format_p

    body = [[claim, pair, (tables.format_coef(tau) + tables.escape(tables.stars(p, ch.params.alpha_levels)))
             if np.isfinite(tau) else ".", format_p(p)] for claim, pair, tau, p in rows]
    return tables.list_table(["Claim in the text", "Pair", f"tau-{ch.params.tau_variant}", "p"], body,
                             f"The paper's claims about who migrates that have no table, checked on "
                             f"{ch.data_name}. Stars: significant at the {tables.format_coef(ch.level, 2)} "
                             "level (2-tailed).", label)


def tie_groups(values) -> np.ndarray:
    """Sizes of the groups of equal values among the non-missing ``values`` (groups of one included).

    Parameters
    ----------
    values : array-like
        One variable.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> tie_groups([0, 1, 1, 2, 2, 2]).tolist()
    [1, 2, 3]
    """
    return pd.Series(values).dropna().value_counts(sort=False).sort_index().to_numpy()


def printed_star_audit(name: str, data: pd.DataFrame, level: float) -> pd.DataFrame:
    """Each printed off-diagonal coefficient of a table, tested at its printed n under both null variances.

    SPSS gives tau-b a two-tailed significance from ``z = S / sqrt(var0(S))``; whether ``var0`` is
    corrected for ties is not stated (IBM 2025), so both are computed
    (:func:`sunshine.kendall.inference.tau_b_null_z`), with the data's ties rescaled to the printed n.

    Parameters
    ----------
    name : str
        ``"table1"`` or ``"table2"``.
    data : pandas.DataFrame
        The persons whose ties stand in for the survey's (all for Table I, the migrants for Table II).
    level : float
        The two-tailed significance level of the stars.

    Returns
    -------
    pandas.DataFrame
        One row per printed numeric cell: ``row_var, column_var, pair, printed, stars_printed, value,
        n_printed, z_ties, z_no_ties, sig_ties, sig_no_ties, depends`` (the two variances disagree).
    """
    from sunshine.kendall.inference import tau_b_null_z

    rows = published.load_table(name)
    rows = rows[~rows["is_diagonal"] & rows["value"].notna() & (rows["value"].abs() <= 1)]
    zc = z_critical(level)
    out = []
    for r in rows.itertuples():
        both = data[[r.row_var, r.column_var]].dropna()
        scale = r.n_printed / len(both) if len(both) else float("nan")
        tx, ty = (tie_groups(both[c]) * scale for c in (r.row_var, r.column_var))
        z_t, z_n = (tau_b_null_z(r.value, r.n_printed, tx, ty, tie_corrected=c) for c in (True, False))
        out.append(dict(row_var=r.row_var, column_var=r.column_var, pair=f"{r.row_label} × {r.column_label}",
                        printed=r.printed, stars_printed=int(r.stars_printed), value=float(r.value),
                        n_printed=int(r.n_printed), z_ties=z_t, z_no_ties=z_n,
                        sig_ties=bool(abs(z_t) > zc), sig_no_ties=bool(abs(z_n) > zc)))
    frame = pd.DataFrame(out)
    frame["depends"] = frame["sig_ties"] != frame["sig_no_ties"]
    return frame


def variance_dependence(audit: pd.DataFrame) -> str:
    """Which printed cells' stars depend on the null variance SPSS used, in words.

    Parameters
    ----------
    audit : pandas.DataFrame
        :func:`printed_star_audit`.

    Returns
    -------
    str

    Examples
    --------
    >>> variance_dependence(pd.DataFrame({"pair": ["A × B"], "printed": [".05"], "depends": [False]}))
    'No printed cell changes its significance with the choice of variance: these conclusions do not depend on it.'
    """
    hit = audit[audit["depends"]]
    if hit.empty:
        return ("No printed cell changes its significance with the choice of variance: these conclusions "
                "do not depend on it.")
    cells = "; ".join(f"{r.pair} (printed `{r.printed}`)" for r in hit.itertuples())
    return (f"The significance of {len(hit)} printed cell{'s' if len(hit) > 1 else ''} depends on the choice: "
            f"{cells}. What the book concludes about {'their' if len(hit) > 1 else 'its'} stars holds only "
            "under the variance named.")


def star_conclusion(significant: bool | None) -> str:
    """What a missing pair of stars means, given whether the printed size is significant at the printed n.

    Parameters
    ----------
    significant : bool or None
        The printed coefficient is significant at its n with the data's ties; None when the data cannot
        say (a variable takes one value in the selection, so its ties leave no variance).

    Returns
    -------
    str

    Examples
    --------
    >>> star_conclusion(True)[:40]
    'A coefficient of the printed size at the'
    >>> star_conclusion(None).endswith("the missing stars cannot be judged on these data.")
    True
    """
    if significant is None:
        return ("In this selection one of the two variables takes a single value, so its ties cannot be "
                "set against the printed coefficient: the missing stars cannot be judged on these data.")
    if significant:
        return ("A coefficient of the printed size at the printed n cannot fail the paper's test under either "
                "variance, so the stars cannot honestly be missing.")
    return ("With these ties, a coefficient of the printed size would not reach the paper's level at the "
            "printed n, so the missing stars could be right.")


def differing_cells(compared: pd.DataFrame, labels) -> str:
    """The cells where a recomputed table differs from the print, as a list for prose.

    Parameters
    ----------
    compared : pandas.DataFrame
        :func:`sunshine.report.tables.compare_published`.
    labels : mapping of str to str

    Returns
    -------
    str
        ``"A × B (printed `x`, recomputed `y`); ..."`` or ``"none"``.
    """
    parts = [f"{labels[r.row]} × {labels[r.column]} (printed `{r.published}`, recomputed `{r.recomputed}`)"
             for r in compared.itertuples() if r.value_differs or r.marks_differ]
    return "; ".join(parts) if parts else "none"


def agreement_meaning(ledger) -> str:
    """What agreement of a recomputed table with the print means, given where the data come from.

    Parameters
    ----------
    ledger : sunshine.synth.ledger.Ledger
        The chapter's claim ledger.

    Returns
    -------
    str
        A real test on a user's file; "by construction" on the full synthetic sample; nothing
        about the survey on a selection.
    """
    if not ledger.synthetic:
        return "On your data, agreement or disagreement with the printed values is a real test of the paper's numbers."
    if ledger.selection == "full":
        return ("The synthetic data were built to reproduce the printed values, so agreement in value holds by "
                "construction (marked R) and shows only that the printed table is possible. The rows that "
                "differ are the interesting ones: they are the printed oddities audited below.")
    return ("The synthetic data were built to reproduce the printed values on the full sample only; on the "
            "sub-sample this run selects, the coefficients are assumed or unconstrained (A, U) and the "
            "differences say nothing about the survey.")


def marks_changed(res, levels) -> list[tuple[str, str]]:
    """Pairs of a Kendall matrix whose significance marks differ between SPSS's and the clustered p-values.

    Parameters
    ----------
    res : sunshine.kendall.KendallResult
        Computed with ``cluster=``.
    levels : mapping of str to float
        The marks and their levels (``{"**": 0.01}``).

    Returns
    -------
    list of tuple of str
        ``(row, column)`` of each changed pair of the lower triangle.
    """
    from sunshine.report.verdicts import cluster_pvalues

    spss = res.pvalue.map(lambda p: tables.stars(p, levels))
    clus = cluster_pvalues(res).map(lambda p: tables.stars(p, levels))
    cols = list(res.tau.columns)
    return [(a, b) for i, a in enumerate(cols) for b in cols[:i] if spss.loc[a, b] != clus.loc[a, b]]


def cluster_sentence(max_ratio: float, changed, decisive, labels, mark: str = "") -> str:
    """What allowing for households does to the standard errors and to the marks, in words.

    Parameters
    ----------
    max_ratio : float
        The largest ratio of clustered to independent standard error.
    changed : list of tuple of str
        :func:`marks_changed`.
    decisive : set of tuple of str
        The pairs that decide a hypothesis.
    labels : mapping of str to str
    mark : str, optional
        The ratio's ledger mark; when given, the text first says the ratios are an assumption.

    Returns
    -------
    str

    Examples
    --------
    >>> cluster_sentence(1.02, [], {("m", "t")}, {"m": "M", "t": "T"})[:38]
    'A ratio near one does not mean that ho'
    """
    caveat = ("On synthetic data these ratios are not findings: how alike the members of a household are "
              f"is a setting of the generator{mark}, so the width of every household-clustered interval "
              "rests on that assumption. " if mark else "")
    if max_ratio < 1.1:
        text = ("A ratio near one does not mean that households do not matter: the standard error of a rank "
                "correlation depends on how the household members' contributions to concordance vary "
                f"together, and in these data they hardly do{mark}.")
    else:
        text = (f"Allowing for households widens the standard errors by up to {max_ratio - 1:.0%}{mark}: "
                "persons of one household are not independent pieces of evidence.")
    hit = [c for c in changed if c in decisive]
    return caveat + text + (" The marks of the coefficients that decide hypothesis 1 do not change." if not hit else
                            " The marks of coefficients that decide hypothesis 1 change with clustering: "
                            + "; ".join(f"{labels[a]} × {labels[b]}" for a, b in hit) + ".")


def age_bands(data: pd.DataFrame, band: tuple[int, int] = AGE_BAND) -> pd.DataFrame:
    """Persons and migration rates below, inside and above an age band, derived from the data.

    Parameters
    ----------
    data : pandas.DataFrame
        Persons with ``age`` and ``migrated``.
    band : tuple of int, default :data:`AGE_BAND`
        The band's first and last age (inclusive).

    Returns
    -------
    pandas.DataFrame
        Rows ``below, inside, above``: ``label, n, migrants, rate, youngest, oldest`` (NaN when empty).

    Examples
    --------
    >>> age_bands(pd.DataFrame({"age": [20, 30, 65], "migrated": [1, 0, 0]}))["n"].tolist()
    [0, 2, 1]
    """
    lo, hi = band
    ages = data["age"]
    parts = {"below": (ages < lo, f"under {lo}"), "inside": (ages.between(lo, hi), f"{lo}–{hi}"),
             "above": (ages > hi, f"over {hi}")}
    rows = []
    for key, (mask, label) in parts.items():
        sub = data[mask]
        rows.append(dict(band=key, label=label, n=len(sub), migrants=int(sub["migrated"].sum()),
                         rate=float(sub["migrated"].mean()), youngest=float(sub["age"].min()),
                         oldest=float(sub["age"].max())))
    return pd.DataFrame(rows).set_index("band", drop=False)


def age_band_text(bands: pd.DataFrame, mark: str = "") -> str:
    """The persons and migration rate of each age band in words, an empty band said to be empty.

    Parameters
    ----------
    bands : pandas.DataFrame
        :func:`age_bands`.
    mark : str, optional
        The ledger mark of a synthetic share.

    Returns
    -------
    str

    Examples
    --------
    >>> age_band_text(age_bands(pd.DataFrame({"age": [20, 30, 65], "migrated": [1, 0, 0]})))
    'under 14: none in this sample; 14–60: 2 persons, 50% migrated; over 60: 1 person, 0% migrated'
    """
    return "; ".join(f"{r.label}: none in this sample" if r.n == 0 else
                     f"{r.label}: {r.n:,} person{'s' if r.n != 1 else ''}, {r.rate:.0%}{mark} migrated"
                     for r in bands.itertuples())


def attainability_summary(data: pd.DataFrame, level: float) -> dict:
    """How the data meet every printed off-diagonal coefficient: counts for chapter 4's summary.

    Parameters
    ----------
    data : pandas.DataFrame
        The chapter's persons.
    level : float
        The level of the paper's "no significant association" statements.

    Returns
    -------
    dict
        ``n_numeric, n_impossible_print`` and, when the check runs, ``n_unattainable, n_reproduced,
        n_others, n_qualitative, n_qualitative_holds``; else ``error`` (why it could not run).
    """
    from sunshine.synth import assess

    cells = published.load_all()
    numeric = cells[cells["value"].notna() & ~cells["is_diagonal"]]
    out = {"n_numeric": len(numeric), "n_impossible_print": int((numeric["printed_value"].abs() > 1).sum())}
    try:
        a = assess(data, alpha=level)
    except (ZeroDivisionError, ValueError) as exc:  # e.g. a variable constant in this selection
        out["error"] = ("a variable the paper correlates is constant in this selection"
                        if isinstance(exc, ZeroDivisionError) else str(exc))
        return out
    num = a[a["value"].notna()]
    qual = a[a["value"].isna()]
    unattainable = int((~num["attainable"].astype(bool)).sum())
    out.update(n_unattainable=unattainable, n_reproduced=int((num["status"] == "reproduced").sum()),
               n_others=len(num) - unattainable, n_qualitative=len(qual),
               n_qualitative_holds=int((qual["status"] == "qualitative: holds").sum()))
    return out


def attainability_sentence(s: dict) -> str:
    """Chapter 4's sentence on attainability; every impossibility carries its condition (the codebook's coding).

    Parameters
    ----------
    s : dict
        :func:`attainability_summary`.

    Returns
    -------
    str

    Examples
    --------
    >>> attainability_sentence({"error": "x"})
    'The check could not be run on this selection of the data (x).'
    """
    if "error" in s:
        return f"The check could not be run on this selection of the data ({s['error']})."
    done = (f"all {s['n_reproduced']} of the others are reproduced at the precision the paper printed "
            "(by construction: the generator was built to match them)"
            if s["n_reproduced"] == s["n_others"] else
            f"{s['n_reproduced']} of the other {s['n_others']} are reproduced at the precision the paper "
            "printed, and the rest are not (these data were not made to match them)")
    return (f"In these data, {s['n_unattainable']} of them cannot be produced by any data coded as the codebook "
            f"assumes, and {done}. Of the paper's {s['n_qualitative']} statements of \"no significant "
            f"association\", {s['n_qualitative_holds']} hold in these data.")


def star_audit_table(audit: pd.DataFrame, level: float, *, label: str, caption: str) -> str:
    """The table of :func:`printed_star_audit`: each printed cell's z and significance under both variances.

    Parameters
    ----------
    audit : pandas.DataFrame
        :func:`printed_star_audit`.
    level : float
        The significance level of the stars.
    label, caption : str
        The table's MyST label and caption.

    Returns
    -------
    str
    """
    yes = (lambda b: "significant" if b else "not significant")
    rows = [[r.pair, tables.escape(r.printed), f"{abs(r.z_ties):.1f}", yes(r.sig_ties), f"{abs(r.z_no_ties):.1f}",
             yes(r.sig_no_ties), "yes" if r.depends else "no"] for r in audit.itertuples()]
    return tables.list_table(["Pair", "Printed", "|z|, ties corrected", f"at {tables.format_coef(level, 2)}",
                              "|z|, ties ignored", f"at {tables.format_coef(level, 2)}", "Depends on the variance"],
                             rows, caption, label)


def table2_n_sentence(unstarred: pd.DataFrame, n_printed: int) -> str:
    """Whether Table II's unstarred cells would have earned stars at the printed n, naming each cell.

    Parameters
    ----------
    unstarred : pandas.DataFrame
        Rows of :func:`printed_star_audit` for Table II printed without stars.
    n_printed : int
        Table II's printed n.

    Returns
    -------
    str

    Examples
    --------
    >>> table2_n_sentence(pd.DataFrame(columns=["pair"]), 2351)
    'Table II has no unstarred coefficient to test this on.'
    """
    if unstarred.empty:
        return "Table II has no unstarred coefficient to test this on."
    how = {(True, True): "would be significant under either variance",
           (True, False): "would be significant only with the tie-corrected variance",
           (False, True): "would be significant only with the variance that ignores ties",
           (False, False): "would not be significant under either variance"}
    parts = [f"{r.pair.lower()}, printed `{r.printed}`, {how[bool(r.sig_ties), bool(r.sig_no_ties)]} "
             f"(|z| = {abs(r.z_ties):.2f} with the correction, {abs(r.z_no_ties):.2f} without)"
             for r in unstarred.itertuples()]
    flips = sum(bool(r.sig_ties and r.sig_no_ties) for r in unstarred.itertuples())
    verdict = ("so the missing stars cannot tell which n was used" if flips == 0 else
               f"so {flips} of them would have earned stars at that n whichever variance SPSS used; their missing "
               "stars suggest that the table was computed on the migrants only, as its title says")
    return (f"With the ties of the variables involved, at n = {n_printed:,}: " + "; ".join(parts)
            + f", {verdict}.")


def age_band_sentence(bands: pd.DataFrame, ev, claim_text: str) -> str:
    """Chapter 5's verdict on the paper's age band, honest about empty bands.

    Parameters
    ----------
    bands : pandas.DataFrame
        :func:`age_bands`.
    ev : sunshine.report.verdicts.Evidence
        Being inside the band against having migrated.
    claim_text : str
        :meth:`sunshine.report.chapter.Chapter.claim` of the evidence's description.

    Returns
    -------
    str

    Examples
    --------
    >>> b = age_bands(pd.DataFrame({"age": [20, 30], "migrated": [1, 0]}))
    >>> age_band_sentence(b, None, "")
    'The claim cannot be checked on this sample: everyone in it is inside the band.'
    """
    from sunshine.report import verdicts

    if bands.loc["inside", "n"] == 0:
        return "The claim cannot be checked on this sample: nobody in it is inside the band."
    if bands.loc["below", "n"] + bands.loc["above", "n"] == 0:
        return "The claim cannot be checked on this sample: everyone in it is inside the band."
    if not claim_text.startswith("these data cannot judge"):
        verb = "holds" if ev.status == verdicts.SUPPORTS else "fails"
        claim_text = f"the claim {verb}: {claim_text}"
    return claim_text[:1].upper() + claim_text[1:] + "."
