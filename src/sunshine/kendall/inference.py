"""Two-sided normal p-values: the one implementation the package uses.

Every p-value of the book is a two-sided normal tail probability of a z
statistic: SPSS's test of tau-b (``z = S / sqrt(var0(S))``), and the Wald test
``tau / se`` with a cluster-robust standard error. Both go through
:func:`two_sided_p`, which uses :func:`scipy.special.ndtr` on ``-|z|`` so that
tiny p-values keep their precision (``1 - ndtr(|z|)`` would round to 0 beyond
``z`` of about 8.3).

References
----------
Kendall, M. G., Gibbons, J. D. (1990). *Rank Correlation Methods*, 5th ed.,
    chapter 4 (the normal approximation to the distribution of S).
IBM Corp. *IBM SPSS Statistics Algorithms*, "NONPAR CORR" (the two-tailed
    significance of Kendall's tau-b).
Cameron, A. C., Miller, D. L. (2015). A practitioner's guide to
    cluster-robust inference. *J. Human Resources* 50(2), 317-372 (Wald
    tests with cluster-robust standard errors).
"""

from __future__ import annotations

import numpy as np
from scipy import special

__all__ = ["two_sided_p"]


def two_sided_p(estimate, se=1.0):
    """Two-sided normal p-value of ``z = estimate / se``: ``2 * Phi(-|z|)``.

    Parameters
    ----------
    estimate : float or array-like
        The statistic (a z value when ``se`` is 1) or the estimate of a Wald
        test. ``None`` counts as missing.
    se : float or array-like, default 1.0
        Its standard error, broadcast against ``estimate``.

    Returns
    -------
    float or numpy.ndarray
        A float for scalar input, else an array of the broadcast shape. NaN
        wherever ``se`` is not positive or either number is missing or
        infinite.

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
