"""Marginal distributions of the synthetic CMLRS variables.

A :class:`Marginal` is discrete or continuous, with the latent-normal cut points of NORTA (Cario &
Nelson 1997); ``n`` values are its closest empirical distribution (:meth:`Marginal.exact_sample`)
or the inverse CDF of copula uniforms (:meth:`Marginal.from_uniform`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np
from scipy import stats

CONTINUOUS_BINS = 120
"""Number of equiprobable bins that stand for a continuous part when the
population tau-b of a pair is computed from bivariate-normal cell
probabilities (see :func:`sunshine.synth.copula.population_tau_b`)."""


@dataclass(frozen=True)
class Marginal:
    """A univariate distribution of column ``name``: discrete (``support``, ``probs``) or continuous
    (quantile function ``ppf``, a bottom ``atom`` of probability ``atom_prob``, ``rounding``)."""

    name: str
    support: np.ndarray | None = None
    probs: np.ndarray | None = None
    ppf: Callable[[np.ndarray], np.ndarray] | None = None
    atom: float | None = None
    atom_prob: float = 0.0
    rounding: float = 0.0
    description: str = field(default="", compare=False)

    @property
    def is_discrete(self) -> bool:
        """True for a finite-support marginal."""
        return self.support is not None

    # -- latent representation -------------------------------------------------
    def cells(self) -> tuple[np.ndarray, np.ndarray]:
        """Cumulative probabilities of the cells and which cells are ties."""
        if self.is_discrete:
            cum = np.concatenate([[0.0], np.cumsum(self.probs)])
            cum[-1] = 1.0
            return cum, np.ones(len(self.probs), dtype=bool)
        k = CONTINUOUS_BINS
        if self.atom is not None and self.atom_prob > 0:
            cont = self.atom_prob + (1 - self.atom_prob) * np.linspace(0, 1, k + 1)
            cum = np.concatenate([[0.0], cont])
            is_atom = np.r_[True, np.zeros(k, dtype=bool)]
            return cum, is_atom
        return np.linspace(0, 1, k + 1), np.zeros(k, dtype=bool)

    # -- values -----------------------------------------------------------------
    def from_uniform(self, u: np.ndarray) -> np.ndarray:
        """Inverse-CDF transform of uniforms ``u`` (NORTA's last step)."""
        u = np.clip(np.asarray(u, dtype=float), 1e-12, 1 - 1e-12)
        if self.is_discrete:
            cum = np.cumsum(self.probs)
            idx = np.minimum(np.searchsorted(cum, u, side="right"), len(self.support) - 1)
            return np.asarray(self.support)[idx]
        out = np.empty_like(u)
        if self.atom is not None and self.atom_prob > 0:
            at = u < self.atom_prob
            out[at] = self.atom
            out[~at] = self.ppf((u[~at] - self.atom_prob) / (1 - self.atom_prob))
        else:
            out = self.ppf(u)
        return self._round(out)

    def exact_sample(self, n: int) -> np.ndarray:
        """The ``n`` sorted values closest to the marginal (largest-remainder counts, or mid-quantiles)."""
        if self.is_discrete:
            counts = largest_remainder(np.asarray(self.probs), n)
            return np.repeat(np.asarray(self.support), counts)
        u = (np.arange(n) + 0.5) / n
        return np.sort(self.from_uniform(u))

    def _round(self, x: np.ndarray) -> np.ndarray:
        """``x`` rounded to the unit; a positive value never rounds to 0 (only the atom is 0)."""
        if self.rounding:
            rounded = np.round(x / self.rounding) * self.rounding
            return np.where(x > 0, np.maximum(rounded, self.rounding), rounded)
        return x


def largest_remainder(probs: np.ndarray, n: int) -> np.ndarray:
    """Integer counts summing to ``n`` closest to ``n * probs`` (Hamilton's method)."""
    raw = np.asarray(probs, dtype=float) * n
    counts = np.floor(raw).astype(int)
    short = n - counts.sum()
    if short > 0:
        counts[np.argsort(-(raw - counts), kind="stable")[:short]] += 1
    return counts


def discrete(name: str, support, probs, description: str = "") -> Marginal:
    """A discrete marginal; ``probs`` are normalised to sum to 1."""
    p = np.asarray(probs, dtype=float)
    return Marginal(name, support=np.asarray(support), probs=p / p.sum(), description=description)


def binary(name: str, share: float, description: str = "") -> Marginal:
    """A 0/1 marginal with ``P(1) = share``."""
    return discrete(name, [0, 1], [1 - share, share], description)


def truncated_normal_ages(name: str, lo: int, hi: int, mean: float, sd: float) -> Marginal:
    """Whole-year ages ``lo..hi`` with probabilities of a truncated normal density."""
    ages = np.arange(lo, hi + 1)
    p = stats.norm.pdf(ages, mean, sd)
    return discrete(name, ages, p, f"ages {lo}-{hi}, truncated normal(mean={mean}, sd={sd})")


def lognormal(name: str, median: float, sigma: float, rounding: float = 0.0,
              zero_share: float = 0.0) -> Marginal:
    """Log-normal marginal (median, log-sd), optional share of exact zeros."""
    dist = stats.lognorm(s=sigma, scale=median)
    return Marginal(name, ppf=dist.ppf, atom=0.0 if zero_share > 0 else None,
                    atom_prob=zero_share, rounding=rounding,
                    description=f"log-normal(median={median}, sigma={sigma}), zeros {zero_share:.0%}")


def household_ages(child_share: float, child_age: int, hi: int, mean: float, sd: float) -> Marginal:
    """Ages of all household members: children ``0..child_age-1`` (uniform), then a truncated normal."""
    ages = np.arange(0, hi + 1)
    adult = np.where(ages >= child_age, stats.norm.pdf(ages, mean, sd), 0.0)
    p = np.where(ages < child_age, child_share / child_age, (1 - child_share) * adult / adult.sum())
    return discrete(name="age", support=ages, probs=p,
                    description=f"ages 0-{hi}: {child_share:.0%} under {child_age} (uniform), "
                                f"then truncated normal(mean={mean}, sd={sd})")


def school_ladder(age: np.ndarray) -> np.ndarray:
    """Education level of a child by age: 1 (none) below 7, 2 (primary) 7-12, 3 (junior high) from 13."""
    age = np.asarray(age)
    return np.select([age < 7, age < 13], [1, 2], 3).astype(float)


def two_piece_lognormal(name: str, median: float, sigma: float, lower_ratio: float,
                        rounding: float = 0.0) -> Marginal:
    """``Q(u) = median exp(s(u) Phi^-1(u))``, ``s = lower_ratio sigma`` below the median, ``sigma`` above (John 1982, on the log scale)."""
    def ppf(u):
        z = stats.norm.ppf(u)
        return median * np.exp(np.where(z < 0, lower_ratio * sigma, sigma) * z)

    return Marginal(name, ppf=ppf, rounding=rounding,
                    description=f"two-piece log-normal(median={median}, sigma={sigma}, "
                                f"lower/upper spread {lower_ratio})")
