"""The null variance of Kendall's S with and without the correction for ties (sunshine.kendall.inference).

References: Kendall (1945) derives the tie-corrected variance as the variance of S
over all permutations of one variable against the other; the tests check it against
that definition, enumerated. Without ties: R's documented example of
``cor.test(x, y, method = "kendall")`` (R Core Team, ``?cor.test``; data of Hollander
& Wolfe 1973, p. 187) prints ``T = 26`` and ``tau = 0.4444444``, so S = 2T - n(n-1)/2
= 16; with n = 9 and no ties var0(S) = n(n-1)(2n+5)/18 = 92 (Kendall 1945), so
z = 16 / sqrt(92) = 1.6681.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from sunshine import kendall
from sunshine.kendall.inference import null_variance_s, tau_b_null_z
from sunshine.report import audit

# R's ?cor.test example (Hollander & Wolfe 1973, p. 187)
HW_X = [44.4, 45.9, 41.9, 53.3, 44.7, 44.1, 50.7, 45.2, 60.1]
HW_Y = [2.6, 3.1, 2.5, 5.0, 3.6, 4.0, 5.2, 2.8, 3.8]


def s_statistic(x, y) -> int:
    return sum(int(np.sign(x[j] - x[i]) * np.sign(y[j] - y[i])) for i, j in itertools.combinations(range(len(x)), 2))


def test_no_ties_gives_the_z_of_rs_documented_example():
    k = kendall.kendall_tau(HW_X, HW_Y)
    assert k.tau == pytest.approx(0.4444444, abs=1e-7) and s_statistic(HW_X, HW_Y) == 2 * 26 - 36
    assert null_variance_s(9, audit.tie_groups(HW_X), audit.tie_groups(HW_Y)) == pytest.approx(92.0, abs=1e-12)
    z = tau_b_null_z(k.tau, len(HW_X), audit.tie_groups(HW_X), audit.tie_groups(HW_Y))
    assert z == pytest.approx(1.6681, abs=5e-5)
    assert z == pytest.approx(tau_b_null_z(k.tau, 9, tie_corrected=False), abs=1e-12)  # no ties: one variance


@pytest.mark.parametrize("x,y", [
    ([1, 1, 2, 2, 3, 3, 3], [0, 1, 0, 1, 1, 1, 0]),
    ([0, 0, 0, 1, 1, 1, 1], [0, 1, 1, 0, 0, 1, 1]),  # two yes/no variables
    ([1, 2, 2, 3, 4, 4, 4], [5, 5, 6, 7, 7, 7, 8]),
])
def test_tie_corrected_variance_is_the_permutation_variance_of_s(x, y):
    """Kendall (1945): under independence every ordering of y against x is equally likely."""
    s_values = [s_statistic(x, perm) for perm in itertools.permutations(y)]
    exact = float(np.var(s_values))
    assert null_variance_s(len(x), audit.tie_groups(x), audit.tie_groups(y)) == pytest.approx(exact, rel=1e-12)
    uncorrected = null_variance_s(len(x), audit.tie_groups(x), audit.tie_groups(y), tie_corrected=False)
    assert uncorrected > exact  # ignoring the ties overstates the variance, so the test is more cautious


def test_tie_corrected_z_is_the_z_sunshine_kendall_reports():
    rng = np.random.default_rng(3)
    x, y = rng.integers(0, 2, 400), rng.integers(1, 6, 400)
    k = kendall.kendall_tau(x, y)
    assert tau_b_null_z(k.tau, len(x), audit.tie_groups(x), audit.tie_groups(y)) == pytest.approx(k.statistic, rel=1e-9)


def test_degenerate_input_gives_nan():
    assert math.isnan(null_variance_s(2))
    assert math.isnan(tau_b_null_z(0.5, 10, [10], [5, 5]))  # x constant
