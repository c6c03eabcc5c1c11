"""Verdicts on the paper's hypotheses, as pure functions from numbers to sentences.

The survey chapters never type a verdict by hand: they compute the relevant
coefficients and pass them here, so that a rerun on other data or with other
parameters rewrites the verdict together with the tables and can never
contradict them.

The rule (one place, unit-tested in ``tests/test_verdicts.py``)
---------------------------------------------------------------
A hypothesis predicts the *sign* of several bivariate associations. Each
association is one :class:`Evidence`: its coefficient, its two-tailed p-value
and the predicted sign. An association

* **agrees** when it is significant at the level ``alpha`` and has the
  predicted sign;
* **contradicts** when it is significant with the opposite sign;
* is **not significant** otherwise.

The hypothesis is

* ``"supported"`` when every association agrees;
* ``"not supported"`` when none agrees;
* ``"partly supported"`` otherwise.

The sentence names each association and says which group it falls in, so a
"partly supported" never hides a contradiction.

Significance
------------
By default the p-values are those of SPSS's NONPAR CORR (independent
observations; :mod:`sunshine.kendall`). With ``clustered=True`` a chapter uses
:func:`with_cluster_pvalues`, which replaces them by two-sided normal
p-values of the cluster-robust Wald statistic ``tau / se_cluster``
(Liang & Zeger 1986; Cameron & Miller 2015, section on cluster-robust Wald
tests). Note that this Wald test uses the non-null standard error, unlike
the null-variance z of SPSS; for small coefficients the two are close.

References
----------
Liang & Zeger (1986), *Biometrika* 73(1), 13-22, and Cameron & Miller (2015),
*J. Human Resources* 50(2), 317-372; full entries in :mod:`sunshine.kendall.tau`
and :mod:`sunshine.kendall.inference`.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from sunshine.kendall.inference import two_sided_p

__all__ = [
    "SUPPORTED",
    "PARTLY",
    "NOT_SUPPORTED",
    "Evidence",
    "Verdict",
    "two_sided_p",
    "cluster_pvalues",
    "with_cluster_pvalues",
    "strictest_alpha",
    "format_tau",
    "format_p",
    "format_level",
    "describe",
    "hypothesis_verdict",
    "compare_with_paper",
    "no_association_check",
    "similar_rates_check",
]

SUPPORTED = "supported"
PARTLY = "partly supported"
NOT_SUPPORTED = "not supported"


# ---------------------------------------------------------------------------
# significance
# ---------------------------------------------------------------------------

def cluster_pvalues(result) -> pd.DataFrame:
    """Cluster-robust two-sided p-values of a :class:`~sunshine.kendall.KendallResult`.

    The result must have been computed with ``cluster=``. Diagonal cells are
    NaN, as in ``result.pvalue``.

    Parameters
    ----------
    result : KendallResult
        Computed with ``cluster=``.

    Returns
    -------
    pandas.DataFrame
        Two-sided normal p-values of ``tau / se_cluster`` (:func:`sunshine.kendall.inference.two_sided_p`).

    Raises
    ------
    ValueError
        If the result has no cluster-robust standard errors.
    """
    if result.se_cluster is None:
        raise ValueError("the result has no cluster-robust standard errors: "
                         "compute it with kendall_matrix(..., cluster='household_id')")
    p = two_sided_p(result.tau.to_numpy(dtype=float), result.se_cluster.to_numpy(dtype=float))
    np.fill_diagonal(p, np.nan)
    return pd.DataFrame(p, index=result.tau.index, columns=result.tau.columns)


def with_cluster_pvalues(result, clustered: bool = True):
    """The result with its p-values replaced by the cluster-robust ones.

    With ``clustered=False`` the result is returned unchanged, so a chapter can
    write ``sig = with_cluster_pvalues(res, P.clustered)`` and use ``sig``
    for every star and verdict.

    Parameters
    ----------
    result : KendallResult
        A result computed with ``cluster=``.
    clustered : bool, default True
        Whether to replace the p-values.

    Returns
    -------
    KendallResult
    """
    if not clustered:
        return result
    return dataclasses.replace(result, pvalue=cluster_pvalues(result))


def strictest_alpha(levels: Mapping[str, float]) -> float:
    """The level of the strongest mark: the paper's ``{"**": .01}`` gives .01.

    Verdicts call an association significant at this level, the one the
    paper's tables mark.

    Parameters
    ----------
    levels : mapping of str to float
        Marks and their levels.

    Returns
    -------
    float
        The smallest level.
    """
    if not levels:
        raise ValueError("levels must not be empty")
    return float(min(levels.values()))


# ---------------------------------------------------------------------------
# formatting
# ---------------------------------------------------------------------------

def format_tau(value: float, digits: int = 3) -> str:
    """A coefficient as the paper prints it, with a typographic minus: ``−.304``.

    Parameters
    ----------
    value : float
        The coefficient.
    digits : int, default 3
        Decimals.

    Returns
    -------
    str
        ``"not computable"`` for a missing value.
    """
    if value is None or not math.isfinite(float(value)):
        return "not computable"
    text = f"{float(value):.{digits}f}"
    if float(text) == 0:
        text = text.lstrip("-")
    sign = "−" if text.startswith("-") else ""
    body = text.lstrip("-")
    if body.startswith("0."):
        body = body[1:]
    return sign + body


def format_level(alpha: float) -> str:
    """A significance level without leading zero: ``.01``.

    Parameters
    ----------
    alpha : float
        A level between 0 and 1.

    Returns
    -------
    str
    """
    text = f"{alpha:g}"
    return text[1:] if text.startswith("0.") else text


def format_p(p: float) -> str:
    """A p-value for prose: ``p = .034``, ``p < .001``, ``p ≈ 3 × 10⁻²²``.

    Very small values are written in powers of ten so that the audit can say
    how small; values of .001 and above get three decimals.

    Parameters
    ----------
    p : float
        The p-value.

    Returns
    -------
    str
        ``"p not computable"`` for a missing value.

    Examples
    --------
    >>> format_p(0.0342), format_p(0.0004), format_p(3e-22)
    ('p = .034', 'p < .001', 'p ≈ 3 × 10⁻²²')
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


# ---------------------------------------------------------------------------
# evidence and verdicts
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Evidence:
    """One association a hypothesis predicts.

    Attributes
    ----------
    label : str
        What is associated with what, for the sentence
        (``"training and migration"``).
    tau : float
        The coefficient.
    pvalue : float
        Its two-tailed p-value (SPSS's, or cluster-robust).
    expected_sign : {+1, -1}
        The sign the hypothesis predicts.
    symbol : str
        Name of the statistic in the sentence (``"τ-b"``).
    """

    label: str
    tau: float
    pvalue: float
    expected_sign: int = 1
    symbol: str = "τ-b"

    def __post_init__(self):
        if self.expected_sign not in (1, -1):
            raise ValueError(f"expected_sign must be +1 or -1, got {self.expected_sign!r}")

    def significant(self, alpha: float) -> bool:
        """Whether the association is significant at ``alpha`` (both numbers finite, p below it).

        Parameters
        ----------
        alpha : float
            The level.

        Returns
        -------
        bool
        """
        return bool(math.isfinite(self.pvalue) and math.isfinite(self.tau) and self.pvalue < alpha)

    def status(self, alpha: float) -> str:
        """Where the association stands at level ``alpha`` (see the module docstring).

        Parameters
        ----------
        alpha : float
            Significance level, as for :meth:`significant`.

        Returns
        -------
        {"agrees", "contradicts", "not significant"}
        """
        if not self.significant(alpha):
            return "not significant"
        return "agrees" if np.sign(self.tau) == self.expected_sign else "contradicts"

    def text(self) -> str:
        """The association with its numbers, for the verdict's sentence.

        Returns
        -------
        str
            E.g. ``training and migration (τ-b = .792, p < .001)``.
        """
        return f"{self.label} ({self.symbol} = {format_tau(self.tau)}, {format_p(self.pvalue)})"


@dataclass(frozen=True)
class Verdict:
    """A hypothesis's verdict: the label and the sentence that explains it."""

    label: str
    sentence: str
    agree: tuple[str, ...]
    contradict: tuple[str, ...]
    not_significant: tuple[str, ...]


def _join(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def describe(ev: Evidence, alpha: float) -> str:
    """One clause on one association: its direction, size and significance.

    >>> describe(Evidence("training and migration", 0.792, 1e-30), 0.01)
    'training and migration go together positively (τ-b = .792, p ≈ 1 × 10⁻³⁰), significant at the .01 level'

    Parameters
    ----------
    ev : Evidence
        The association.
    alpha : float
        The level.

    Returns
    -------
    str
    """
    lvl = format_level(alpha)
    stats = f"({ev.symbol} = {format_tau(ev.tau)}, {format_p(ev.pvalue)})"
    if not math.isfinite(ev.tau):
        return f"{ev.label} could not be computed"
    if not ev.significant(alpha):
        return f"{ev.label} show no association significant at the {lvl} level {stats}"
    direction = "positively" if ev.tau > 0 else "negatively"
    return f"{ev.label} go together {direction} {stats}, significant at the {lvl} level"


def hypothesis_verdict(name: str, evidence: Sequence[Evidence], alpha: float) -> Verdict:
    """The verdict on one hypothesis from its predicted associations.

    Parameters
    ----------
    name : str
        ``"Hypothesis 1"``; starts the sentence.
    evidence : sequence of Evidence
        The associations the hypothesis predicts, each with its predicted sign.
    alpha : float
        Significance level (the paper's .01).

    Returns
    -------
    Verdict
        ``label`` is ``"supported"``, ``"partly supported"`` or ``"not
        supported"`` (see the module docstring); ``sentence`` states it with
        the numbers.
    """
    if not evidence:
        raise ValueError("a verdict needs at least one association")
    if not (0 < alpha < 1):
        raise ValueError(f"alpha must be in (0, 1), got {alpha!r}")
    groups = {"agrees": [], "contradicts": [], "not significant": []}
    for ev in evidence:
        groups[ev.status(alpha)].append(ev)
    agree, contra, ns = groups["agrees"], groups["contradicts"], groups["not significant"]
    if len(agree) == len(evidence):
        label = SUPPORTED
    elif not agree:
        label = NOT_SUPPORTED
    else:
        label = PARTLY
    lvl = format_level(alpha)
    parts = []
    if agree:
        parts.append(f"as predicted, {_join([e.text() for e in agree])} "
                     f"{'is' if len(agree) == 1 else 'are'} significant at the {lvl} level "
                     "in the expected direction")
    if contra:
        parts.append(f"against the prediction, {_join([e.text() for e in contra])} "
                     f"{'is' if len(contra) == 1 else 'are'} significant in the opposite direction")
    if ns:
        parts.append(f"{_join([e.text() for e in ns])} "
                     f"{'is' if len(ns) == 1 else 'are'} not significant at the {lvl} level")
    body = "; ".join(parts)
    sentence = f"{name} is **{label}** by these data: {body}."
    return Verdict(label, sentence, tuple(e.label for e in agree), tuple(e.label for e in contra),
                   tuple(e.label for e in ns))


def compare_with_paper(verdict: Verdict, paper_label: str, paper_words: str) -> str:
    """A sentence setting the recomputed verdict beside the paper's own.

    ``paper_label`` is the paper's verdict in this module's vocabulary;
    ``paper_words`` says how the paper put it (``"the data support hypothesis
    one"``).

    Parameters
    ----------
    verdict : Verdict
        The recomputed verdict.
    paper_label : str
        The paper's verdict: ``"supported"``, ``"partly supported"`` or ``"not supported"``.
    paper_words : str
        How the paper put it.

    Returns
    -------
    str

    Raises
    ------
    ValueError
        For an unknown ``paper_label``.
    """
    if paper_label not in (SUPPORTED, PARTLY, NOT_SUPPORTED):
        raise ValueError(f"unknown verdict label {paper_label!r}")
    if verdict.label == paper_label:
        return (f"This agrees with the paper, which concludes that {paper_words}.")
    return (f"The paper concludes that {paper_words}; on these data the hypothesis is "
            f"{verdict.label} instead, by the rule stated above.")


def no_association_check(label: str, tau: float, pvalue: float, alpha: float,
                         symbol: str = "τ-b") -> tuple[bool, str]:
    """Check a claim of "no significant association".

    Returns ``(holds, sentence)``: the claim holds when ``pvalue >= alpha``.

    Parameters
    ----------
    label : str
        The pair, for the sentence.
    tau, pvalue : float
        The coefficient and its p-value.
    alpha : float
        The level.
    symbol : str, default "τ-b"
        Name of the statistic.

    Returns
    -------
    tuple of (bool, str)
        Whether the claim holds, and the sentence.
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
                        tau: float, pvalue: float, alpha: float, what: str = "migrate") -> tuple[bool, str]:
    """Check a claim that two groups ``what`` at "similar" rates.

    "Similar" is read statistically: no difference significant at ``alpha``
    (the test is the tau-b of the group indicator with the outcome). Returns
    ``(holds, sentence)`` with both rates in percent.

    Parameters
    ----------
    rate_a, rate_b : float
        The two groups' rates (0-1).
    label_a, label_b : str
        The groups, for the sentence.
    tau, pvalue : float
        Tau-b of the group indicator with the outcome, and its p-value.
    alpha : float
        The level.
    what : str, default "migrate"
        The outcome, as a verb.

    Returns
    -------
    tuple of (bool, str)
        Whether the claim holds, and the sentence.
    """
    lvl = format_level(alpha)
    rates = (f"{rate_a:.0%} of {label_a} and {rate_b:.0%} of {label_b} {what}")
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


