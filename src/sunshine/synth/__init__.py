"""Synthetic CMLRS: person-level data reconstructed from the published tables.

The 2009 CMLRS microdata are not public. :func:`generate` builds a **synthetic** stand-in for the
Gansu-Ningxia sample (n = 2,351) reproducing every attainable tau-b printed by Mao, Pih & Bao (2010),
under the assumptions of ``data/cmlrs/README.md``; coefficients no data can produce under the
codebook's codings are reported, never forced (:func:`assess`).
"""

import importlib

# Imported on first use (PEP 562): a chapter that only reads the ledger or the targets does not
# import the generator, and with it statsmodels and scipy.optimize.
_HOMES = {"COLUMNS": "pipeline", "SynthResult": "pipeline", "assess": "pipeline", "generate": "pipeline",
          "write": "io", "SynthParams": "settings"}


def __getattr__(name: str):
    if name in _HOMES:
        return getattr(importlib.import_module(f"sunshine.synth.{_HOMES[name]}"), name)
    raise AttributeError(f"module 'sunshine.synth' has no attribute {name!r}")


__all__ = ["COLUMNS", "SynthParams", "SynthResult", "assess", "generate", "write"]
