"""Verdicts on the paper's hypotheses: one stated rule, applied alike to printed and recomputed numbers.

Each predicted association is one :class:`Evidence` record, significant when printed with the stars
of the chapter's level or when its household-clustered Wald interval excludes 0; by its sign it
supports or contradicts the hypothesis, else is no evidence. :func:`rule_label` gives the label and
:func:`hypothesis_verdict` names every record, so "partly supported" never hides a contradiction.

References
----------
Liang, K.-Y., Zeger, S. L. (1986). Longitudinal data analysis using generalized linear models.
    *Biometrika* 73(1), 13-22.
Cameron, A. C., Miller, D. L. (2015). A practitioner's guide to cluster-robust inference.
    *J. Human Resources* 50(2), 317-372.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from sunshine.kendall.inference import two_sided_p, z_critical
from sunshine.report.tables import format_coef

__all__ = ["SUPPORTS", "CONTRADICTS", "NO_EVIDENCE", "SUPPORTED", "PARTLY", "MIXED", "CONTRADICTED",
           "NOT_SUPPORTED", "LABELS", "Evidence", "cluster_interval", "rule_label", "Verdict",
           "cluster_pvalues", "with_cluster_pvalues", "strictest_alpha", "format_tau", "format_p",
           "format_level", "describe", "hypothesis_verdict", "compare_with_paper",
           "no_association_check", "similar_rates_check"]

SUPPORTS = "supports"
CONTRADICTS = "contradicts"
NO_EVIDENCE = "no evidence"

SUPPORTED = "supported"
PARTLY = "partly supported"
MIXED = "mixed"
CONTRADICTED = "contradicted"
NOT_SUPPORTED = "not supported"
#: The five labels of a hypothesis, from kindest to harshest.
LABELS = (SUPPORTED, PARTLY, MIXED, CONTRADICTED, NOT_SUPPORTED)


def cluster_pvalues(result) -> pd.DataFrame:
    """Cluster-robust two-sided p-values of a result computed with ``cluster=`` (diagonal NaN)."""
    if result.se_cluster is None:
        raise ValueError("the result has no cluster-robust standard errors: "
                         "compute it with kendall_matrix(..., cluster='household_id')")
    p = two_sided_p(result.tau.to_numpy(dtype=float), result.se_cluster.to_numpy(dtype=float))
    np.fill_diagonal(p, np.nan)
    return pd.DataFrame(p, index=result.tau.index, columns=result.tau.columns)


def with_cluster_pvalues(result, clustered: bool = True):
    """The result with its p-values replaced by the cluster-robust ones (unchanged when ``clustered=False``).

    Stars then follow the two-sided normal p of the Wald statistic ``tau / se_cluster``, which uses
    the non-null standard error, unlike SPSS's null-variance z; for small coefficients they are close.
    """
    return replace(result, pvalue=cluster_pvalues(result)) if clustered else result


def strictest_alpha(levels: Mapping[str, float]) -> float:
    """The level of the strongest mark (``{"**": .01}`` gives .01): the level verdicts use."""
    if not levels:
        raise ValueError("levels must not be empty")
    return float(min(levels.values()))


def format_tau(value: float, digits: int = 3) -> str:
    """A coefficient in prose: as the tables print it, with a typographic minus: ``−.304``.

    Parameters
    ----------
    value : float or None
    digits : int, default 3

    Returns
    -------
    str
        Without leading zero (a rounded zero loses its sign); ``"not computable"`` for None, NaN, inf.
    """
    if value is None or not math.isfinite(float(value)):
        return "not computable"
    return format_coef(value, digits).replace("-", "−")


def format_level(alpha: float) -> str:
    """A significance level without leading zero: ``.01``.

    Parameters
    ----------
    alpha : float

    Returns
    -------
    str
    """
    text = f"{alpha:g}"
    return text[1:] if text.startswith("0.") else text


def format_p(p: float) -> str:
    """A p-value for prose: ``p = .034``, ``p < .001``, ``p ≈ 3 × 10⁻²²``.

    Parameters
    ----------
    p : float or None

    Returns
    -------
    str
        ``"p = .034"`` (from .001 up), ``"p < .001"`` (down to 10⁻⁶), ``"p ≈ m × 10ᵉ"`` below,
        ``"p < 10⁻³⁰⁰"`` for an underflowed 0, or ``"p not computable"``.
    """
    if p is None or not math.isfinite(float(p)):
        return "p not computable"
    p = float(p)
    if p >= 0.001:
        return f"p = {format_level(round(p, 3)) if p < 0.9995 else '1.000'}"
    if p == 0.0:
        return "p < 10⁻³⁰⁰"
    if p >= 1e-6:
        return "p < .001"
    exponent = math.floor(math.log10(p))
    mantissa = round(p / 10 ** exponent)
    if mantissa >= 10:  # 9.7e-161 rounds to 10 x 10^-161 = 1 x 10^-160
        mantissa, exponent = 1, exponent + 1
    sup = str(exponent).translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))
    return f"p ≈ {mantissa} × 10{sup}"


@dataclass(frozen=True)
class Evidence:
    """One association a hypothesis predicts, printed or recomputed; build it with :meth:`printed` or :meth:`recomputed`.

    ``tau`` is NaN for a printed "no significant association"; ``basis`` says why it is significant
    or not (the stars and n, or the clustered interval); ``reconstruction`` is empty or how the number
    was reconstructed; ``interval`` is the clustered one (NaNs when printed); ``mark`` the ledger's.
    """

    label: str
    tau: float
    expected_sign: int
    significant: bool
    basis: str = ""
    source: str = "recomputed"
    reconstruction: str = ""
    symbol: str = "τ-b"
    interval: tuple = (float("nan"), float("nan"))
    mark: str = ""

    def __post_init__(self):
        if self.expected_sign not in (1, -1):
            raise ValueError(f"expected_sign must be +1 or -1, got {self.expected_sign!r}")
        if self.source not in ("printed", "recomputed"):
            raise ValueError(f"source must be 'printed' or 'recomputed', got {self.source!r}")

    @classmethod
    def printed(cls, label: str, value: float, stars: int, n, expected_sign: int, *,
                stars_needed: int = 2, print_text: str = "", reconstructed: bool = False,
                symbol: str = "τ-b") -> "Evidence":
        """A printed number (``stars`` read, ``n`` None when none is stated): significant when finite,
        non-zero and carrying ``stars_needed`` stars; ``reconstructed`` from the garbled ``print_text``."""
        value = float(value) if value is not None else float("nan")
        sig = bool(math.isfinite(value) and value != 0 and int(stars) >= stars_needed)
        n_text = f"n = {int(n):,}" if n is not None and math.isfinite(float(n)) else "no n stated"
        basis = f"printed {'*' * int(stars) or 'without stars'}, {n_text}"
        note = f"reconstructed from the print “{print_text}”" if reconstructed else ""
        return cls(label, value, expected_sign, sig, basis, "printed", note, symbol)

    @classmethod
    def recomputed(cls, label: str, tau: float, se_cluster: float, expected_sign: int,
                   level: float, *, assumed: str = "", symbol: str = "τ-b") -> "Evidence":
        """A recomputed number: significant when its clustered interval (:func:`cluster_interval`) excludes 0;
        ``assumed`` names the generator setting that fixes it (shown as a reconstruction)."""
        if not (0 < level < 1):
            raise ValueError(f"level must be in (0, 1), got {level!r}")
        lo, hi = cluster_interval(tau, se_cluster, level)
        sig = bool(math.isfinite(lo) and math.isfinite(hi) and (lo > 0 or hi < 0))
        basis = (f"{1 - level:.0%} CI {format_tau(lo)} to {format_tau(hi)}, clustered by household"
                 if math.isfinite(lo) else "no clustered interval")
        note = f"assumed: set by {assumed}" if assumed else ""
        return cls(label, float(tau), expected_sign, sig, basis, "recomputed", note, symbol, (lo, hi))

    @classmethod
    def from_pair(cls, label: str, pair, expected_sign: int, level: float, **kw) -> "Evidence":
        """:meth:`recomputed` from a :class:`~sunshine.kendall.KendallPair` with clusters."""
        return cls.recomputed(label, pair.tau, pair.se_cluster, expected_sign, level, **kw)

    @property
    def status(self) -> str:
        """``"supports"``, ``"contradicts"`` or ``"no evidence"``."""
        if not (self.significant and math.isfinite(self.tau) and self.tau != 0):
            return NO_EVIDENCE
        return SUPPORTS if np.sign(self.tau) == self.expected_sign else CONTRADICTS

    def details(self) -> str:
        """``τ-b = .143; printed **, n = 2,351; reconstructed ...``: value, basis and notes."""
        value = (f"{self.symbol} = {format_tau(self.tau)}{self.mark}" if math.isfinite(self.tau)
                 else "no coefficient printed")
        extra = f"; {self.reconstruction}" if self.reconstruction else ""
        return f"{value}; {self.basis}{extra}"

    def text(self) -> str:
        """``label (details)``, for a verdict sentence."""
        return f"{self.label} ({self.details()})"


def cluster_interval(tau: float, se_cluster: float, level: float) -> tuple[float, float]:
    """Wald interval ``tau +/- z(1 - level/2) se`` clipped to [-1, 1]; NaNs unless both are finite and se > 0.

    >>> [round(v, 3) for v in cluster_interval(.2, .05, .05)]
    [0.102, 0.298]
    """
    tau, se = float(tau), float(se_cluster)
    if not (math.isfinite(tau) and math.isfinite(se)) or se <= 0:
        return float("nan"), float("nan")
    z = z_critical(level)
    return max(-1.0, tau - z * se), min(1.0, tau + z * se)


def rule_label(statuses: Sequence[str]) -> str:
    """The hypothesis label (one of :data:`LABELS`) from its records' statuses, by the module's rule.

    Parameters
    ----------
    statuses : sequence of str
        :attr:`Evidence.status` of each record; ValueError when empty.

    Returns
    -------
    str
    """
    if not statuses:
        raise ValueError("a verdict needs at least one association")
    n_sup, n_con = statuses.count(SUPPORTS), statuses.count(CONTRADICTS)
    if n_sup == len(statuses):
        return SUPPORTED
    if n_sup and n_con:
        return MIXED
    if n_sup:
        return PARTLY
    if n_con:
        return CONTRADICTED
    return NOT_SUPPORTED


@dataclass(frozen=True)
class Verdict:
    """A hypothesis's verdict: the label, the sentence, and the records for and against it."""

    label: str
    sentence: str
    supports: tuple[str, ...]
    contradicts: tuple[str, ...]
    reconstructions: tuple[str, ...] = ()


def _join(items: list[str]) -> str:
    return " and ".join([", ".join(items[:-1]), items[-1]]) if len(items) > 1 else "".join(items)


def describe(ev: Evidence) -> str:
    """One clause on one association: its direction, size and significance.

    Parameters
    ----------
    ev : Evidence

    Returns
    -------
    str
        "... go together positively/negatively (...)", "... show no significant association (...)"
        or "... could not be computed".

    Examples
    --------
    >>> describe(Evidence.printed("training and migration", .792, 2, 2351, +1))
    'training and migration go together positively (τ-b = .792; printed **, n = 2,351)'
    """
    if ev.source == "recomputed" and not math.isfinite(ev.tau):
        return f"{ev.label} could not be computed"
    if not ev.significant or not math.isfinite(ev.tau):
        return f"{ev.label} show no significant association ({ev.details()})"
    direction = "positively" if ev.tau > 0 else "negatively"
    return f"{ev.label} go together {direction} ({ev.details()})"


def hypothesis_verdict(name: str, evidence: Sequence[Evidence]) -> Verdict:
    """The verdict on one hypothesis from its predicted associations, by the module's rule.

    Parameters
    ----------
    name : str
        ``"Hypothesis 1"``; starts the sentence.
    evidence : sequence of Evidence
        The associations the hypothesis predicts.

    Returns
    -------
    Verdict
        ``label`` (one of :data:`LABELS`) and ``sentence`` stating it with the numbers.
    """
    label = rule_label([ev.status for ev in evidence])
    leads = {SUPPORTS: "for it", CONTRADICTS: "against it, significant in the opposite direction",
             NO_EVIDENCE: "no evidence either way"}
    groups = {status: [ev for ev in evidence if ev.status == status] for status in leads}
    parts = [f"{leads[s]}: {_join([e.text() for e in group])}" for s, group in groups.items() if group]
    sentence = f"{name} is **{label}** by these numbers ({'; '.join(parts)})."
    return Verdict(label, sentence, *(tuple(e.label for e in groups[s])
                                      for s in (SUPPORTS, CONTRADICTS)),
                   tuple(f"{e.label}: {e.reconstruction}" for e in evidence if e.reconstruction))


def compare_with_paper(verdict: Verdict, paper_label: str, paper_words: str) -> str:
    """A sentence setting the recomputed verdict beside the paper's own.

    Parameters
    ----------
    verdict : Verdict
        On the recomputed numbers.
    paper_label : str
        The paper's verdict, one of :data:`LABELS` (else ValueError).
    paper_words : str
        How the paper put it, as a verb phrase.

    Returns
    -------
    str
    """
    if paper_label not in LABELS:
        raise ValueError(f"unknown verdict label {paper_label!r}")
    if verdict.label == paper_label:
        return f"This agrees with the paper, which {paper_words}."
    return (f"The paper {paper_words}; on these numbers the hypothesis is "
            f"{verdict.label} instead, by the rule stated above.")


def no_association_check(label: str, tau: float, pvalue: float, alpha: float,
                         symbol: str = "τ-b") -> tuple[bool, str]:
    """Check a claim of "no significant association": it holds when ``pvalue >= alpha``.

    Parameters
    ----------
    label : str
        The pair, as a noun phrase.
    tau, pvalue : float
        The recomputed coefficient and its two-sided p-value.
    alpha : float
    symbol : str, default "τ-b"

    Returns
    -------
    tuple of (bool, str)
        ``(holds, sentence)``; false, and said so, when tau or p is not finite.
    """
    lvl = format_level(alpha)
    stats = f"{symbol} = {format_tau(tau)}, {format_p(pvalue)}"
    if not (math.isfinite(tau) and math.isfinite(pvalue)):
        return False, f"The association between {label} cannot be computed on these data."
    if pvalue >= alpha:
        return True, (f"The claim holds: the association between {label} is not "
                      f"significant at the {lvl} level ({stats}).")
    direction = "positive" if tau > 0 else "negative"
    return False, (f"The claim fails: the association between {label} is {direction} "
                   f"and significant at the {lvl} level ({stats}).")


def similar_rates_check(rate_a: float, rate_b: float, label_a: str, label_b: str,
                        tau: float, pvalue: float, alpha: float, what: str = "migrate",
                        mark: str = "") -> tuple[bool, str]:
    """Check that two groups ``what`` at "similar" rates: no difference significant at ``alpha`` (tau-b of group with outcome).

    Parameters
    ----------
    rate_a, rate_b : float
        The two groups' rates (NaN for an empty group).
    label_a, label_b : str
        The groups' names.
    tau, pvalue : float
        Tau-b of the group indicator with the outcome and its two-sided p-value.
    alpha : float
    what : str, default "migrate"
        The verb of the rates.
    mark : str, optional
        The ledger mark of a synthetic share, shown after each rate.

    Returns
    -------
    tuple of (bool, str)
        ``(holds, sentence)`` with both rates in percent.
    """
    lvl = format_level(alpha)
    rates = (f"{rate_a:.0%}{mark} of {label_a} and {rate_b:.0%}{mark} of {label_b} {what}")
    stats = f"τ-b = {format_tau(tau)}, {format_p(pvalue)}"
    if not (math.isfinite(rate_a) and math.isfinite(rate_b)):
        missing = label_a if not math.isfinite(rate_a) else label_b
        return False, f"The claim cannot be checked on this sample: it has no {missing}."
    if not (math.isfinite(tau) and math.isfinite(pvalue)):
        return False, f"{rates[0].upper()}{rates[1:]}; the difference cannot be tested."
    if pvalue >= alpha:
        return True, (f"The claim holds: {rates}, a difference not significant at the "
                      f"{lvl} level ({stats}).")
    return False, (f"The claim fails: {rates}, a difference significant at the {lvl} "
                   f"level ({stats}).")


@dataclass(frozen=True)
class Prediction:
    """One association a hypothesis predicts: who, which pair, which direction."""

    label: str
    population: str  # "all", "migrants" or "stayers", as in data/published
    x: str
    y: str
    sign: int = 1


@dataclass(frozen=True)
class Hypothesis:
    """A hypothesis of the paper, its predictions and the paper's own conclusion on it."""

    key: str
    name: str
    claim: str
    predictions: tuple[Prediction, ...]
    paper_label: str
    paper_words: str


#: The paper's hypotheses (section "Migration, Capital, and Poverty Alleviation") with the
#: signs they predict, and its conclusions (section "Results"); the paper's words are
#: quoted or paraphrased in ``paper_words``.
HYPOTHESES = (
    Hypothesis("H1", "Hypothesis 1", "more education and training, more migration",
               (Prediction("education and migration", "all", "education", "migrated"),
                Prediction("training and migration", "all", "training", "migrated")),
               SUPPORTED, "concludes that the data support hypothesis one"),
    Hypothesis("H2", "Hypothesis 2", "among migrants, more education and training, more income "
               "and remittances",
               (Prediction("education and income", "migrants", "education", "income"),
                Prediction("training and income", "migrants", "training", "income"),
                Prediction("education and remittance", "migrants", "education", "remittance"),
                Prediction("training and remittance", "migrants", "training", "remittance")),
               NOT_SUPPORTED, "concludes that the data reject hypothesis two"),
    Hypothesis("H3", "Hypothesis 3", "people from minority counties migrate more and rely more "
               "on personal networks",
               (Prediction("minority county and migration", "all", "minority_county", "migrated"),
                Prediction("minority county and personal networks", "migrants", "minority_county",
                           "network_job_info")),
               NOT_SUPPORTED, "reports, with surprise, no significant association of ethnicity "
               "with migration or with networks, and draws no conclusion on the hypothesis"),
)


def printed_evidence(hypothesis: Hypothesis, cells: pd.DataFrame, *,
                     stars_needed: int = 2) -> list[Evidence]:
    """The hypothesis's printed evidence, one record per prediction."""
    return [Evidence.printed(pr.label, cell["value"], int(cell["stars_read"]),
                             None if pd.isna(cell["n_printed"]) else int(cell["n_printed"]), pr.sign,
                             stars_needed=stars_needed, print_text=str(cell["printed"]),
                             reconstructed=cell["reading"] == "corrected")
            for pr, cell in ((pr, printed_cell(cells, pr)) for pr in hypothesis.predictions)]


def printed_cell(cells: pd.DataFrame, pr: Prediction) -> pd.Series:
    """The printed tau-b cell of a prediction's pair and population (``KeyError`` if none)."""
    pair = {pr.x, pr.y}
    hit = cells[(cells["statistic"] == "tau_b") & (cells["population"] == pr.population)
                & cells.apply(lambda r: {r["row_var"], r["column_var"]} == pair, axis=1)]
    if hit.empty:
        raise KeyError(f"no printed tau-b for {pr.x} x {pr.y} among {pr.population}")
    return hit.iloc[0]


def recomputed_evidence(hypothesis: Hypothesis, populations: Mapping[str, pd.DataFrame],
                        level: float, *, variant: str = "b",
                        assumed: Mapping[tuple[str, str, str], str] | None = None
                        ) -> list[Evidence]:
    """The hypothesis's recomputed evidence: tau with a household-clustered interval."""
    from sunshine.kendall import kendall_matrix

    assumed = assumed or {}
    out = []
    for pr in hypothesis.predictions:
        k = kendall_matrix(populations[pr.population], [pr.x, pr.y], variant=variant,
                           cluster="household_id", confidence=1 - level).pair(pr.x, pr.y)
        setting = assumed.get((pr.population, pr.x, pr.y)) or assumed.get((pr.population, pr.y, pr.x), "")
        out.append(Evidence.from_pair(pr.label, k, pr.sign, level, assumed=setting))
    return out
