"""The audit of the printed coefficients: the arithmetic chapters 5 and 6 show the reader.

Each function computes one argument about a printed number (would its stars
hold at its n? can a yes/no variable reach it? what would "b" mean as a
regression slope?) and returns the numbers the chapter glues, so the chapter
keeps one short call per argument and the arithmetic is tested here.

References
----------
Kendall, M., Gibbons, J. D. (1990). *Rank Correlation Methods*, 5th ed.
    London: Edward Arnold (ch. 3 and 4: tau-b, its null variance and bounds).
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pandas as pd
from scipy import special, stats

from sunshine import kendall
from sunshine.data import published
from sunshine.report import tables
from sunshine.synth import targets as tg


__all__ = ["null_se_no_ties", "z_critical", "star_audit", "binary_bounds", "slope_reading",
           "printed_as_read", "bound_figure", "cluster_comparison", "interval_change"]


def null_se_no_ties(n: int) -> float:
    """Standard error of tau under independence without ties: ``sqrt(2(2n+5) / (9n(n-1)))``.

    Kendall & Gibbons (1990), eq. 4.7.

    Parameters
    ----------
    n : int
        Number of persons with both values (at least 2).

    Returns
    -------
    float
        The null standard error of Kendall's tau when neither variable has ties
        (then tau-a = tau-b).

    References
    ----------
    Kendall, M., Gibbons, J. D. (1990). *Rank Correlation Methods*, 5th ed.
        London: Edward Arnold, eq. 4.7.

    Examples
    --------
    >>> round(null_se_no_ties(2351), 5)
    0.01376
    """
    return float(np.sqrt(2 * (2 * n + 5) / (9 * n * (n - 1))))


def z_critical(level: float) -> float:
    """Two-tailed normal critical value: 2.576 at .01.

    Parameters
    ----------
    level : float
        Two-tailed significance level, in (0, 1) (the paper's .01).

    Returns
    -------
    float
        ``z`` with ``P(|Z| > z) = level`` for a standard normal ``Z``:
        ``-Phi^-1(level / 2)`` (:func:`scipy.special.ndtri`).

    References
    ----------
    Abramowitz, M., Stegun, I. A. (1964). *Handbook of Mathematical Functions*.
        Washington: National Bureau of Standards, sec. 26.2 (the normal
        probability function and its percentage points).

    Examples
    --------
    >>> round(z_critical(0.01), 3)
    2.576
    """
    return float(-special.ndtri(level / 2))


def star_audit(printed_value: float, n_printed: int, x, y, level: float, variant: str = "b") -> dict:
    """Would a printed coefficient be significant at its printed n, with and without ties?

    Parameters
    ----------
    printed_value : float
        The coefficient as printed.
    n_printed : int
        The n printed with it.
    x, y : array-like
        The data's two variables, whose ties set the null standard error.
    level : float
        The paper's significance level.
    variant : {"b", "c"}, default "b"
        The Kendall statistic whose null standard error the data give.

    Returns
    -------
    dict
        ``z_no_ties, p_no_ties`` (the textbook formula at ``n_printed``),
        ``se0_ties, z_ties, p_ties`` (the data's null standard error rescaled to
        ``n_printed``), ``tau_crit_no_ties`` and ``tau_crit_ties`` (the smallest
        significant |tau| each way) and ``significant`` (with the data's ties).

    Notes
    -----
    The data's null standard error is ``|tau / z|`` of the recomputed
    coefficient, rescaled by ``sqrt(n / n_printed)`` (the null variance falls
    as ``1/n``); p-values are two-sided normal ones.

    References
    ----------
    Kendall, M., Gibbons, J. D. (1990). *Rank Correlation Methods*, 5th ed.
        London: Edward Arnold, ch. 4 (the null variance of tau with and without ties).
    """
    zc = z_critical(level)
    se_free = null_se_no_ties(n_printed)
    k = kendall.kendall_tau(x, y, variant=variant)
    se0 = abs(k.tau / k.statistic) * math.sqrt(k.n / n_printed) if k.statistic else float("nan")
    z_ties = printed_value / se0 if se0 > 0 else float("nan")
    return {
        "z_no_ties": abs(printed_value / se_free),
        "p_no_ties": float(2 * special.ndtr(-abs(printed_value / se_free))),
        "se0_ties": float(se0), "z_ties": float(abs(z_ties)),
        "p_ties": float(2 * special.ndtr(-abs(z_ties))),
        "tau_crit_no_ties": zc * se_free, "tau_crit_ties": float(zc * se0),
        "significant": bool(abs(z_ties) > zc),
    }


def binary_bounds(frame: pd.DataFrame, x: str = "training", y: str = "income") -> dict:
    """How large tau-b and Spearman's rho of a yes/no ``x`` with ``y`` can be in one group.

    Parameters
    ----------
    frame : pandas.DataFrame
        The group's persons; rows missing ``x`` or ``y`` are left out.
    x : str, default "training"
        Column of the yes/no (0/1) variable.
    y : str, default "income"
        Column of the other variable.

    Returns
    -------
    dict
        ``n, n1, n0, p, pairs, t_y`` (persons with both values, ones and zeros
        of ``x``, share of ones, ``n(n-1)/2`` pairs, pairs untied in ``y``),
        ``tau_bound`` (:func:`sunshine.synth.targets.binary_tau_b_bound`:
        ``sqrt(n1 n0 / T_y)``, capped at 1), ``tau_bound_continuous``
        (``sqrt(2p(1-p))``, the bound when ``y`` has no ties, for large n),
        ``rho_bound`` (``sqrt(3 n1 n0 / (n^2 - 1))``, capped at 1) and
        ``rho_over_tau`` (``sqrt(3n / (2(n+1)))``, the largest ``|rho| / |tau_b|``),
        and the recomputed ``tau`` (tau-b) and ``rho`` (Spearman's); NaN where
        undefined.

    Notes
    -----
    With ``x`` binary, the pairs untied in ``x`` are the ``n1 n0`` mixed pairs,
    so ``|C - D| <= n1 n0`` and ``|tau_b| <= sqrt(n1 n0 / T_y)``; the bounds on
    Spearman's rho follow from the Mann-Whitney form of the difference of mean
    ranks. The derivations are in the docstring of :mod:`sunshine.synth.targets`.

    References
    ----------
    Kendall, M. G. (1945). The treatment of ties in ranking problems.
        *Biometrika* 33(3), 239-251.
    Kendall, M., Gibbons, J. D. (1990). *Rank Correlation Methods*, 5th ed.
        London: Edward Arnold, ch. 3.
    """
    ok = frame[[x, y]].dropna()
    xv, yv = ok[x].to_numpy(float), ok[y].to_numpy(float)
    n = len(xv)
    n1, n0 = int((xv == 1).sum()), int((xv == 0).sum())
    p = n1 / n if n else float("nan")
    rho = stats.spearmanr(xv, yv).statistic if n > 2 else float("nan")
    return {
        "n": n, "n1": n1, "n0": n0, "p": p, "pairs": n * (n - 1) / 2, "t_y": tg.pairs_untied(yv),
        "tau_bound": tg.binary_tau_b_bound(xv, yv),
        "tau_bound_continuous": float(np.sqrt(2 * p * (1 - p))),
        "rho_bound": float(min(1.0, np.sqrt(3 * n1 * n0 / (n ** 2 - 1)))) if n > 1 else float("nan"),
        "rho_over_tau": tg.spearman_over_tau_bound(n) if n else float("nan"),
        "tau": kendall.kendall_tau(xv, yv).tau if n > 1 else float("nan"), "rho": float(rho),
    }


def slope_reading(b: float, r: float) -> dict:
    """What the printed "b" and "r" would mean as a regression slope and a Pearson correlation.

    In a regression of income on a yes/no training variable, the slope is the
    difference of mean incomes, ``b = r * sd_y / sd_x`` with
    ``sd_x = sqrt(p(1-p)) <= 1/2``. So ``sd_y = b / r * sd_x <= |b / r| / 2``:
    income's standard deviation, in the units of ``b``, can be at most that.

    Parameters
    ----------
    b : float
        The printed "b", read as the slope of income on training.
    r : float
        The printed "r", read as Pearson's correlation of the same two variables.

    Returns
    -------
    dict
        ``ratio`` (``|b / r|``, that is ``sd_y / sd_x``; NaN when ``r`` is 0),
        ``sd_y_max`` (``|b / r| / 2``, the largest standard deviation of income
        in the units of ``b``) and ``r_squared`` (``r ** 2``).

    References
    ----------
    Freedman, D., Pisani, R., Purves, R. (2007). *Statistics*, 4th ed.
        New York: Norton, ch. 10-12 (the regression line: slope ``r sd_y / sd_x``).

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
        A table of ``data/published`` (``"table1"``, ``"table2"``), as
        :func:`sunshine.data.published.load_table` reads it.

    Returns
    -------
    pandas.DataFrame
        Square, of dtype object, indexed and columned by the table's variables in
        printed order: each cell the print as a string, or for a print read as
        garbled (reading ``"corrected"``) its reading with the stars read;
        missing where nothing was printed.
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
        Maps a group name to ``(binary_bounds(...), printed value)``; the first
        two groups are drawn (two styles).

    Returns
    -------
    matplotlib.figure.Figure
        The curve ``sqrt(2p(1-p))``, a horizontal line at each group's printed
        |b| and a point at its share trained and bound in the data.

    References
    ----------
    The bound is derived in the docstring of :mod:`sunshine.synth.targets`
    (:func:`sunshine.synth.targets.binary_tau_b_bound`).
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
        A Kendall matrix computed with ``cluster=`` (household-clustered
        standard errors and intervals).

    Returns
    -------
    pandas.DataFrame
        :meth:`~sunshine.kendall.KendallResult.to_long` (one row per pair:
        ``row, column, tau, ase, ci_low, ci_high, se_cluster, ci_cluster_low,
        ci_cluster_high``, ...) with ``ratio = se_cluster / ase``.

    References
    ----------
    Cameron, A. C., Miller, D. L. (2015). A practitioner's guide to
        cluster-robust inference. *J. Human Resources* 50(2), 317-372.
    """
    long = res.to_long()
    long["ratio"] = long["se_cluster"] / long["ase"]
    return long


def interval_change(before: tuple[float, float], after: tuple[float, float], digits: int = 3) -> str:
    """How an interval changes, in words; never states a non-change as a move.

    Parameters
    ----------
    before : tuple of float
        ``(low, high)`` of the first interval.
    after : tuple of float
        ``(low, high)`` of the second.
    digits : int, default 3
        Decimals compared and written.

    Returns
    -------
    str
        A verb phrase: ``"is [lo, hi] either way, ..."`` when both intervals
        round alike, else ``"widens from ... to ..."`` or ``"narrows from ... to ..."``.

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


def _text_coefficient(population: str, statistic: str) -> pd.Series:
    tc = published.load_table("text_coefficients")
    tc = tc[(tc["reading"] != "qualitative") & (tc["population"] == population) & (tc["statistic"] == statistic)]
    return tc.iloc[0]


def text_pair(population: str) -> dict:
    """The "b" and "r" of training with income the paper's text prints for one group.

    Parameters
    ----------
    population : {"stayers", "migrants"}
        The group, as ``data/published/text_coefficients.csv`` names it.

    Returns
    -------
    dict
        ``b, r`` (the values as read), ``b_printed, r_printed`` (the prints,
        ``"b=-.916**"``) and ``r_stars`` (the stars printed with r).

    Examples
    --------
    >>> text_pair("migrants")["r_printed"]
    'r=-.406'
    """
    pb, pr = _text_coefficient(population, "tau_b"), _text_coefficient(population, "spearman_rho")
    return {"b": float(pb["value"]), "r": float(pr["value"]), "b_printed": str(pb["printed"]),
            "r_printed": str(pr["printed"]), "r_stars": int(pr["stars_printed"])}


def rho_max_given_tau(tau: float, rho_over_tau: float) -> float:
    """The largest |Spearman's rho| a yes/no variable can have given its |tau-b|: ``min(1, ratio |tau|)``.

    Parameters
    ----------
    tau : float
        The tau-b of the pair.
    rho_over_tau : float
        The largest ``|rho| / |tau_b|`` at the group's n
        (:func:`sunshine.synth.targets.spearman_over_tau_bound`, ``sqrt(3n / (2(n+1)))``).

    Returns
    -------
    float

    Examples
    --------
    >>> round(rho_max_given_tau(-0.304, 1.2), 4)
    0.3648
    """
    return float(min(1.0, rho_over_tau * abs(tau)))


def spearman_pvalue(r: float, n: int) -> float:
    """Two-sided p-value of Spearman's rho by the t approximation ``r sqrt((n-2)/(1-r^2))``, n - 2 df.

    Parameters
    ----------
    r : float
        The coefficient.
    n : int
        Persons with both values; NaN below 3.

    Returns
    -------
    float

    References
    ----------
    Zar, J. H. (1972). Significance testing of the Spearman rank correlation
        coefficient. *J. American Statistical Association* 67(339), 578-580.

    Examples
    --------
    >>> spearman_pvalue(-0.406, 600) < 1e-20
    True
    """
    if n <= 2 or abs(r) >= 1:
        return float("nan") if n <= 2 else 0.0
    return float(2 * stats.t.sf(abs(r) * np.sqrt((n - 2) / (1 - r * r)), n - 2))


def bound_phrase(printed: float, bound: float) -> str:
    """Whether a printed |coefficient| is within a bound, as a verb phrase for the chapter.

    Parameters
    ----------
    printed : float
        The printed coefficient.
    bound : float
        The largest |value| the data's margins allow (:func:`binary_bounds`).

    Returns
    -------
    str
        ``"cannot be attained on these data"`` when ``|printed| > bound``,
        else ``"could be attained on these data"``.

    Examples
    --------
    >>> bound_phrase(-0.916, 0.35)
    'cannot be attained on these data'
    >>> bound_phrase(-0.304, 0.6)
    'could be attained on these data'
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
        ``"cannot go together"`` or ``"can go together"``.

    Examples
    --------
    >>> together_phrase(-0.406, 0.37)
    'cannot go together'
    >>> together_phrase(-0.35, 0.37)
    'can go together'
    """
    return "cannot go together" if abs(r) > r_max + 1e-12 else "can go together"


def missing_stars_phrase(p: float, level: float) -> str:
    """A clause on an r printed without stars, from its p-value at the data's n.

    Parameters
    ----------
    p : float
        The p-value of a rank correlation of the printed size at the data's n
        (:func:`spearman_pvalue`).
    level : float
        The paper's significance level.

    Returns
    -------
    str
        A clause starting "although ..." (the missing stars are odd) or "and ..."
        (they could be right).

    Examples
    --------
    >>> missing_stars_phrase(1e-12, 0.01).startswith("although")
    True
    >>> missing_stars_phrase(0.2, 0.01).endswith("could be right")
    True
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
        A table of :func:`sunshine.data.published.load_table` (columns
        ``is_diagonal, stars_printed, value``).
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
    """What the unstarred cells of Table II say about its n, from how many would be starred at each n.

    Parameters
    ----------
    flips_printed_n, flips_data_n : int
        Unstarred cells that would be significant at the printed n, and at the
        data's number of migrants.

    Returns
    -------
    str
        A verb phrase: which n the missing stars fit.

    Examples
    --------
    >>> which_n_phrase(2, 0)
    'fit the number of migrants and not the printed n'
    >>> which_n_phrase(0, 0)
    'fit either n, so they cannot tell which n was used'
    """
    if flips_printed_n and not flips_data_n:
        return "fit the number of migrants and not the printed n"
    if flips_data_n and not flips_printed_n:
        return "fit the printed n and not the number of migrants"
    if not flips_printed_n:
        return "fit either n, so they cannot tell which n was used"
    return "fit neither n"


def stars_n_sentence(no_ties: tuple[int, int], ties: tuple[int, int]) -> str:
    """Whether the missing stars of Table II settle its n, from both null variances.

    Parameters
    ----------
    no_ties, ties : tuple of (int, int)
        Unstarred cells that would be significant ``(at the printed n, at the
        data's number of migrants)``, by the no-ties formula and with the
        data's ties.

    Returns
    -------
    str
        One sentence: both variances agree (and what they say), or they
        disagree and the stars do not settle the n.

    Examples
    --------
    >>> stars_n_sentence((2, 0), (2, 0))
    'Both variances agree: the missing stars fit the number of migrants and not the printed n.'
    >>> stars_n_sentence((2, 0), (0, 0)).startswith("The two variances disagree")
    True
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
    verdict : sunshine.report.verdicts.Verdict
        A verdict of :func:`sunshine.report.verdicts.hypothesis_verdict`.

    Returns
    -------
    str
        ``"leans against it (one for, two against)"``, ``"leans towards it (...)"``
        or ``"leans neither way (...)"``.

    Examples
    --------
    >>> from sunshine.report.verdicts import Verdict
    >>> lean(Verdict("mixed", "", ("a",), ("b", "c"), ("d",)))
    'leans against it (one for, two against)'
    """
    from sunshine.report.chapter import in_words

    n_for, n_against = len(verdict.supports), len(verdict.contradicts)
    way = ("against it" if n_against > n_for else "towards it" if n_for > n_against else "neither way")
    def count(k):
        return in_words(k) if k else "none"

    return f"leans {way} ({count(n_for)} for, {count(n_against)} against)"


def printed_verdict_cell(check) -> str:
    """The printed-numbers cell of a verdict table; says so when the paper printed no number.

    Parameters
    ----------
    check : sunshine.report.chapter.Check
        A hypothesis check.

    Returns
    -------
    str
        ``"**label** (pair: status; ...)"``, or, when no printed record has a
        number, that the paper printed none and what the rule gives for that.
    """
    evidence = check.printed_evidence
    if all(not math.isfinite(e.tau) for e in evidence):
        return (f"no number printed (the paper reports in words that it found no significant "
                f"association; the rule reads that as **{check.printed.label}**)")
    return f"**{check.printed.label}** ({'; '.join(f'{e.label}: {e.status}' for e in evidence)})"


def table2_cluster_table(long: pd.DataFrame, labels, ch, *, label: str) -> str:
    """Table II's standard errors among migrants: SPSS's and the household-clustered, ratio and intervals.

    Parameters
    ----------
    long : pandas.DataFrame
        :func:`cluster_comparison` of Table II recomputed with ``cluster="household_id"``.
    labels : mapping of str to str
        Display label of each variable.
    ch : sunshine.report.chapter.Chapter
        The open chapter (variant, level, data name).
    label : str
        The table's MyST label.

    Returns
    -------
    str
        A MyST list-table, one row per pair.
    """
    fmt = tables.format_coef
    conf = f"{1 - ch.level:.0%}"
    rows = [[f"{labels[r.row]} × {labels[r.column]}", fmt(r.tau), fmt(r.ase, 4), fmt(r.se_cluster, 4),
             f"{r.ratio:.2f}", f"[{fmt(r.ci_low)}, {fmt(r.ci_high)}]",
             f"[{fmt(r.ci_cluster_low)}, {fmt(r.ci_cluster_high)}]"] for r in long.itertuples()]
    return tables.list_table(
        ["Pair", f"tau-{ch.params.tau_variant}", "SE (independent)", "SE (households)", "Ratio",
         f"{conf} CI (independent)", f"{conf} CI (households)"], rows,
        f"Standard errors of Table II's coefficients among the migrants of {ch.data_name}: SPSS's "
        "asymptotic standard error (persons independent) and the household-clustered one, their ratio, "
        "and the Wald interval from each. On synthetic data the clustered errors follow the generator's "
        "assumed within-household dependence (A).", label)


def verdicts_table(checks, ch, *, label: str, extra_rows=()) -> str:
    """Chapter 6's hypotheses table: the paper's conclusion, the printed and the recomputed verdicts.

    Parameters
    ----------
    checks : iterable of sunshine.report.chapter.Check
        The checks (:meth:`~sunshine.report.chapter.Chapter.check`).
    ch : sunshine.report.chapter.Chapter
        The open chapter (level, data name).
    label : str
        The table's MyST label.
    extra_rows : iterable of (str, str)
        ``(row name, printed-numbers cell)`` rows added at the end (a verdict
        with a reconstructed cell left out).

    Returns
    -------
    str
        A MyST list-table; the printed column says so where the paper printed
        no number (:func:`printed_verdict_cell`).
    """
    from sunshine.report.verdicts import format_level

    rows = [[f"{c.hypothesis.key}: {c.hypothesis.claim}",
             f"{c.hypothesis.paper_label} (the paper {c.hypothesis.paper_words})",
             printed_verdict_cell(c),
             f"**{c.recomputed.label}** ({'; '.join(f'{e.label}: {e.status}' for e in c.recomputed_evidence)})",
             "; ".join(tables.escape(r) for r in c.printed.reconstructions + c.recomputed.reconstructions)
             or "none"] for c in checks]
    rows += [[name, "", cell, "", ""] for name, cell in extra_rows]
    caption = (f"Hypotheses judged by one rule. Printed numbers: significant when printed with the stars "
               f"of the {format_level(ch.level)} level. Recomputed numbers, on {ch.data_name}: significant "
               f"when the {1 - ch.level:.0%} household-clustered interval excludes zero.")
    return tables.list_table(["Hypothesis", "The paper concluded", "Printed numbers", "Recomputed numbers",
                              "Reconstructions and assumptions"], rows, caption, label)


def stayers_migrants_table(groups: dict[str, dict], ch, *, label: str) -> str:
    """Training and income among stayers and migrants: printed, recomputed, largest possible value.

    Parameters
    ----------
    groups : dict of str to dict
        :func:`binary_bounds` per group (``"stayers"``, ``"migrants"``).
    ch : sunshine.report.chapter.Chapter
        The open chapter (variant, ledger marks, data name).
    label : str
        The table's MyST label.

    Returns
    -------
    str
        A MyST list-table (:func:`sunshine.report.tables.list_table`): per group,
        tau-b and Spearman's r as printed, recomputed with its ledger mark, and
        the largest |value| the group's margins allow.
    """
    from sunshine.synth.ledger import Quantity

    rows = []
    for pop, b in groups.items():
        pb, pr = _text_coefficient(pop, "tau_b"), _text_coefficient(pop, "spearman_rho")
        pair = ("training", "income")
        rows.append([f"{pop.capitalize()} (n = {b['n']:,}; trained {b['n1']:,})",
                     f"tau-{ch.params.tau_variant}", tables.escape(pb["printed"]),
                     tables.format_coef(b["tau"]) + ch.mark(Quantity("tau", pair, pop)),
                     tables.format_coef(b["tau_bound"])])
        given_b = min(1.0, b["rho_over_tau"] * abs(pb["value"]))
        rows.append(["", "Spearman's r", tables.escape(pr["printed"]),
                     tables.format_coef(b["rho"]) + ch.mark(Quantity("rho", pair, pop)),
                     f"{tables.format_coef(b['rho_bound'])}; given the printed b: "
                     f"{tables.format_coef(given_b)}"])
    caption = ("Training and income among stayers and migrants: the coefficients printed in the paper's "
               f"text, the ones recomputed on {ch.data_name}, and the largest absolute value any data "
               "with the sample's numbers of trained and untrained persons and its income ties could "
               "give (a correlation never exceeds 1). " + ch.ledger.legend())
    return tables.list_table(["Group", "Statistic", "Printed", "Recomputed", "Largest possible |value|"],
                             rows, caption, label)


def _share(s) -> float:
    """The mean of a 0/1 series (its share of ones); NaN when it is empty."""
    return float(s.mean()) if len(s) else float("nan")


def glue_odd_cells(ch, table1) -> None:
    """Glue chapter 5's audit of the two odd Table I cells (gender × training, education × training).

    Keys: ``z_crit, se0_no_ties, tau_crit_no_ties``; per cell ``odd_{gt,et}_`` +
    ``printed, printed_value, z_no_ties, p_no_ties, se0_ties, z_ties, p_ties,
    marks_data, conclusion``; and ``odd_gt_literal_rounded, odd_gt_read,
    odd_gt_reading_gap``.

    Parameters
    ----------
    ch : sunshine.report.chapter.Chapter
        The open chapter: its data, populations, parameters, level and glue helpers.
    table1 : sunshine.kendall.KendallResult
        Table I recomputed on the chapter's data; its p-values give the data's marks.

    References
    ----------
    Kendall, M., Gibbons, J. D. (1990). *Rank Correlation Methods*, 5th ed.
        London: Edward Arnold, ch. 4 (the null variance of tau, :func:`null_se_no_ties`).
    """
    from sunshine.report.verdicts import format_p

    t1 = published.load_table("table1").set_index(["row_var", "column_var"])
    n_printed = int(t1["n_printed"].iloc[0])
    ch.glue_many({"z_crit": z_critical(ch.level), "se0_no_ties": null_se_no_ties(n_printed),
                  "tau_crit_no_ties": z_critical(ch.level) * null_se_no_ties(n_printed)})
    for key, (a, b) in {"gt": ("training", "gender"), "et": ("training", "education")}.items():
        row = t1.loc[(a, b)]
        au = star_audit(float(row["printed_value"]), n_printed, ch.data[a], ch.data[b], ch.level,
                        ch.params.tau_variant)
        ch.glue_md(f"odd_{key}_printed", f"`{row['printed']}`")
        ch.glue_many({f"odd_{key}_printed_value": float(row["printed_value"]),
                      f"odd_{key}_z_no_ties": au["z_no_ties"], f"odd_{key}_se0_ties": au["se0_ties"],
                      f"odd_{key}_z_ties": au["z_ties"]})
        ch.glue_md(f"odd_{key}_p_no_ties", format_p(au["p_no_ties"]))
        ch.glue_md(f"odd_{key}_p_ties", format_p(au["p_ties"]))
        mark = tables.stars(table1.pvalue.loc[a, b], ch.params.alpha_levels)
        ch.glue_md(f"odd_{key}_marks_data", f"the mark `{mark}`" if mark else "no stars")
        ch.glue_md(f"odd_{key}_conclusion",
                   "A coefficient of the printed size at the printed n cannot fail the paper's test, so "
                   "the stars cannot honestly be missing." if au["significant"] else
                   "With this data's ties, a coefficient of the printed size would not reach the paper's "
                   "level at the printed n, so the missing stars could be right.")
    lit, read = float(t1.loc[("training", "gender"), "printed_value"]), float(t1.loc[("training", "gender"), "value"])
    ch.glue_many({"odd_gt_literal_rounded": round(lit, 3), "odd_gt_read": read,
                  "odd_gt_reading_gap": abs(lit - read)})


def glue_table2_n(ch) -> None:
    """Glue chapter 5's argument on Table II's n: thresholds at the printed n, with and without ties.

    Keys: ``t2_n_printed, t2_n_migrants, t2_n_stayers, tau_crit_printed_n,
    tau_crit_migrants`` (values) and ``t2_n_stars_text`` (Markdown), which gives,
    for each unstarred cell, the smallest significant |tau| with *those
    variables'* ties at the printed n.

    Parameters
    ----------
    ch : sunshine.report.chapter.Chapter
        The open chapter: its data, populations, parameters, level and glue helpers.

    References
    ----------
    Kendall, M., Gibbons, J. D. (1990). *Rank Correlation Methods*, 5th ed.
        London: Edward Arnold, ch. 4 (the null variance of tau, with and without ties).
    """
    t2 = published.load_table("table2")
    n_printed = int(t2["n_printed"].iloc[0])
    mig = ch.populations["migrants"]
    zc = z_critical(ch.level)
    ch.glue_many({"t2_n_printed": n_printed, "t2_n_migrants": len(mig),
                  "t2_n_stayers": len(ch.populations["stayers"]),
                  "tau_crit_printed_n": zc * null_se_no_ties(n_printed),
                  "tau_crit_migrants": zc * null_se_no_ties(max(len(mig), 3))})
    unstarred = t2[(~t2["is_diagonal"]) & (t2["stars_printed"] == 0)]
    parts, flips = [], 0
    for r in unstarred.itertuples():
        au = star_audit(r.value, n_printed, mig[r.row_var], mig[r.column_var], ch.level, ch.params.tau_variant)
        flips += au["significant"]
        parts.append(f"{r.row_label.lower()} × {r.column_label.lower()}, printed `{r.printed}`, would need "
                     f"|τ| above {tables.format_coef(au['tau_crit_ties'], 4)}")
    if not parts:
        text = "Table II has no unstarred coefficient to test this on."
    else:
        verdict = ("so neither would have earned stars even at that n, and the stars cannot tell which n "
                   "was used" if flips == 0 else
                   f"so {flips} of them would have earned stars at that n; their missing stars suggest "
                   "that the table was computed on the migrants only, as its title says")
        text = (f"Ties raise the threshold: with the ties of the variables involved, at n = {n_printed:,}, "
                + "; ".join(parts) + f", {verdict}.")
    ch.glue_md("t2_n_stars_text", text)


def glue_clustering(ch, res, labels) -> None:
    """Glue chapter 5's comparison of SPSS's and the household-clustered standard errors.

    Keys: ``se_ratio_min, se_ratio_max, se_ratio_median,
    se_ratio_training_migrated, ci_training_migrated_high,
    ci_cl_training_migrated_low`` and the other interval ends (values);
    ``ci_training_migrated_text``, ``marks_changed_list``, ``cluster_text``
    (Markdown); ``marks_changed_by_clustering``, ``mean_household_size``.

    Parameters
    ----------
    ch : sunshine.report.chapter.Chapter
        The open chapter: its data, populations, parameters, level and glue helpers.
    res : sunshine.kendall.KendallResult
        Table I recomputed with ``cluster="household_id"``.
    labels : mapping of str to str
        Display label of each variable.

    References
    ----------
    Cameron, A. C., Miller, D. L. (2015). A practitioner's guide to
        cluster-robust inference. *J. Human Resources* 50(2), 317-372.
    """
    from sunshine.report.verdicts import cluster_pvalues

    long = cluster_comparison(res)
    mt = long[(long["row"] == "training") & (long["column"] == "migrated")].iloc[0]
    ch.glue_many({"se_ratio_min": float(long["ratio"].min()), "se_ratio_max": float(long["ratio"].max()),
                  "se_ratio_median": float(long["ratio"].median()),
                  "se_ratio_training_migrated": float(mt["ratio"]),
                  "ci_training_migrated_low": float(mt["ci_low"]), "ci_training_migrated_high": float(mt["ci_high"]),
                  "ci_cl_training_migrated_low": float(mt["ci_cluster_low"]),
                  "ci_cl_training_migrated_high": float(mt["ci_cluster_high"]),
                  "mean_household_size": float(ch.data.groupby("household_id").size().mean())})
    ch.glue_md("ci_training_migrated_text", interval_change((mt["ci_low"], mt["ci_high"]),
                                                           (mt["ci_cluster_low"], mt["ci_cluster_high"])))
    levels = ch.params.alpha_levels
    spss = res.pvalue.map(lambda p: tables.stars(p, levels))
    clus = cluster_pvalues(res).map(lambda p: tables.stars(p, levels))
    cols = list(res.tau.columns)
    changed = [(a, b) for i, a in enumerate(cols) for b in cols[:i] if spss.loc[a, b] != clus.loc[a, b]]
    ch.glue("marks_changed_by_clustering", len(changed))
    ch.glue_md("marks_changed_list", "; ".join(f"{labels[a]} × {labels[b]}" for a, b in changed) or "none")
    h1 = {("migrated", "education"), ("migrated", "training")}
    if long["ratio"].max() < 1.1:
        text = ("A ratio near one does not mean that households do not matter: the standard error of a "
                "rank correlation depends on how the household members' joint contributions to "
                "concordance vary together, and in these data they hardly do (on synthetic data, how "
                "much they do is itself a generator setting, `household_icc`).")
    else:
        text = (f"Allowing for households widens the standard errors by up to "
                f"{long['ratio'].max() - 1:.0%}: persons of one household are not independent pieces of evidence.")
    hit = [c for c in changed if c in h1]
    text += (" The marks of the two coefficients that decide hypothesis 1 do not change." if not hit else
             " The marks of coefficients that decide hypothesis 1 change with clustering: "
             + "; ".join(f"{labels[a]} × {labels[b]}" for a, b in hit) + ".")
    ch.glue_md("cluster_text", text)


def cluster_table(res, labels, ch, *, label: str) -> str:
    """Table I's standard errors: SPSS's ASE1 and the household-clustered SE, ratio and intervals.

    Parameters
    ----------
    res : sunshine.kendall.KendallResult
        Table I recomputed with ``cluster="household_id"``.
    labels : mapping of str to str
        Display label of each variable.
    ch : sunshine.report.chapter.Chapter
        The open chapter (variant, data, data name).
    label : str
        The table's MyST label.

    Returns
    -------
    str
        A MyST list-table, one row per pair: tau, both standard errors, their
        ratio, and the Wald interval ``tau +/- z se`` from each.

    References
    ----------
    Cameron, A. C., Miller, D. L. (2015). A practitioner's guide to
        cluster-robust inference. *J. Human Resources* 50(2), 317-372.
    """
    fmt = tables.format_coef
    rows = [[f"{labels[r.row]} × {labels[r.column]}", fmt(r.tau), fmt(r.ase, 4), fmt(r.se_cluster, 4),
             f"{r.ratio:.2f}", f"[{fmt(r.ci_low)}, {fmt(r.ci_high)}]",
             f"[{fmt(r.ci_cluster_low)}, {fmt(r.ci_cluster_high)}]"]
            for r in cluster_comparison(res).itertuples()]
    conf = f"{res.confidence:.0%}"
    return tables.list_table(
        ["Pair", f"tau-{ch.params.tau_variant}", "SE (independent)", "SE (households)", "Ratio",
         f"{conf} CI (independent)", f"{conf} CI (households)"], rows,
        f"Standard errors of Table I's coefficients on {ch.data_name}: SPSS's asymptotic standard error "
        f"(ASE1, persons independent) and the household-clustered standard error "
        f"({ch.data['household_id'].nunique():,} households), their ratio, and the Wald confidence "
        "intervals from each. On synthetic data the clustered errors follow the generator's assumed "
        "within-household dependence (A).", label)


AGE_BAND = (14, 60)
"""The paper's text: "individuals between the ages of 14 and 60 are more likely to be associated with migration"."""


def glue_text_claims(ch) -> list[list[str]]:
    """Glue chapter 5's checks of the claims without a table; return the rows of their table.

    Keys: ``age_band_low, age_band_high, age_band_n_in, age_band_n_out,
    age_band_rate_in, age_band_rate_out`` (values, the rates also as ``_md``),
    ``age_band_check, gender_check, distance_check, minority_check,
    network_check`` (Markdown), ``tau_distance_migrated, tau_minority_migrated,
    tau_minority_network, n_network, share_network``.

    Parameters
    ----------
    ch : sunshine.report.chapter.Chapter
        The open chapter: its data, populations, parameters, level and glue helpers.

    Returns
    -------
    list of list
        One row per claim, ``[claim, pair, tau, pvalue]``, for :func:`text_claims_table`.
    """
    from sunshine.report import verdicts
    from sunshine.synth.ledger import Quantity

    data = ch.data.assign(age_band=ch.data["age"].between(*AGE_BAND).astype(int))
    inside = data["age_band"] == 1
    rate = (lambda s: float(s.mean()) if len(s) else float("nan"))
    ch.glue_many({"age_band_low": AGE_BAND[0], "age_band_high": AGE_BAND[1],
                  "age_band_n_in": int(inside.sum()), "age_band_n_out": int((~inside).sum())})
    q_band = Quantity("share", ("migrated",), by="age")
    ch.glue_number("age_band_rate_in", rate(data.loc[inside, "migrated"]), ".0%", q_band)
    ch.glue_number("age_band_rate_out", rate(data.loc[~inside, "migrated"]), ".0%", q_band)
    k = kendall.kendall_tau(data["age_band"], data["migrated"], variant=ch.params.tau_variant,
                            cluster=data["household_id"].to_numpy(), confidence=1 - ch.level)
    band = verdicts.Evidence.from_pair("being aged inside the band and having migrated", k, 1, ch.level,
                                       symbol=ch.symbol)
    band = replace(band, mark=ch.mark(Quantity("tau", ("age_band", "migrated"))))
    ch.glue_md("age_band_check",
               "The claim cannot be checked on this sample: everyone in it is inside (or outside) the band."
               if not np.isfinite(k.tau) else _sentence(ch.claim(
                   f"the claim {'holds' if band.status == verdicts.SUPPORTS else 'fails'}: "
                   f"{verdicts.describe(band)}", Quantity("tau", ("age_band", "migrated")))))
    women, men = data["gender"] == 1, data["gender"] == 0
    g = ch.tau("gender", "migrated")
    ch.glue_md("gender_check", verdicts.similar_rates_check(
        rate(data.loc[women, "migrated"]) if women.any() else float("nan"),
        rate(data.loc[men, "migrated"]) if men.any() else float("nan"),
        "women", "men", g.tau, g.pvalue, ch.level, mark=ch.mark(Quantity("share", ("migrated",), by="gender")))[1])
    rows = [["Ages inside the band are associated with migration", "Age band × Migration", k.tau, k.pvalue],
            ["Women and men migrate at similar rates (citing Fan 2008)", "Gender × Migration", g.tau, g.pvalue]]
    for key, label, x, pop, claim, name in (
            ("distance", "distance to a city and migration", "distance_city_km", "all",
             "No significant association of distance to a major city with migration", "Distance × Migration"),
            ("minority", "living in a minority county and migration", "minority_county", "all",
             "No significant association of migration with ethnicity", "Minority county × Migration"),
            ("network", "living in a minority county and finding work through personal networks (migrants "
             "only)", "minority_county", "migrants",
             "No significant association of ethnicity with networks for jobs (migrants)",
             "Minority county × Networks")):
        y = "network_job_info" if key == "network" else "migrated"
        kk = ch.tau(x, y, pop)
        ch.glue(f"tau_{'minority_network' if key == 'network' else key + '_migrated'}", kk.tau)
        ch.glue_md(f"{key}_check", verdicts.no_association_check(label, kk.tau, kk.pvalue, ch.level, ch.symbol)[1])
        rows.append([claim, name, kk.tau, kk.pvalue])
    mig = ch.populations["migrants"]
    ch.glue("n_network", int(mig["network_job_info"].notna().sum()))
    ch.glue_number("share_network", float(mig["network_job_info"].mean()), ".0%",
                   Quantity("share", ("network_job_info",), "migrants"))
    return rows


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + "."


def text_claims_table(rows, ch, *, label: str) -> str:
    """The table of :func:`glue_text_claims`: claim, pair, tau with stars, p.

    Parameters
    ----------
    rows : list of list
        ``[claim, pair, tau, pvalue]`` rows from :func:`glue_text_claims`.
    ch : sunshine.report.chapter.Chapter
        The open chapter (variant, marks' levels, data name).
    label : str
        The table's MyST label.

    Returns
    -------
    str
        A MyST list-table.
    """
    from sunshine.report.verdicts import format_p

    body = [[claim, pair, (tables.format_coef(tau) + tables.escape(tables.stars(p, ch.params.alpha_levels)))
             if np.isfinite(tau) else ".", format_p(p)] for claim, pair, tau, p in rows]
    return tables.list_table(["Claim in the text", "Pair", f"tau-{ch.params.tau_variant}", "p"], body,
                             f"The paper's claims about who migrates that have no table, checked on "
                             f"{ch.data_name}. Stars: significant at the {tables.format_coef(ch.level, 2)} "
                             "level (2-tailed).", label)


def glue_comparison(ch, printed: pd.DataFrame, res, labels, prefix: str) -> None:
    """Glue how a recomputed table compares with the print, cell by cell.

    Keys ``{prefix}_cells, _value_same, _marks_same, _all_same`` (values),
    ``{prefix}_differing`` and ``{prefix}_agreement`` (Markdown: what agreement
    means on these data, from the claim ledger).

    Parameters
    ----------
    ch : sunshine.report.chapter.Chapter
        The open chapter: its data, populations, parameters, level and glue helpers.
    printed : pandas.DataFrame
        The printed table as read (:func:`printed_as_read`).
    res : sunshine.kendall.KendallResult
        The same table recomputed.
    labels : mapping of str to str
        Display label of each variable.
    prefix : str
        Start of the glue keys (``"t1"``).
    """
    cmp = tables.compare_published(printed, res, levels=ch.params.alpha_levels)
    ch.glue_many({f"{prefix}_cells": len(cmp), f"{prefix}_value_same": int((~cmp["value_differs"]).sum()),
                  f"{prefix}_marks_same": int((~cmp["marks_differ"]).sum()),
                  f"{prefix}_all_same": int((~cmp["value_differs"] & ~cmp["marks_differ"]).sum())})
    differing = [f"{labels[r.row]} × {labels[r.column]} (printed `{r.published}`, recomputed `{r.recomputed}`)"
                 for r in cmp.itertuples() if r.value_differs or r.marks_differ]
    ch.glue_md(f"{prefix}_differing", "; ".join(differing) if differing else "none")
    agreement = {
        "observed": "On your data, agreement or disagreement with the printed values is a real test of "
                    "the paper's numbers.",
        "full": "The synthetic data were built to reproduce the printed values, so agreement in value is by "
                "construction (marked R) and shows only that the printed table is possible. The rows that "
                "differ are the interesting ones: they are the printed oddities audited below.",
    }
    key = "observed" if not ch.ledger.synthetic else ("full" if ch.ledger.selection == "full" else "sub")
    ch.glue_md(f"{prefix}_agreement", agreement.get(key, (
        "The synthetic data were built to reproduce the printed values on the full sample only; on the "
        "sub-sample this run selects, the coefficients are assumed or unconstrained (A, U) and the "
        "differences say nothing about the survey.")))


def glue_attainability(ch) -> None:
    """Glue chapter 4's summary of how the data meet every printed off-diagonal coefficient.

    Keys: ``dm_n_numeric`` (printed numeric coefficients off the diagonal: the
    diagonal 1.00s are not findings), ``dm_n_impossible_print`` and
    ``dm_attainability`` (Markdown).

    Parameters
    ----------
    ch : sunshine.report.chapter.Chapter
        The open chapter: its data, populations, parameters, level and glue helpers.
    """
    from sunshine.synth import assess

    cells = published.load_all()
    numeric = cells[cells["value"].notna() & ~cells["is_diagonal"]]
    ch.glue_many({"dm_n_numeric": len(numeric),
                  "dm_n_impossible_print": int((numeric["printed_value"].abs() > 1).sum())})
    try:
        a = assess(ch.data, alpha=ch.level)
    except (ZeroDivisionError, ValueError) as exc:  # e.g. a variable constant in this selection
        why = ("a variable the paper correlates is constant in this selection"
               if isinstance(exc, ZeroDivisionError) else str(exc))
        ch.glue_md("dm_attainability", f"The check could not be run on this selection of the data ({why}).")
        return
    num = a[a["value"].notna()]
    unattainable = num[~num["attainable"].astype(bool)]
    reproduced = num[num["status"] == "reproduced"]
    qual = a[a["value"].isna()]
    holds = int((qual["status"] == "qualitative: holds").sum())
    others = len(num) - len(unattainable)
    done = (f"all {len(reproduced)} of the others are reproduced at the precision the paper printed"
            if len(reproduced) == others else
            f"{len(reproduced)} of the other {others} are reproduced at the precision the paper printed, "
            "and the rest are not (these data were not made to match them)")
    ch.glue_md("dm_attainability",
               f"In these data, {len(unattainable)} of them cannot be produced by any data coded as the "
               f"codebook assumes, and {done}. Of the paper's {len(qual)} statements of \"no significant "
               f"association\", {holds} hold in these data.")
