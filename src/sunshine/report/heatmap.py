"""Heatmaps of Kendall correlation matrices, recomputed beside printed.

Seaborn's ``"vlag"`` palette (readable under colour-vision deficiencies and in greyscale), centred on 0
from −1 to +1, every cell numbered. Its colours are read from ``vlag.json`` (a copy of seaborn's,
checked by the tests), so that a heatmap does not import seaborn and scipy.stats: a second per rerun.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Hashable, Mapping

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import ListedColormap, Normalize, to_rgb
from matplotlib.figure import Figure

from sunshine.report.tables import format_coef, stars

PALETTE = "vlag"
"""Diverging, colour-blind-safe palette of the correlation heatmaps."""


@functools.cache
def palette() -> ListedColormap:
    """Seaborn's ``"vlag"`` colour map, from its colours in ``vlag.json``."""
    colors = json.loads(Path(__file__).with_name("vlag.json").read_text(encoding="utf-8"))["colors"]
    return ListedColormap(colors, PALETTE)


def relative_luminance(color) -> float:
    """W3C relative luminance of a colour (WCAG 2.0, "relative luminance"; as ``seaborn.utils.relative_luminance``)."""
    rgb = np.asarray(to_rgb(color))
    rgb = np.where(rgb <= 0.03928, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return float(rgb @ [0.2126, 0.7152, 0.0722])


def _annotations(values: pd.DataFrame, marks: pd.DataFrame | None) -> np.ndarray:
    k = values.shape[0]
    out = np.full((k, k), "", dtype=object)
    for i in range(k):
        for j in range(i + 1):
            v = values.iloc[i, j]
            if pd.notna(v):
                out[i, j] = format_coef(v) + (str(marks.iloc[i, j] or "") if marks is not None and i != j else "")
    return out


def _panel(ax, values: np.ndarray, mask: np.ndarray, annotations: np.ndarray, names: list[str],
           colorbar: str | None) -> None:
    """One lower-triangle panel as ``seaborn.heatmap`` draws it, without its trial draw for tick labels
    (the caller rotates them): numbers dark on cells of relative luminance above .408, else white."""
    cmap = palette()
    norm = Normalize(vmin=-1, vmax=1)
    data = np.ma.masked_where(mask | np.isnan(values), values)
    mesh = ax.pcolormesh(data, cmap=cmap, norm=norm, linewidths=0.5, edgecolor="white")
    k = values.shape[0]
    ax.set(xlim=(0, k), ylim=(0, k))
    ax.invert_yaxis()
    ax.set_aspect("equal")
    ax.spines[:].set_visible(False)
    if colorbar:
        bar = ax.figure.colorbar(mesh, ax=ax, label=colorbar, shrink=0.8)
        bar.outline.set_linewidth(0)
    ax.set_xticks(np.arange(k) + 0.5, names)
    ax.set_yticks(np.arange(k) + 0.5, names, rotation="vertical", va="center")
    for (i, j), text in np.ndenumerate(annotations):
        if data.mask[i, j]:
            continue
        dark = relative_luminance(cmap(norm(values[i, j]))) > 0.408
        ax.text(j + 0.5, i + 0.5, text, color=".15" if dark else "w", ha="center", va="center", fontsize=9)


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
        Numeric readings of the printed table (:func:`sunshine.data.published.square`): a second panel.
    published_marks : DataFrame, optional
        The marks printed with each published cell.
    levels : mapping of str to float, optional
        Significance marks of the recomputed panel (default: none).
    labels : mapping of column to display name, optional
    titles : tuple of str
    figsize : tuple of float, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    cols = list(result.tau.columns)
    names = [str((labels or {}).get(c, c)) for c in cols]
    tau = result.tau.loc[cols, cols]
    rec_marks = result.pvalue.loc[cols, cols].map(lambda p: stars(p, levels)) if levels else None
    panels = [(tau, rec_marks, titles[0])]
    if published is not None:
        pub = published.loc[cols, cols].astype(float)
        marks = published_marks.loc[cols, cols] if published_marks is not None else None
        panels.append((pub, marks, titles[1]))
    k = len(cols)
    fig, axes = plt.subplots(1, len(panels), figsize=figsize or (4.2 * len(panels) + 1.0, 0.75 * k + 1.6),
                             squeeze=False, layout="constrained")
    mask = np.triu(np.ones((k, k), dtype=bool), 1)
    for n, (ax, (values, marks, title)) in enumerate(zip(axes[0], panels)):
        _panel(ax, values.to_numpy(dtype=float), mask, _annotations(values, marks), names,
               colorbar=f"Kendall's tau-{result.variant}" if n == len(panels) - 1 else None)
        ax.set_title(title, fontsize=11)
        ax.tick_params(axis="x", rotation=35)
        ax.tick_params(axis="y", rotation=0)
        plt.setp(ax.get_xticklabels(), horizontalalignment="right")
    return fig
