"""What a chapter shows: tables, figures, heatmaps, prose and verdicts."""

import os
import sys

FIGURE_FORMATS_ENV = "SUNSHINE_FIGURE_FORMATS"
"""Comma-separated formats a kernel keeps each figure in (default ``png,pdf``; a rerun sets ``png``)."""


def _figures_for_print() -> None:
    """In a notebook kernel, keep every figure as PDF too, for the book's PDF, colour bars as vectors
    (a rerun, which nothing prints, keeps PNG only: :data:`FIGURE_FORMATS_ENV`)."""
    if "IPython" not in sys.modules:  # no kernel runs here (a kernel has imported IPython)
        return
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None or not hasattr(shell, "kernel"):
        return
    from matplotlib import colorbar
    from matplotlib_inline.backend_inline import InlineBackend

    colorbar.Colorbar.n_rasterize = 2**31  # never rasterize a colour bar's gradient
    formats = set(os.environ.get(FIGURE_FORMATS_ENV, "png,pdf").split(","))
    InlineBackend.instance().figure_formats = formats  # kept when pyplot sets up the backend


_figures_for_print()
