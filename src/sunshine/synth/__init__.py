"""Synthetic CMLRS: person-level data reconstructed from the published tables.

The 2009 CMLRS microdata are not public. :func:`generate` builds a
**synthetic** stand-in for the Gansu-Ningxia sample (n = 2,351) whose Kendall
tau-b coefficients reproduce every attainable coefficient printed by Mao, Pih
& Bao (2010), under marginal assumptions documented in
``data/cmlrs/README.md``. Coefficients that no data can produce under the
codebook's codings are reported as such, never forced (:func:`assess`).

Modules: :mod:`.params` (assumptions), :mod:`.marginals`, :mod:`.copula`
(NORTA with ties, nearest correlation), :mod:`.households`, :mod:`.targets`
(published targets and attainability bounds), :mod:`.refine` (exact swaps),
:mod:`.pipeline` (orchestration), :mod:`.io` (writing the file and report).
"""

from sunshine.synth.pipeline import COLUMNS, SynthResult, assess, generate
from sunshine.synth.io import write
from sunshine.synth.settings import SynthParams

__all__ = ["COLUMNS", "SynthParams", "SynthResult", "assess", "generate", "write"]
