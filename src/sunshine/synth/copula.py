"""Gaussian copula (NORTA) calibrated to Kendall's tau-b after discretisation.

:func:`population_tau_b` gives the tau-b of two variables made by discretising a standard bivariate
normal of correlation ``rho`` at the marginals' cut points; :func:`latent_for_tau` inverts it. Ties
move tau-b both ways, so Greiner's ``tau = 2/pi arcsin(rho)`` (continuous margins only) is a check,
never used for discrete variables.

References
----------
Cario, M. C., Nelson, B. L. (1997). Modeling and generating random vectors with arbitrary marginal
    distributions and correlation matrix (NORTA).
Genz, A. (2004). Numerical computation of rectangular bivariate and trivariate normal and t
    probabilities. *Statistics and Computing* 14, 251-260 (behind ``multivariate_normal.cdf``).
Higham, N. J. (2002). Computing the nearest correlation matrix. *IMA J. Numer. Anal.* 22(3),
    329-343 (``statsmodels``' ``corr_nearest``).
Kendall, M. G., Gibbons, J. D. (1990). *Rank Correlation Methods*, 5th ed. London: Edward Arnold.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import optimize, stats
from statsmodels.stats.correlation_tools import corr_nearest

from sunshine.synth.marginals import Marginal
from sunshine.synth.targets import InfeasibleDraw

_BIG = 8.5  # latent cut point standing for +/- infinity


def _cuts(m: Marginal) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    cum, is_atom = m.cells()
    z = stats.norm.ppf(np.clip(cum, 0, 1))
    z = np.clip(z, -_BIG, _BIG)
    return cum, z, is_atom


def _tau_b_from_cells(p: np.ndarray, tied_x: np.ndarray, tied_y: np.ndarray) -> float:
    """Population tau-b of a table of cell probabilities ``p`` (rows x, columns y).

    ``tau_a = P(concordant) - P(discordant)`` for two independent draws, and
    ``tau_b = tau_a / sqrt((1 - sum_i px_i^2) (1 - sum_j py_j^2))`` where the
    sums run over cells that are ties (Kendall & Gibbons 1990, ch. 3).
    """
    # G[i, j] = P(X' > i, Y' > j); H[i, j] = P(X' > i, Y' < j)
    rev = p[::-1, ::-1].cumsum(0).cumsum(1)[::-1, ::-1]  # P(X'>=i, Y'>=j)
    g = np.zeros_like(p)
    g[:-1, :-1] = rev[1:, 1:]
    lower = p[::-1, :].cumsum(0)[::-1, :].cumsum(1)  # P(X'>=i, Y'<=j)
    h = np.zeros_like(p)
    h[:-1, 1:] = lower[1:, :-1]
    tau_a = 2.0 * float(np.sum(p * (g - h)))
    px, py = p.sum(1), p.sum(0)
    dx = 1.0 - float(np.sum(px[tied_x] ** 2))
    dy = 1.0 - float(np.sum(py[tied_y] ** 2))
    return tau_a / np.sqrt(dx * dy)


def cell_probabilities(mx: Marginal, my: Marginal, rho: float) -> np.ndarray:
    """Bivariate-normal probabilities of the cells of ``mx`` x ``my``.

    Uses ``scipy.stats.multivariate_normal.cdf`` (Genz 2004) on the grid of cut
    points, then differences; ``rho = +/-1`` use the Frechet bounds (comonotone
    or countermonotone uniforms), which are exact.
    """
    cx, zx, _ = _cuts(mx)
    cy, zy, _ = _cuts(my)
    if abs(rho) >= 0.99999:
        if rho > 0:  # comonotone: P(U <= cx, U <= cy)
            f = np.minimum(cx[:, None], cy[None, :])
        else:  # countermonotone: P(U <= cx, 1 - U <= cy)
            f = np.maximum(0.0, cx[:, None] - (1 - cy[None, :]))
    else:
        xx, yy = np.meshgrid(zx[1:-1], zy[1:-1], indexing="ij")
        inner = stats.multivariate_normal.cdf(
            np.stack([xx.ravel(), yy.ravel()], axis=1), mean=[0, 0],
            cov=[[1, rho], [rho, 1]]).reshape(xx.shape)
        f = np.zeros((len(zx), len(zy)))
        f[1:-1, 1:-1] = inner
        f[-1, :] = cy
        f[:, -1] = cx
    p = np.diff(np.diff(f, axis=0), axis=1)
    return np.clip(p, 0, None)


def population_tau_b(mx: Marginal, my: Marginal, rho: float) -> float:
    """Population Kendall tau-b of two marginals joined by a Gaussian copula."""
    if not mx.is_discrete and not my.is_discrete and not mx.atom_prob and not my.atom_prob:
        return float(2 / np.pi * np.arcsin(rho))
    _, _, tx = _cuts(mx)
    _, _, ty = _cuts(my)
    return _tau_b_from_cells(cell_probabilities(mx, my, rho), tx, ty)


def tau_b_range(mx: Marginal, my: Marginal) -> tuple[float, float]:
    """Smallest and largest population tau-b the two marginals allow (rho = -1, +1)."""
    return population_tau_b(mx, my, -1.0), population_tau_b(mx, my, 1.0)


def latent_for_tau(mx: Marginal, my: Marginal, tau: float) -> float:
    """Latent correlation whose population tau-b equals ``tau`` (NORTA step 1)."""
    lo, hi = tau_b_range(mx, my)
    if not lo <= tau <= hi:
        raise InfeasibleDraw([f"tau-b {tau} of ({mx.name}, {my.name}) outside attainable range "
                              f"[{lo:.4f}, {hi:.4f}]"])
    return float(optimize.brentq(lambda r: population_tau_b(mx, my, r) - tau,
                                 -0.99999, 0.99999, xtol=1e-7))


@dataclass
class LatentMatrix:
    """The ``target`` latent correlations, pair by pair, ``repaired`` to the nearest correlation
    matrix (Higham 2002) if needed, ``target``'s ``min_eigenvalue`` and the cells ``moved``."""

    target: pd.DataFrame
    repaired: pd.DataFrame
    min_eigenvalue: float
    moved: pd.DataFrame


def solve_latent_matrix(marginals: dict[str, Marginal], taus: dict[tuple[str, str], float],
                        min_eig: float = 1e-6) -> LatentMatrix:
    """Solve every pair's latent correlation, then repair to positive definite."""
    names = list(marginals)
    r = pd.DataFrame(np.eye(len(names)), index=names, columns=names)
    for (a, b), tau in taus.items():
        rho = latent_for_tau(marginals[a], marginals[b], tau)
        r.loc[a, b] = r.loc[b, a] = rho
    eig = float(np.linalg.eigvalsh(r.to_numpy()).min())
    rows = []
    repaired = r.copy()
    if eig < min_eig:
        with warnings.catch_warnings():  # statsmodels warns when it stops at n_fact*k iterations
            warnings.simplefilter("ignore")
            fixed = corr_nearest(r.to_numpy(), threshold=min_eig, n_fact=1000)
        if np.linalg.eigvalsh(fixed).min() <= 0:
            raise ValueError("nearest-correlation repair failed to reach a positive definite matrix")
        repaired = pd.DataFrame(fixed, index=names, columns=names)
        for i, a in enumerate(names):
            for b in names[i + 1:]:
                d = repaired.loc[a, b] - r.loc[a, b]
                if abs(d) > 1e-9:
                    rows.append({"var1": a, "var2": b, "before": r.loc[a, b],
                                 "after": repaired.loc[a, b], "change": d})
    moved = pd.DataFrame(rows, columns=["var1", "var2", "before", "after", "change"])
    return LatentMatrix(r, repaired, eig, moved)
