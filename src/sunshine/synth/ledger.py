"""The claim ledger: what a synthetic number can and cannot say about the survey.

A quantity from synthetic data is **reproduced** (a printed value the data were built to match),
**assumed** (fixed by a generator setting, alone or with a printed value) or **unconstrained**
(what these data happen to show); on a user's own data, **observed**. Classes are derived from the
``fixes`` metadata of :class:`~sunshine.synth.settings.SynthParams` and the published targets.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, fields

from sunshine.data.published import files_stamp, load_design
from sunshine.synth import targets as tg
from sunshine.synth.settings import SynthParams

__all__ = ["CLASSES", "Quantity", "Entry", "Ledger", "for_sample"]

REPRODUCED, ASSUMED, UNCONSTRAINED, OBSERVED = "reproduced", "assumed", "unconstrained", "observed"
#: The classes, from the most to the least informative about the survey.
CLASSES = (OBSERVED, REPRODUCED, ASSUMED, UNCONSTRAINED)
#: The mark of each class in prose, tables and figures (none for observed data).
MARKS = {REPRODUCED: "R", ASSUMED: "A", UNCONSTRAINED: "U", OBSERVED: ""}
POPULATIONS = ("all", "migrants", "stayers")
KINDS = ("tau", "rho", "share", "count", "cluster")


@dataclass(frozen=True)
class Quantity:
    """Something a chapter can report: ``kind`` (of :data:`KINDS`; "cluster" is the within-household
    dependence), its ``variables`` (two for tau and rho), ``population`` and grouping ``by``."""

    kind: str
    variables: tuple
    population: str = "all"
    by: str | None = None

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, got {self.kind!r}")
        if self.population not in POPULATIONS:
            raise ValueError(f"population must be one of {POPULATIONS}, got {self.population!r}")
        want = 2 if self.kind in ("tau", "rho") else 1
        if len(self.variables) != want:
            raise ValueError(f"a {self.kind} quantity needs {want} variable(s), got {self.variables!r}")


@dataclass(frozen=True)
class Entry:
    """The class of one quantity and what it rests on (a target id or settings)."""

    quantity: Quantity
    cls: str
    source: str


def _setting_fixes() -> dict[tuple, list[str]]:
    """``fix -> [setting names]`` from the ``fixes`` metadata of :class:`SynthParams`."""
    out: dict[tuple, list[str]] = {}
    for f in fields(SynthParams):
        for fix in f.metadata["fixes"]:
            out.setdefault(tuple(fix), []).append(f.name)
    return out


@functools.lru_cache(maxsize=2)
def _targets_of(stamp: tuple) -> dict[tuple, tg.Target]:
    """``(statistic, population, frozenset(pair)) -> Target`` of the published cells."""
    return {(t.statistic, t.population, frozenset((t.row_var, t.column_var))): t
            for t in tg.published_targets()}


@functools.lru_cache(maxsize=2)
def _design_of(stamp: tuple):
    return load_design()


@dataclass(frozen=True)
class Ledger:
    """Classes of the quantities of one sample (:func:`for_sample`): whether ``synthetic``, the
    generator's ``settings`` and the ``selection`` ("full", "province" or "other")."""

    synthetic: bool = True
    settings: SynthParams = SynthParams()
    selection: str = "full"

    def classify(self, q: Quantity) -> Entry:
        """The :class:`Entry` of ``q`` (see the module docstring for the rule)."""
        if not self.synthetic:
            return Entry(q, OBSERVED, "your data")
        fixes = _setting_fixes()
        pair = q.variables
        setting = (fixes.get((q.kind, *pair, q.population)) or fixes.get((q.kind, *pair[::-1], q.population))
                   or fixes.get((q.kind, *pair)) or fixes.get((q.kind, pair[0], q.population)))
        printed = [n for n in setting or () if "printed" in _metadata(n)]
        if printed:
            return self._printed_setting(q, printed[0])
        if setting:
            return Entry(q, ASSUMED, ", ".join(setting))
        entry = self._from_targets(q, fixes)
        if q.by == "province" or (self.selection == "province" and entry.cls == REPRODUCED):
            names = fixes[("by", "province")]
            return Entry(q, ASSUMED, f"{', '.join(names)} (province is drawn for each household, "
                                     "independently of everything else)")
        if entry.cls == REPRODUCED and (q.by is not None or self.selection != "full"):
            return Entry(q, UNCONSTRAINED, f"{entry.source}, reproduced only for the whole sample")
        return entry

    def _from_targets(self, q: Quantity, fixes: dict) -> Entry:
        if q.kind not in ("tau", "rho"):
            return Entry(q, UNCONSTRAINED, "no setting or printed value fixes it")
        statistic = "tau_b" if q.kind == "tau" else "spearman_rho"
        targets = _targets_of(files_stamp())
        target = targets.get((statistic, q.population, frozenset(q.variables)))
        if target is not None and q.kind == "tau":
            return Entry(q, REPRODUCED, target.id)
        margins = sorted({n for v in q.variables for n in fixes.get(("share", v), [])})
        tau_target = targets.get(("tau_b", q.population, frozenset(q.variables)))
        if q.kind == "rho" and tau_target is not None and margins:
            return Entry(q, ASSUMED, f"{tau_target.id} with the margins set by {', '.join(margins)}")
        return Entry(q, UNCONSTRAINED, "no setting or printed value fixes it")

    def _printed_setting(self, q: Quantity, name: str) -> Entry:
        """A setting that copies a printed design value: reproduced while it still does."""
        meta = _metadata(name)
        design = _design_of(files_stamp())
        hit = design.loc[design["id"] == meta["printed"], "value"]
        if not hit.empty and getattr(self.settings, name) == float(hit.iloc[0]) and self.selection == "full":
            return Entry(q, REPRODUCED, f"design:{meta['printed']}")
        return Entry(q, ASSUMED, name)

    def cls(self, q: Quantity) -> str:
        """The class of ``q`` alone."""
        return self.classify(q).cls

    def mark(self, q: Quantity) -> str:
        """The class mark of ``q`` as MyST Markdown (``{sup}`A```), empty for observed data."""
        m = MARKS[self.cls(q)]
        return f"{{sup}}`{m}`" if m else ""

    def plain_mark(self, q: Quantity) -> str:
        """The mark in brackets for plain text (figure labels): ``" [A]"``, or empty."""
        m = MARKS[self.cls(q)]
        return f" [{m}]" if m else ""

    def legend(self) -> str:
        """One sentence explaining the marks, for a caption or a note (empty for observed data)."""
        if not self.synthetic:
            return ""
        return ("Marks on synthetic numbers: R, reproduced (a printed value the data were built to "
                "match); A, assumed (fixed by a generator setting, so it says nothing about the "
                "survey); U, unconstrained (what these synthetic data happen to show, which says "
                "nothing about the survey).")


def _metadata(name: str) -> dict:
    return next(f.metadata for f in fields(SynthParams) if f.name == name)


def for_sample(sample) -> Ledger:
    """The ledger of a chapter's :class:`~sunshine.data.sample.Sample`."""
    p = sample.parameters
    settings = SynthParams(seed=p.seed, mode=p.synthetic_mode,
                           **({"n_persons": p.sample_size} if p.sample_size else {}))
    from sunshine.runs.parameters import DEFAULTS

    if (p.age_min, p.age_max, p.gender) != (DEFAULTS["age_min"], DEFAULTS["age_max"], DEFAULTS["gender"]):
        selection = "other"
    elif sorted(p.provinces) != sorted(DEFAULTS["provinces"]):
        selection = "province"
    else:
        selection = "full"
    return Ledger(bool(sample.synthetic), settings, selection)
