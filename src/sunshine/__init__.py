"""Reusable code of the executable edition of Mao, Pih & Bao (2010).

The chapters in ``notebooks/`` import this package for everything that is more
than a line of glue: statistics, tables, data loading and figures.
"""

__version__ = "0.1.0"
