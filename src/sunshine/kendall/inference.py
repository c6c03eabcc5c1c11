"""Two-sided normal p-values, and the null z of tau-b with and without the correction for ties.

Every p-value of the book, SPSS's ``z = S / sqrt(var0(S))`` or a Wald ``tau / se`` with a
cluster-robust SE (Cameron & Miller 2015), comes from :func:`two_sided_p`: ``2 ndtr(-|z|)``, which
keeps tiny p-values (``1 - ndtr(|z|)`` rounds to 0 beyond z of about 8.3).

References
----------
Kendall, M. G. (1945). The treatment of ties in ranking problems. *Biometrika* 33(3), 239-251.
Kendall, M. G., Gibbons, J. D. (1990). *Rank Correlation Methods*, 5th ed. London: Edward Arnold,
    ch. 3-4 (the normal approximation to S; eq. 3.9, 4.7).
IBM Corp. (2025). *IBM SPSS Statistics 31 Command Syntax Reference*, "NONPAR CORR" (tau-b with its
    two-tailed significance; the null variance is not stated).
Cameron, A. C., Miller, D. L. (2015). A practitioner's guide to cluster-robust inference.
    *J. Human Resources* 50(2), 317-372.
Abramowitz, M., Stegun, I. A. (1964). *Handbook of Mathematical Functions*. Washington: NBS,
    sec. 26.2 (normal percentage points).
"""

from __future__ import annotations

import numpy as np
from scipy import special

__all__ = ["two_sided_p", "z_critical", "null_se_no_ties", "null_variance_s", "tau_b_null_z"]


def two_sided_p(estimate, se=1.0):
    """Two-sided normal p-value of ``z = estimate / se``: ``2 * Phi(-|z|)``.

    Parameters
    ----------
    estimate : float or array-like
        The statistic (a z when ``se`` is 1) or a Wald test's estimate; ``None`` is missing.
    se : float or array-like, default 1.0
        Its standard error, broadcast against ``estimate``.

    Returns
    -------
    float or numpy.ndarray
        A float for scalar input; NaN where ``se`` is not positive or a number is missing or infinite.

    Examples
    --------
    >>> round(two_sided_p(1.959963985), 6)
    0.05
    >>> round(two_sided_p(0.1, 0.05), 4)
    0.0455
    >>> two_sided_p([0.0, 3.0], [1.0, 0.0]).tolist()
    [1.0, nan]
    """
    est = np.asarray(np.nan if estimate is None else estimate, dtype=float)
    err = np.asarray(np.nan if se is None else se, dtype=float)
    valid = np.isfinite(est) & np.isfinite(err) & (err > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(valid, est / np.where(valid, err, 1.0), np.nan)
    p = 2.0 * special.ndtr(-np.abs(z))
    return float(p) if p.ndim == 0 else p


def null_variance_s(n: float, x_ties=(), y_ties=(), *, tie_corrected: bool = True) -> float:
    """Variance of Kendall's S = C - D under independence, with or without the correction for ties.

    With it (Kendall 1945; Kendall & Gibbons 1990, eq. 3.9), ``t`` (``u``) tie-group sizes of x (y)::

        var0(S) = [v0 - sum t(t-1)(2t+5) - sum u(u-1)(2u+5)] / 18
                  + [sum t(t-1)][sum u(u-1)] / [2n(n-1)]
                  + [sum t(t-1)(t-2)][sum u(u-1)(u-2)] / [9n(n-1)(n-2)],
        v0 = n(n-1)(2n+5);

    without it, ``v0 / 18``: the no-ties variance, used as if the ties were not there.

    Parameters
    ----------
    n : float
        Number of cases (a float, to rescale a tie structure to another n).
    x_ties, y_ties : sequence of float
        Tie-group sizes of each variable (groups of 1 may be left out).
    tie_corrected : bool, default True
        Correct for ties (as R's ``cor.test(method="kendall", exact=FALSE)`` and :mod:`sunshine.kendall`).

    Returns
    -------
    float
        NaN for ``n < 3``.

    Examples
    --------
    >>> null_variance_s(9)  # no ties: 9 * 8 * 23 / 18
    92.0
    """
    if n < 3:
        return float("nan")
    v0 = n * (n - 1) * (2 * n + 5)
    if not tie_corrected:
        return float(v0 / 18)
    t, u = np.asarray(x_ties, dtype=float), np.asarray(y_ties, dtype=float)
    var = (v0 - np.sum(t * (t - 1) * (2 * t + 5)) - np.sum(u * (u - 1) * (2 * u + 5))) / 18
    var += np.sum(t * (t - 1)) * np.sum(u * (u - 1)) / (2 * n * (n - 1))
    var += np.sum(t * (t - 1) * (t - 2)) * np.sum(u * (u - 1) * (u - 2)) / (9 * n * (n - 1) * (n - 2))
    return float(var)


def tau_b_null_z(tau_b: float, n: float, x_ties=(), y_ties=(), *, tie_corrected: bool = True) -> float:
    """The z of a tau-b under independence: ``S / sqrt(var0(S))``, S recovered from tau-b and the ties.

    ``S = tau_b * sqrt((n0 - T_x)(n0 - T_y))``, ``n0 = n(n-1)/2``, ``T_x = sum t(t-1)/2``. Which
    ``var0(S)`` SPSS uses could not be confirmed from IBM's text: the book shows the stars under both.

    Parameters
    ----------
    tau_b : float
        The coefficient (printed or recomputed).
    n : float
        Number of cases.
    x_ties, y_ties : sequence of float
        Tie-group sizes of each variable at this n.
    tie_corrected : bool, default True
        Which null variance.

    Returns
    -------
    float
        NaN when a variable is constant or ``n < 3``.

    Examples
    --------
    >>> round(tau_b_null_z(16 / 36, 9), 4)  # S = 16 of 36 pairs, n = 9, no ties: 16 / sqrt(92)
    1.6681
    """
    n0 = n * (n - 1) / 2
    tx = float(np.sum(np.asarray(x_ties, dtype=float) * (np.asarray(x_ties, dtype=float) - 1)) / 2)
    ty = float(np.sum(np.asarray(y_ties, dtype=float) * (np.asarray(y_ties, dtype=float) - 1)) / 2)
    var = null_variance_s(n, x_ties, y_ties, tie_corrected=tie_corrected)
    if not (var > 0) or n0 - tx <= 0 or n0 - ty <= 0:
        return float("nan")
    return float(tau_b * np.sqrt((n0 - tx) * (n0 - ty)) / np.sqrt(var))


def null_se_no_ties(n: int) -> float:
    """Null standard error of tau without ties (tau-a = tau-b): ``sqrt(2(2n+5) / (9n(n-1)))`` (Kendall & Gibbons 1990, eq. 4.7).

    Parameters
    ----------
    n : int
        Number of persons with both values (at least 2).

    Returns
    -------
    float

    Examples
    --------
    >>> round(null_se_no_ties(2351), 5)
    0.01376
    """
    return float(np.sqrt(2 * (2 * n + 5) / (9 * n * (n - 1))))


def z_critical(level: float) -> float:
    """Two-tailed critical value ``-Phi^-1(level / 2)`` (``P(|Z| > z) = level``), or the |z| of a p-value.

    Parameters
    ----------
    level : float or array-like
        Two-tailed significance level(s) or p-value(s), in [0, 1].

    Returns
    -------
    float or numpy.ndarray
        A float for scalar input; ``inf`` at 0, NaN where missing.

    Examples
    --------
    >>> round(z_critical(0.01), 3)
    2.576
    >>> z_critical([0.05, 0.0]).round(2).tolist()
    [1.96, inf]
    >>> round(z_critical(two_sided_p(1.5)), 6)
    1.5
    """
    z = -special.ndtri(np.asarray(level, float) / 2)
    return float(z) if z.ndim == 0 else z
