"""Figures of the book, drawn with seaborn on top of matplotlib.

Every function takes its data as an argument, draws a new figure and returns
the :class:`matplotlib.figure.Figure`, so that a chapter only displays it. The
drawing is deterministic: the same data give the same figure.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import StrMethodFormatter

from sunshine.context import rural_income_wide

OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "grey": "#999999",
}
"""The Okabe–Ito palette, distinguishable under the common colour-vision deficiencies."""

REGION_GROUP_COLOURS = {
    "coastal": OKABE_ITO["blue"],
    "western": OKABE_ITO["vermillion"],
    "national": OKABE_ITO["grey"],
}
"""Colour of each ``region_group`` in the context figures."""

REGION_GROUP_LABELS = {
    "coastal": "Eastern coastal",
    "western": "Western",
    "national": "China (national)",
}
"""Legend label of each ``region_group``."""


def rural_income_figure(
    df: pd.DataFrame,
    year: int = 2008,
    *,
    show_wages: bool = True,
    figsize: tuple[float, float] = (7.5, 4.5),
) -> Figure:
    """Draw rural per-capita net income by region as sorted horizontal bars.

    Each region's bar is coloured by its group (eastern coastal, western,
    national) with the Okabe–Ito palette; a dashed vertical line marks the
    national level, and, if asked, a narrower hatched bar inside each bar shows
    the part of income earned as wages.

    Parameters
    ----------
    df : pandas.DataFrame
        Long table as returned by :func:`sunshine.context.load_rural_income`.
    year : int, default 2008
        Year to draw.
    show_wages : bool, default True
        Overlay the wage component of net income.
    figsize : tuple of float, default (7.5, 4.5)
        Figure size in inches.

    Returns
    -------
    matplotlib.figure.Figure
        The figure (not shown and not closed; the caller decides).

    Raises
    ------
    ValueError
        If the table has no net income for ``year``.
    """
    wide = rural_income_wide(df, year)
    if "net_income" not in wide.columns:
        raise ValueError(f"no rural net income figures for year {year}")
    wide = wide.dropna(subset=["net_income"]).sort_values("net_income", ascending=False)
    plot_df = wide.reset_index()
    order = list(plot_df["region"])
    groups = [g for g in ("coastal", "national", "western") if g in set(plot_df["region_group"])]

    with sns.axes_style("whitegrid"):
        fig, ax = plt.subplots(figsize=figsize, layout="constrained")
        sns.barplot(
            data=plot_df,
            x="net_income",
            y="region",
            hue="region_group",
            hue_order=groups,
            order=order,
            palette=REGION_GROUP_COLOURS,
            dodge=False,
            saturation=1.0,
            width=0.75,
            legend=False,
            ax=ax,
        )
        handles = [Patch(facecolor=REGION_GROUP_COLOURS[g], label=REGION_GROUP_LABELS[g]) for g in groups]

        if show_wages and "wage_income" in plot_df.columns:
            ax.barh(
                y=range(len(order)),
                width=plot_df["wage_income"],
                height=0.3,
                facecolor="white",
                edgecolor=OKABE_ITO["black"],
                hatch="///",
                linewidth=0.6,
                alpha=0.85,
                zorder=3,
            )
            handles.append(
                Patch(facecolor="white", edgecolor=OKABE_ITO["black"], hatch="///", label="of which wages")
            )

        if "National" in wide.index:
            national = wide.loc["National", "net_income"]
            ax.axvline(national, color=OKABE_ITO["black"], linestyle="--", linewidth=1, zorder=0.9)
            ax.annotate(
                "national level",
                xy=(national, 1.0),
                xycoords=("data", "axes fraction"),
                xytext=(3, -2),
                textcoords="offset points",
                ha="left",
                va="top",
                fontsize=8,
            )

        for i, value in enumerate(plot_df["net_income"]):
            ax.annotate(
                f"{value:,.0f}",
                xy=(value, i),
                xytext=(3, 0),
                textcoords="offset points",
                ha="left",
                va="center",
                fontsize=8,
                bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"},
                zorder=5,
            )

        ax.set_xlim(0, plot_df["net_income"].max() * 1.12)
        ax.xaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
        ax.set_xlabel(f"Rural net income per capita, {year} (yuan per year, current prices)")
        ax.set_ylabel("")
        ax.legend(handles=handles, loc="lower right", frameon=True, fontsize=8)
        ax.grid(axis="y", visible=False)
        sources = sorted(set(df.loc[df["year"] == year, "source"]))
        fig.text(0.0, -0.01, "Source: " + "; ".join(sources) + ".", ha="left", va="top", fontsize=7.5)
    return fig
