"""Synthetic CMLRS: person-level data reconstructed from the published tables.

The 2009 CMLRS microdata are not public. :func:`generate` builds a **synthetic** stand-in for the
Gansu-Ningxia sample (n = 2,351) reproducing every attainable tau-b printed by Mao, Pih & Bao (2010),
under the assumptions of ``data/cmlrs/README.md``; coefficients no data can produce under the
codebook's codings are reported, never forced (:func:`assess`).
"""

from sunshine.synth.pipeline import COLUMNS, SynthResult, assess, generate
from sunshine.synth.io import write
from sunshine.synth.settings import SynthParams

__all__ = ["COLUMNS", "SynthParams", "SynthResult", "assess", "generate", "write"]
