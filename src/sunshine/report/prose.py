"""Pieces of prose that the survey chapters compute: the data note and glued text.

:func:`data_note` writes the admonition each survey chapter opens with, from
the :class:`sunshine.data.sample.Sample` itself, so that it stays true when a reader
reruns the chapter on a file of his or her own: synthetic data get a warning
saying what synthetic means, any other file a note naming it. :func:`glue_md`
glues a sentence computed in a chapter so that ``{glue:md}`` pastes it as
Markdown (a glued ``str`` would be pasted with its quotes).
"""

from __future__ import annotations

from IPython.display import Markdown


def glue_md(key: str, text: str) -> None:
    """Glue ``text`` under ``key``, to be pasted with ``{glue:md}`key```.

    Parameters
    ----------
    key : str
        The glue key.
    text : str
        Markdown (MyST) text.
    """
    from myst_nb import glue

    glue(key, Markdown(text), display=False)


def data_note(sample, *, consequence: str = "") -> str:
    """The chapter's admonition on where its data come from, as MyST Markdown.

    Parameters
    ----------
    sample : sunshine.data.sample.Sample
        The chapter's analysis sample.
    consequence : str, optional
        A sentence on what this means for the chapter's own results.

    Returns
    -------
    str
        A MyST admonition: a warning for synthetic data, a note for any other file.
    """
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
            f"data could.{extra} See {{doc}}`../book/about_data` for the codings and assumptions.\n```\n"
        )
    return (
        "```{admonition} Data used in this run\n:class: note\n\n"
        f"These results come from your data file, {sample.source} ({selection}), not from the "
        "book's synthetic stand-in. The prose below was rewritten from these data by the code; "
        f"the comparisons with the paper's printed numbers still read `data/published/`.{extra}\n```\n"
    )


def direction(ev) -> str:
    """The sign of a recomputed association in words, as its significance allows.

    The one function that writes a direction into a survey chapter's prose, so
    that a rerun where an association reverses can never keep the old word:
    ``"positive"`` or ``"negative"`` only when the evidence is significant (the
    rule of :mod:`sunshine.report.verdicts`), else ``"indistinguishable from
    zero"``.

    Parameters
    ----------
    ev : sunshine.report.verdicts.Evidence
        The recomputed association.

    Returns
    -------
    str
        ``"positive"``, ``"negative"`` or ``"indistinguishable from zero"``.

    Examples
    --------
    >>> from sunshine.report.verdicts import Evidence
    >>> direction(Evidence.recomputed("a", -0.3, 0.05, +1, 0.01))
    'negative'
    """
    import math

    if not (ev.significant and math.isfinite(ev.tau) and ev.tau != 0):
        return "indistinguishable from zero"
    return "positive" if ev.tau > 0 else "negative"


def association(subject: str, ev, *, mark: str = "") -> str:
    """``"training and migration are positively associated (τ-b = .792; ...)"``, from :func:`direction`.

    Parameters
    ----------
    subject : str
        What the clause is about (plural: ``"x and y"``).
    ev : sunshine.report.verdicts.Evidence
        The recomputed association.
    mark : str, optional
        A ledger mark to show after the value (else the record's own).

    Returns
    -------
    str
        ``"{subject} are positively associated (...)"``, ``negatively
        associated`` or ``not distinguishable from unrelated``, with the value,
        its basis and any notes.

    Examples
    --------
    >>> from sunshine.report.verdicts import Evidence
    >>> association("x and y", Evidence.recomputed("x and y", 0.01, 0.05, +1, 0.01))[:52]
    'x and y are not distinguishable from unrelated (τ-b '
    """
    words = {"positive": "positively associated", "negative": "negatively associated",
             "indistinguishable from zero": "not distinguishable from unrelated"}
    from dataclasses import replace

    details = replace(ev, mark=mark or ev.mark).details()
    return f"{subject} are {words[direction(ev)]} ({details})"


def compare_strength(subject: str, a, b, a_name: str, b_name: str) -> str:
    """Whether an association is stronger in one group than another, by the size of tau.

    Says "more" or "less" strongly only when the two clustered intervals do not
    overlap; otherwise that the data cannot tell the two apart.

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

    Notes
    -----
    Non-overlap of two intervals is a conservative test of a difference: two
    intervals can overlap while the difference is significant.

    References
    ----------
    Schenker, N., Gentleman, J. F. (2001). On judging the significance of
        differences by examining the overlap between confidence intervals.
        *The American Statistician* 55(3), 182-186.

    Examples
    --------
    >>> from sunshine.report.verdicts import Evidence
    >>> compare_strength("x and y", Evidence.recomputed("s", -.6, .02, -1, .01),
    ...                  Evidence.recomputed("m", -.3, .02, -1, .01), "stayers", "migrants")[:50]
    'x and y are more strongly associated among stayers'
    """
    from sunshine.report.verdicts import format_tau

    text = f"({a_name}: {format_tau(a.tau)}, {a.basis}; {b_name}: {format_tau(b.tau)}, {b.basis})"
    (a_lo, a_hi), (b_lo, b_hi) = a.interval, b.interval
    if not (a_hi < b_lo or b_hi < a_lo):  # overlapping, or NaN: no order can be read
        return f"the data cannot tell apart the association of {subject} among {a_name} and among {b_name} {text}"
    word = "more" if abs(a.tau) > abs(b.tau) else "less"
    return f"{subject} are {word} strongly associated among {a_name} than among {b_name} {text}"
