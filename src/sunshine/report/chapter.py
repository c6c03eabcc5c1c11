"""The scaffold of a survey chapter: one call opens it, and the calls a reader would write.

After its ``parameters`` cell a survey chapter calls ``ch = open_chapter(globals())``, which
validates the parameters, loads the sample and shows the data note; the :class:`Chapter`'s methods
fill in the chapter's variant, level and household clusters, and glue under literal keys (package
functions return values, never glue: ``tests/test_chapter_glue.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Mapping

import pandas as pd

from sunshine import kendall
from sunshine.data import published
from sunshine.data.sample import Sample, load_sample
from sunshine.report import prose, tables, verdicts
from sunshine.runs import parameters
from sunshine.synth.ledger import MARKS, Ledger, Quantity, for_sample

__all__ = ["Chapter", "Check", "open_chapter", "hypotheses_table", "design_facts"]


@dataclass(frozen=True)
class Check:
    """A hypothesis judged by the rule on the printed and on the recomputed numbers."""

    hypothesis: verdicts.Hypothesis
    printed: verdicts.Verdict
    recomputed: verdicts.Verdict
    printed_evidence: tuple
    recomputed_evidence: tuple


@dataclass
class Chapter:
    """What a survey chapter works with (:func:`open_chapter`): its parameters, sample, claim ledger
    and the strictest significance level of its marks (the paper's .01)."""

    params: parameters.ChapterParameters
    sample: Sample
    ledger: Ledger
    level: float

    @property
    def data(self) -> pd.DataFrame:
        """All persons of the sample."""
        return self.sample.data

    @property
    def populations(self) -> dict[str, pd.DataFrame]:
        """``{"all", "migrants", "stayers"}`` frames, as ``data/published`` names them."""
        return {"all": self.sample.data, "migrants": self.sample.migrants, "stayers": self.sample.stayers}

    @property
    def symbol(self) -> str:
        """``τ-b`` (or ``τ-c``), for sentences."""
        return f"τ-{self.params.tau_variant}"

    @property
    def data_name(self) -> str:
        """What a caption says the data are: ``synthetic data (the generator, ...)`` or the file."""
        return (f"synthetic data, not the survey ({self.sample.source})" if self.sample.synthetic
                else f"your data ({self.sample.source})")

    def kendall(self, columns, population: str = "all") -> kendall.KendallResult:
        """Kendall's matrix of ``columns`` in a population: household-clustered, intervals at ``1 - level``, cluster p-values if ``clustered``."""
        res = kendall.kendall_matrix(self.populations[population], list(columns),
                                     variant=self.params.tau_variant, cluster="household_id",
                                     confidence=1 - self.level)
        return verdicts.with_cluster_pvalues(res, self.params.clustered)

    def tau(self, a: str, b: str, population: str = "all") -> kendall.KendallPair:
        """One pair's statistics (:class:`~sunshine.kendall.KendallPair`), p-values as the marks use them."""
        return self.kendall([a, b], population).pair(a, b)

    def check(self, hypothesis: verdicts.Hypothesis | str) -> Check:
        """Judge a hypothesis (``"H1"`` or a :class:`~sunshine.report.verdicts.Hypothesis`) by the rule."""
        if isinstance(hypothesis, str):
            hypothesis = next(h for h in verdicts.HYPOTHESES if h.key == hypothesis)
        printed = verdicts.printed_evidence(hypothesis, published.load_all())
        quantities = [Quantity("tau", (pr.x, pr.y), pr.population) for pr in hypothesis.predictions]
        entries = [self.ledger.classify(q) for q in quantities]
        assumed = {(q.population, *q.variables): e.source
                   for q, e in zip(quantities, entries) if e.cls == "assumed"}
        recomputed = verdicts.recomputed_evidence(hypothesis, self.populations, self.level,
                                                  variant=self.params.tau_variant, assumed=assumed)
        # the ledger mark, and a note when the number says nothing about the survey
        recomputed = [replace(ev, mark=self.mark(q), reconstruction=(
            f"unconstrained on these data ({e.source}): not evidence about the survey"
            if e.cls == "unconstrained" else ev.reconstruction))
            for ev, q, e in zip(recomputed, quantities, entries)]
        return Check(hypothesis, verdicts.hypothesis_verdict(hypothesis.name, printed),
                     verdicts.hypothesis_verdict(hypothesis.name, recomputed),
                     tuple(printed), tuple(recomputed))

    def evidence(self, x: str, y: str, population: str = "all", sign: int = 1) -> verdicts.Evidence:
        """A recomputed association as a verdict record (clustered interval at the chapter's level)."""
        return verdicts.Evidence.from_pair(f"{x} and {y}", self.tau(x, y, population), sign, self.level,
                                           symbol=self.symbol)

    def association(self, subject: str, x: str, y: str, population: str = "all") -> str:
        """:func:`sunshine.report.prose.association` of a pair, with the ledger mark of its tau."""
        return prose.association(subject, self.evidence(x, y, population),
                                 mark=self.mark(Quantity("tau", (x, y), population)))

    def claim(self, text: str, *quantities: Quantity) -> str:
        """``text`` if the quantities can carry a claim about the survey, else a sentence naming what fixes them."""
        for q in quantities:
            entry = self.ledger.classify(q)
            if entry.cls in ("assumed", "unconstrained"):
                what = (f"set by the generator ({entry.source})" if entry.cls == "assumed"
                        else "not constrained by anything printed or assumed")
                return (f"these data cannot judge it: the {q.kind} of {' and '.join(q.variables)} "
                        f"({q.population}) is {entry.cls}{self.mark(q)}, {what}, so it says "
                        "nothing about the survey")
        return text

    def coefficients(self, pairs) -> pd.DataFrame:
        """Printed and recomputed tau-b of ``(label, population, x, y)`` pairs, with class and interval.

        Columns ``label, population, printed, published`` (the print's reading), ``tau, lo, hi, n,
        direction`` (the clustered interval's verdict on the sign), ``cls, mark, plain_mark``.
        """
        cells = published.load_all()
        rows = []
        for label, pop, x, y in pairs:
            k = self.kendall([x, y], pop).pair(x, y)
            cell = verdicts.printed_cell(cells, verdicts.Prediction(label, pop, x, y))
            q = Quantity("tau", (x, y), pop)
            ev = verdicts.Evidence.from_pair(label, k, 1, self.level)
            lo, hi = ev.interval
            rows.append(dict(label=label, population=pop, printed=str(cell["printed"]),
                             published=float(cell["value"]), tau=k.tau, lo=lo, hi=hi, n=k.n,
                             direction=prose.direction(ev), cls=self.ledger.cls(q),
                             mark=self.mark(q), plain_mark=self.ledger.plain_mark(q)))
        return pd.DataFrame(rows).set_index("label", drop=False)

    def mark(self, quantity: Quantity) -> str:
        """The ledger mark of a quantity as MyST (empty on a user's own data)."""
        return self.ledger.mark(quantity)

    def table_note(self, columns, population: str = "all") -> str:
        """A caption sentence giving the ledger class of the coefficients among ``columns`` (empty on a user's data)."""
        if not self.ledger.synthetic:
            return ""
        cols = list(columns)
        by_class: dict[str, list[str]] = {}
        for i, a in enumerate(cols):
            for b in cols[:i]:
                by_class.setdefault(self.ledger.cls(Quantity("tau", (a, b), population)), []).append(f"{a} × {b}")
        if len(by_class) == 1:
            (cls,) = by_class
            return f"Every recomputed coefficient here is {cls} ({MARKS[cls]}). {self.ledger.legend()}"
        parts = [f"{cls} ({MARKS[cls]}): {', '.join(pairs)}" for cls, pairs in by_class.items()]
        return "Recomputed coefficients: " + "; ".join(parts) + ". " + self.ledger.legend()

    def glue(self, key: str, value: Any) -> None:
        """Glue a value for ``{glue:text}`` (and for the tests)."""
        import numpy as np
        from myst_nb import glue

        if isinstance(value, np.generic):  # np.float64 would be glued as "np.float64(...)"
            value = value.item()
        glue(key, value, display=False)

    def glue_md(self, key: str, text: str) -> None:
        """Glue Markdown for ``{glue:md}``."""
        from IPython.display import Markdown
        from myst_nb import glue

        glue(key, Markdown(text), display=False)

    def glue_number(self, key: str, value: float, fmt, quantity: Quantity) -> None:
        """Glue ``value`` under ``key`` and, formatted with its ledger mark, under ``key_md`` (what prose pastes)."""
        self.glue(key, value)
        text = fmt(value) if callable(fmt) else format(value, fmt)
        self.glue_md(f"{key}_md", f"{text}{self.mark(quantity)}")

    def glue_many(self, values: Mapping[str, Any]) -> None:
        """Glue several values at once (``{key: value}``)."""
        for key, value in values.items():
            self.glue(key, value)


def open_chapter(namespace: Mapping[str, Any], *, base: str = ".", consequence: str = "",
                 show_note: bool = True) -> Chapter:
    """Open a survey chapter: validate its parameters, load its sample, show its data note.

    Parameters
    ----------
    namespace : mapping
        The chapter's ``globals()``, holding the names its ``parameters`` cell set.
    base : str
        Folder a relative ``data_path`` is resolved against (the notebook's).
    consequence : str
        A sentence for the data note on what synthetic data mean for this chapter (left out on a user's data).
    show_note : bool
        Display the data note (and the ledger's legend) as the cell's output.

    Returns
    -------
    Chapter

    Raises
    ------
    sunshine.runs.parameters.ParameterError
        Naming the first bad parameter, before anything is computed.
    """
    P = parameters.from_cell(namespace, base=base)
    sample = load_sample(P, base=base)
    ch = Chapter(P, sample, for_sample(sample), verdicts.strictest_alpha(P.alpha_levels))
    if show_note:
        from IPython.display import display

        legend = ch.ledger.legend()
        note = prose.data_note(sample, consequence=(consequence + (" " + legend if legend else "")).strip())
        display(tables.show(note))
    return ch


def recomputed_meaning(ledger: Ledger) -> str:
    """What a verdict on recomputed numbers can say, given where the data come from.

    Parameters
    ----------
    ledger : sunshine.synth.ledger.Ledger

    Returns
    -------
    str
        A test of the paper on a user's data; on synthetic data, only possibility (full sample) or
        nothing about the survey (a selection).

    Examples
    --------
    >>> recomputed_meaning(Ledger(synthetic=False))[:30]
    'On your data the recomputed ve'
    """
    if not ledger.synthetic:
        return "On your data the recomputed verdicts are a test of the paper's hypotheses."
    if ledger.selection == "full":
        return ("On the book's synthetic data, agreement with the prints says only that the prints are "
                "possible: the data were built to reproduce every number these verdicts use (marked R).")
    return ("On this selection of the synthetic data the numbers the verdicts use are not the ones the "
            "data were built to match (marked A or U), so the verdicts say nothing about the survey.")


def coefficients_table(frame: pd.DataFrame, ch: Chapter, *, label: str) -> str:
    """The table of :meth:`Chapter.coefficients`: print, recomputed value with its mark, clustered interval.

    Parameters
    ----------
    frame : pandas.DataFrame
        The output of :meth:`Chapter.coefficients`.
    ch : Chapter
    label : str
        The table's MyST label.

    Returns
    -------
    str
        A MyST list-table, one row per pair.
    """
    fmt = tables.format_coef
    rows = [[r.label, r.population, f"{r.n:,}", tables.escape(r.printed), fmt(r.tau) + r.mark,
             f"{fmt(r.lo)} to {fmt(r.hi)}", r.direction] for r in frame.itertuples()]
    caption = (f"The coefficients behind the paper's conclusions: as printed, and recomputed on "
               f"{ch.data_name}, with the {1 - ch.level:.0%} interval clustered by household. "
               + ch.ledger.legend())
    return tables.list_table(["Pair", "Who", "n", "Printed", f"Recomputed tau-{ch.params.tau_variant}",
                              f"{1 - ch.level:.0%} CI (households)", "Sign"], rows, caption, label)


def evidence_figure(frame: pd.DataFrame):
    """Dot-and-interval chart of :meth:`Chapter.coefficients`: recomputed tau-b, clustered interval, print's reading.

    Parameters
    ----------
    frame : pandas.DataFrame
        :meth:`Chapter.coefficients`.

    Returns
    -------
    matplotlib.figure.Figure
        One row per pair, labelled with its ledger mark (``[A]``) on synthetic data.
    """
    import matplotlib.pyplot as plt
    import numpy as np

    from sunshine.report.figures import OKABE_ITO as colours

    fig, ax = plt.subplots(figsize=(7.5, 3.8))
    y = np.arange(len(frame))[::-1]
    ax.axvline(0, color=colours["grey"], linestyle="--", linewidth=1)
    ax.hlines(y, frame["lo"], frame["hi"], color=colours["blue"], linewidth=2.5, label="Recomputed, clustered CI")
    ax.plot(frame["tau"], y, "o", color=colours["blue"], markersize=7, label="Recomputed tau-b")
    ax.plot(frame["published"], y + 0.22, "D", color=colours["orange"], markersize=6, markeredgecolor="black",
            markeredgewidth=0.6, label="Printed (as read)", linestyle="none")
    ax.set_yticks(y, [f"{r.label}{r.plain_mark}" for r in frame.itertuples()])
    ax.set_xlim(-1, 1)
    ax.set_xlabel("Kendall's tau-b")
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig


def _cell(verdict: verdicts.Verdict, evidence) -> str:
    """One cell of the hypotheses table; a print with no number says so instead of a verdict."""
    import math

    unprinted = [e.source == "printed" and not math.isfinite(e.tau) for e in evidence]
    if evidence and all(unprinted):
        return "**no number printed** (" + "; ".join(e.label for e in evidence) + ")"
    parts = [f"{e.label}: {'no number printed' if u else e.status}" for e, u in zip(evidence, unprinted)]
    return f"**{verdict.label}** ({'; '.join(parts)})"


def judged_table(checks, ch: Chapter, *, label: str, lead: str, printed_cell, extra_rows=()) -> str:
    """The hypotheses judged by the rule as a MyST table; ``printed_cell(check)`` writes the printed column."""
    rows = [[f"{c.hypothesis.key}: {c.hypothesis.claim}",
             f"{c.hypothesis.paper_label} (the paper {c.hypothesis.paper_words})",
             printed_cell(c), _cell(c.recomputed, c.recomputed_evidence),
             "; ".join(tables.escape(r) for r in c.printed.reconstructions + c.recomputed.reconstructions)
             or "none"] for c in checks]
    rows += [[name, "", cell, "", ""] for name, cell in extra_rows]
    caption = (f"{lead} judged by one rule. Printed numbers: significant when printed with the stars "
               f"of the {verdicts.format_level(ch.level)} level. Recomputed numbers, on {ch.data_name}: "
               f"significant when the {1 - ch.level:.0%} household-clustered interval excludes zero.")
    return tables.list_table(["Hypothesis", "The paper concluded", "Printed numbers", "Recomputed numbers",
                              "Reconstructions and assumptions"], rows, caption, label)


def hypotheses_table(checks, ch: Chapter, *, label: str = "tbl-hypotheses") -> str:
    """The H1-H3 table: the paper's conclusion, what its printed and the recomputed numbers support, reconstructions.

    Parameters
    ----------
    checks : iterable of Check
        The chapter's checks (:meth:`Chapter.check`).
    ch : Chapter
    label : str, default "tbl-hypotheses"
        The table's MyST label.

    Returns
    -------
    str
        A MyST list-table, one row per hypothesis.
    """
    return judged_table(checks, ch, label=label, lead="The paper's three hypotheses",
                        printed_cell=lambda c: _cell(c.printed, c.printed_evidence))


WORDS = "zero one two three four five six seven eight nine ten".split()


def in_words(n: int) -> str:
    """Small whole numbers as words, as prose writes them: ``"zero"`` to ``"ten"``, else digits with separators.

    Parameters
    ----------
    n : int

    Returns
    -------
    str

    Examples
    --------
    >>> in_words(3), in_words(12)
    ('three', '12')
    """
    return WORDS[n] if 0 <= n < len(WORDS) else f"{n:,}"


def design_facts() -> dict[str, Any]:
    """The survey's design as the paper reports it, from ``data/published/design.csv``.

    Returns
    -------
    dict
        ``survey_year, households, individuals, analysis_n, provinces_surveyed, hypotheses, age_low,
        age_high`` (int), ``persons_per_household, alpha`` (float), ``fieldwork``,
        ``individuals_qualifier`` (the paper's word before that number) and ``footnote`` (the
        significance footnote without its leading stars, which Markdown would read as bold).
    """
    import datetime as dt

    design = pd.read_csv(published.PUBLISHED_DIR / "design.csv", dtype=str).set_index("id")
    number = (lambda key: float(design.loc[key, "value"]))
    start, end = (dt.datetime.strptime(design.loc[k, "value"], "%Y-%m").date()
                  for k in ("fieldwork_start", "fieldwork_end"))
    return {
        "survey_year": int(number("survey_year")), "households": int(number("households_sampled")),
        "individuals": int(number("individuals_sampled")), "analysis_n": int(number("analysis_n")),
        "provinces_surveyed": int(number("provinces_surveyed")), "hypotheses": int(number("hypotheses")),
        "age_low": int(number("migration_age_low")), "age_high": int(number("migration_age_high")),
        "persons_per_household": number("individuals_sampled") / number("households_sampled"),
        "alpha": number("significance_level"),
        "fieldwork": f"{start:%B}–{end:%B %Y}" if start.year == end.year else f"{start:%B %Y}–{end:%B %Y}",
        "individuals_qualifier": design.loc["individuals_sampled", "qualifier"],
        "footnote": design.loc["significance_level", "printed"].lstrip("* ").rstrip("."),
    }
