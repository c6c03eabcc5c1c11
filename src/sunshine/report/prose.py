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
