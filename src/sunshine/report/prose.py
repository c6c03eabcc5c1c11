"""The prose a rerun can change: the data note and the words the survey chapters glue.

:func:`data_note` writes each survey chapter's opening admonition from its sample, so it stays true
on a reader's own file; the other functions put a number's direction or comparison into words.
"""

from __future__ import annotations

import math
from dataclasses import replace


def data_note(sample, *, consequence: str = "") -> str:
    """The chapter's admonition on where its data come from, as MyST Markdown; ``consequence`` (what
    synthetic data mean for the chapter) is said only of synthetic data."""
    p = sample.parameters
    frame = sample.data
    who = "both genders" if p.gender == "all" else f"{p.gender} persons only"
    selection = (f"{' and '.join(p.provinces)}, ages {p.age_min}–{p.age_max}, {who}: "
                 f"{len(frame):,} persons in {frame['household_id'].nunique():,} households")
    extra = f" {consequence}" if consequence else ""
    if sample.synthetic:
        return (
            "```{admonition} These data are synthetic\n:class: warning\n\n"
            f"The results below are computed on synthetic data from {sample.source} "
            f"({selection}). The survey's microdata are not public. The synthetic file was "
            "generated so that the coefficients the paper printed are reproduced wherever any "
            "data could produce them; nothing in it is an observation of a real person. "
            "Where a recomputed coefficient agrees with the printed one, this shows that the "
            "printed number is *possible*, not that it is *true*; where it cannot agree, no "
            f"data coded as the codebook assumes could.{extra} See {{doc}}`../book/about_data` for the codings "
            "and assumptions.\n```\n"
        )
    return (
        "```{admonition} Data used in this run\n:class: note\n\n"
        f"These results come from your data file, {sample.source} ({selection}), not from the "
        "book's synthetic stand-in. The prose below was rewritten from these data by the code; "
        "the comparisons with the paper's printed numbers still read `data/published/`.\n```\n"
    )


def direction(ev) -> str:
    """The sign of a recomputed association, ``"positive"``/``"negative"`` only when significant, else
    ``"indistinguishable from zero"``: the one writer of a direction into prose.

    >>> from sunshine.report.verdicts import Evidence
    >>> direction(Evidence.recomputed("a", -0.3, 0.05, +1, 0.01))
    'negative'
    """
    if not (ev.significant and math.isfinite(ev.tau) and ev.tau != 0):
        return "indistinguishable from zero"
    return "positive" if ev.tau > 0 else "negative"


def association(subject: str, ev, *, mark: str = "") -> str:
    """``"{subject} are positively/negatively associated (...)"`` or ``"... not distinguishable from
    unrelated (...)"``, by :func:`direction`, with the ledger ``mark`` (default: the record's own).

    >>> from sunshine.report.verdicts import Evidence
    >>> association("x and y", Evidence.recomputed("x and y", 0.01, 0.05, +1, 0.01))[:52]
    'x and y are not distinguishable from unrelated (τ-b '
    """
    words = {"positive": "positively associated", "negative": "negatively associated",
             "indistinguishable from zero": "not distinguishable from unrelated"}
    details = replace(ev, mark=mark or ev.mark).details()
    return f"{subject} are {words[direction(ev)]} ({details})"


def compare_strength(subject: str, a, b, a_name: str, b_name: str) -> str:
    """Whether an association is stronger in one group than another: "more"/"less" only when the clustered intervals do not overlap.

    Non-overlap is a conservative test: intervals can overlap while the difference is significant
    (Schenker & Gentleman 2001, *The American Statistician* 55(3), 182-186).

    Parameters
    ----------
    subject : str
        What is associated (``"x and y"``).
    a, b : sunshine.report.verdicts.Evidence
        The association recomputed in each group, with its clustered interval.
    a_name, b_name : str
        The groups' names (``"stayers"``, ``"migrants"``).

    Returns
    -------
    str
        A clause comparing the two, with both values and their bases.
    """
    from sunshine.report.verdicts import format_tau

    text = f"({a_name}: {format_tau(a.tau)}, {a.basis}; {b_name}: {format_tau(b.tau)}, {b.basis})"
    (a_lo, a_hi), (b_lo, b_hi) = a.interval, b.interval
    if not (a_hi < b_lo or b_hi < a_lo):  # overlapping, or NaN: no order can be read
        return f"the data cannot tell apart the association of {subject} among {a_name} and among {b_name} {text}"
    word = "more" if abs(a.tau) > abs(b.tau) else "less"
    return f"{subject} are {word} strongly associated among {a_name} than among {b_name} {text}"


def threshold_words(z: float, z_crit: float) -> str:
    """How a z statistic stands against the critical value, in words.

    Parameters
    ----------
    z, z_crit : float
        The statistic and the two-tailed critical value.

    Returns
    -------
    str
        ``"far beyond"`` (over three times it), ``"beyond"``, ``"short of"``, or ``"not comparable with"``.

    Examples
    --------
    >>> threshold_words(40.0, 2.576), threshold_words(-3.0, 2.576), threshold_words(1.0, 2.576)
    ('far beyond', 'beyond', 'short of')
    """
    if not math.isfinite(z):
        return "not comparable with"
    return "far beyond" if abs(z) > 3 * z_crit else ("beyond" if abs(z) > z_crit else "short of")


def sample_design(youngest: float, oldest: float, child_age: int = 14) -> str:
    """Which sample design a file follows, read from its ages.

    Parameters
    ----------
    youngest, oldest : float
        The file's youngest and oldest person.
    child_age : int, default 14
        The first age the paper counts as of working age.

    Returns
    -------
    str
        All household members, children included, or persons of working age only, with the ages.

    Examples
    --------
    >>> sample_design(16, 70)
    'persons aged 16 to 70 only, no children: a sample of adults, not of all household members'
    >>> sample_design(0, 88)[:40]
    'all household members, children included'
    """
    if youngest < child_age:
        return f"all household members, children included (ages {youngest:.0f} to {oldest:.0f})"
    return (f"persons aged {youngest:.0f} to {oldest:.0f} only, no children: a sample of adults, "
            "not of all household members")


def compare_words(a: float, b: float, digits: int = 3) -> str:
    """``"larger"``, ``"smaller"`` or ``"the same"``: how ``a`` compares with ``b`` at ``digits`` decimals.

    Parameters
    ----------
    a, b : float
    digits : int, default 3
        Decimals of the comparison (as prose prints them).

    Returns
    -------
    str

    Examples
    --------
    >>> compare_words(0.41, 0.40), compare_words(0.3999, 0.4), compare_words(0.1, 0.2)
    ('larger', 'the same', 'smaller')
    """
    ra, rb = round(a, digits), round(b, digits)
    return "the same" if ra == rb else ("larger" if ra > rb else "smaller")


def width_words(ratio: float) -> str:
    """How wide one interval is against another: ``"wider"`` (ratio > 1.05), ``"narrower"`` (< 0.95) or ``"about as wide"``.

    Parameters
    ----------
    ratio : float
        Width of the second interval over the first.

    Returns
    -------
    str

    Examples
    --------
    >>> width_words(1.4), width_words(0.98), width_words(0.8)
    ('wider', 'about as wide', 'narrower')
    """
    return "wider" if ratio > 1.05 else ("narrower" if ratio < 0.95 else "about as wide")


def largest_change(changes) -> str:
    """The name whose value changes most in absolute size.

    Parameters
    ----------
    changes : mapping of str to float
        Name to change; NaN is ignored, and ValueError when none is finite.

    Returns
    -------
    str

    Examples
    --------
    >>> largest_change({"age": 0.01, "education": -0.2, "training": 0.05})
    'education'
    """
    finite = {k: abs(v) for k, v in changes.items() if math.isfinite(v)}
    if not finite:
        raise ValueError("no finite change to compare")
    return max(finite, key=finite.get)


def pvalue_kind(clustered: bool) -> str:
    """Which p-values a chapter's stars follow, as a noun phrase.

    Parameters
    ----------
    clustered : bool
        The chapter's parameter ``clustered``.

    Returns
    -------
    str

    Examples
    --------
    >>> pvalue_kind(False)
    "SPSS's two-tailed p-value, which treats persons as independent"
    """
    return ("the household-clustered two-tailed p-value (parameter `clustered`)" if clustered else
            "SPSS's two-tailed p-value, which treats persons as independent")


def marks_words(mark: str) -> str:
    """A significance mark in words: ``"the mark `**`"`` or ``"no stars"``.

    Parameters
    ----------
    mark : str
        The mark (``""`` when not significant).

    Returns
    -------
    str

    Examples
    --------
    >>> marks_words("**"), marks_words("")
    ('the mark `**`', 'no stars')
    """
    return f"the mark `{mark}`" if mark else "no stars"
