"""Kendall's rank correlations: tau-b and tau-c with SPSS/R-exact inference.

Pairs are counted in O(n log n) (:mod:`~sunshine.kendall.counts`) and turned into coefficients,
p-values, standard errors and matrices (:mod:`~sunshine.kendall.tau`, re-exported here).
"""

from sunshine.kendall.tau import *  # noqa: F401,F403
from sunshine.kendall.tau import __all__  # noqa: F401
from sunshine.kendall.inference import two_sided_p  # noqa: F401,E402
