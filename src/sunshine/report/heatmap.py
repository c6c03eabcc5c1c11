"""Heatmaps of Kendall correlation matrices, recomputed beside printed.

The colour scale is seaborn's ``"vlag"``, a diverging blue–white–red palette
that stays readable under the common colour-vision deficiencies and in
greyscale (lightness encodes |tau|); it is centred on zero and runs from −1 to
+1 so that panels and chapters compare. Every cell also carries its number,
so the figure never relies on colour alone.
"""

from __future__ import annotations

from typing import Hashable, Mapping

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure

from sunshine.report.tables import format_coef, stars

PALETTE = "vlag"
"""Diverging, colour-blind-safe palette of the correlation heatmaps."""


def _annotations(values: pd.DataFrame, marks: pd.DataFrame | None) -> np.ndarray:
    k = values.shape[0]
    out = np.full((k, k), "", dtype=object)
    for i in range(k):
        for j in range(i + 1):
            v = values.iloc[i, j]
            text = format_coef(v) if pd.notna(v) else ""
            if marks is not None and i != j and pd.notna(v):
                text += str(marks.iloc[i, j] or "")
            out[i, j] = text
    return out


def kendall_heatmap(result, *, published: pd.DataFrame | None = None,
                    published_marks: pd.DataFrame | None = None,
                    levels: Mapping[str, float] | None = None,
                    labels: Mapping[Hashable, str] | None = None,
                    titles: tuple[str, str] = ("Recomputed", "Printed in the paper"),
                    figsize: tuple[float, float] | None = None) -> Figure:
    """Lower-triangle heatmap of ``result.tau``, optionally beside a printed table.

    Parameters
    ----------
    result : KendallResult
        The recomputed matrix; its p-values give the marks (with ``levels``).
    published : DataFrame, optional
        Numeric readings of the printed table, same labels as ``result.tau``
        (:func:`sunshine.data.published.square`); drawn as a second panel.
    published_marks : DataFrame, optional
        The marks printed with each published cell (strings), for its labels.
    levels : mapping of mark -> threshold
        Significance marks of the recomputed panel (default: none).
    labels : mapping of column -> display name
    titles : pair of str
        Panel titles.

    Returns
    -------
    matplotlib.figure.Figure
        One panel, or two side by side with the printed table.
    """
    cols = list(result.tau.columns)
    names = [str((labels or {}).get(c, c)) for c in cols]
    tau = result.tau.loc[cols, cols]
    rec_marks = None
    if levels:
        rec_marks = result.pvalue.loc[cols, cols].map(lambda p: stars(p, levels))
    panels = [(tau, rec_marks, titles[0])]
    if published is not None:
        pub = published.loc[cols, cols].astype(float)
        marks = published_marks.loc[cols, cols] if published_marks is not None else None
        panels.append((pub, marks, titles[1]))
    k = len(cols)
    if figsize is None:
        figsize = (4.2 * len(panels) + 1.0, 0.75 * k + 1.6)
    fig, axes = plt.subplots(1, len(panels), figsize=figsize, squeeze=False,
                             layout="constrained")
    mask = np.triu(np.ones((k, k), dtype=bool), 1)
    for n, (ax, (values, marks, title)) in enumerate(zip(axes[0], panels)):
        sns.heatmap(values.to_numpy(dtype=float), mask=mask, ax=ax, cmap=PALETTE, vmin=-1, vmax=1,
                    center=0, square=True, linewidths=0.5, linecolor="white",
                    annot=_annotations(values, marks), fmt="", annot_kws={"fontsize": 9},
                    cbar=n == len(panels) - 1,
                    cbar_kws={"label": f"Kendall's tau-{result.variant}", "shrink": 0.8},
                    xticklabels=names, yticklabels=names)
        ax.set_title(title, fontsize=11)
        ax.tick_params(axis="x", rotation=35)
        ax.tick_params(axis="y", rotation=0)
        for label in ax.get_xticklabels():
            label.set_horizontalalignment("right")
    return fig
