"""Kendall's rank correlations: tau-b and tau-c with SPSS/R-exact inference.

:mod:`sunshine.kendall.counts` counts concordant and discordant pairs per
observation in O(n log n); :mod:`sunshine.kendall.tau` turns the counts into
coefficients, p-values, asymptotic standard errors and matrices. The public
names are re-exported here, so ``from sunshine.kendall import kendall_matrix``
is all a chapter needs.
"""

from sunshine.kendall.tau import *  # noqa: F401,F403
from sunshine.kendall.tau import __all__  # noqa: F401
from sunshine.kendall.inference import two_sided_p  # noqa: F401,E402
