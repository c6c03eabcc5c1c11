"""Figures of the book (seaborn on matplotlib): each takes its data, returns a new Figure, deterministically."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import StrMethodFormatter

from sunshine.data.context import rural_income_wide

OKABE_ITO = {"black": "#000000", "orange": "#E69F00", "sky_blue": "#56B4E9", "bluish_green": "#009E73",
             "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "reddish_purple": "#CC79A7",
             "grey": "#999999"}
"""The Okabe–Ito palette, distinguishable under the common colour-vision deficiencies."""

REGION_GROUP_COLOURS = {"coastal": OKABE_ITO["blue"], "western": OKABE_ITO["vermillion"],
                        "national": OKABE_ITO["grey"]}
"""Colour of each ``region_group`` in the context figures."""

REGION_GROUP_LABELS = {"coastal": "Eastern coastal", "western": "Western", "national": "China (national)"}
"""Legend label of each ``region_group``."""


def rural_income_figure(df: pd.DataFrame, year: int = 2008, *, show_wages: bool = True,
                        figsize: tuple[float, float] = (7.5, 4.5)) -> Figure:
    """Rural per-capita net income by region as sorted bars, coloured by group, with the national level.

    Parameters
    ----------
    df : pandas.DataFrame
        :func:`sunshine.data.context.load_rural_income`.
    year : int, default 2008
        ValueError if it has no net income.
    show_wages : bool, default True
        Overlay the wage component as a narrower hatched bar.
    figsize : tuple of float, default (7.5, 4.5)

    Returns
    -------
    matplotlib.figure.Figure
        Not shown and not closed.
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
        sns.barplot(data=plot_df, x="net_income", y="region", hue="region_group", hue_order=groups,
                    order=order, palette=REGION_GROUP_COLOURS, dodge=False, saturation=1.0, width=0.75,
                    legend=False, ax=ax)
        handles = [Patch(facecolor=REGION_GROUP_COLOURS[g], label=REGION_GROUP_LABELS[g]) for g in groups]

        if show_wages and "wage_income" in plot_df.columns:  # the wage part, a narrower hatched bar
            ax.barh(y=range(len(plot_df)), width=plot_df["wage_income"], height=0.3, facecolor="white",
                    edgecolor=OKABE_ITO["black"], hatch="///", linewidth=0.6, alpha=0.85, zorder=3)
            handles.append(Patch(facecolor="white", edgecolor=OKABE_ITO["black"], hatch="///",
                                 label="of which wages"))
        if "National" in wide.index:
            national = wide.loc["National", "net_income"]
            ax.axvline(national, color=OKABE_ITO["black"], linestyle="--", linewidth=1, zorder=0.9)
            ax.annotate("national level", xy=(national, 1.0), xycoords=("data", "axes fraction"),
                        xytext=(3, -2), textcoords="offset points", ha="left", va="top", fontsize=8)
        for i, value in enumerate(plot_df["net_income"]):
            ax.annotate(f"{value:,.0f}", xy=(value, i), xytext=(3, 0), textcoords="offset points", ha="left",
                        va="center", fontsize=8, zorder=5,
                        bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"})

        ax.set_xlim(0, plot_df["net_income"].max() * 1.12)
        ax.xaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
        ax.set_xlabel(f"Rural net income per capita, {year} (yuan per year, current prices)")
        ax.set_ylabel("")
        ax.legend(handles=handles, loc="lower right", frameon=True, fontsize=8)
        ax.grid(axis="y", visible=False)
        sources = sorted(set(df.loc[df["year"] == year, "source"]))
        fig.text(0.0, -0.01, "Source: " + "; ".join(sources) + ".", ha="left", va="top", fontsize=7.5)
    return fig


def _figure_source(fig: Figure, sources: list[str]) -> None:
    fig.text(0.0, -0.01, "Sources: " + "; ".join(sources) + ".", ha="left", va="top", fontsize=7.5, wrap=True)


def migration_scale_figure(cited: pd.DataFrame, *, figsize: tuple[float, float] = (7.5, 4.6)) -> Figure:
    """Chapter 2's NBS and Ministry of Agriculture calibration points: migrant workers 2008-2009, surplus labour's schooling 2004.

    Parameters
    ----------
    cited : pandas.DataFrame
        :func:`sunshine.data.context.load_cited_figures`, with the rows ``nbs_migrants_total_2009``,
        ``nbs_migrants_away_2009``, ``nbs_migrants_away_2008``, ``nbs_away_from_west_share_2008``,
        ``moa_surplus_junior_high_or_less_2004`` and ``moa_surplus_trained_2004``.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from sunshine.data.context import cited_value

    total09 = cited_value(cited, "nbs_migrants_total_2009")
    away09 = cited_value(cited, "nbs_migrants_away_2009")
    away08 = cited_value(cited, "nbs_migrants_away_2008")
    west_share = cited_value(cited, "nbs_away_from_west_share_2008") / 100
    west08 = away08 * west_share
    junior = cited_value(cited, "moa_surplus_junior_high_or_less_2004")
    trained = cited_value(cited, "moa_surplus_trained_2004")

    with sns.axes_style("whitegrid"):
        fig, (ax1, ax2) = plt.subplots(1, 2, figsize=figsize, layout="constrained",
                                       gridspec_kw={"width_ratios": [1.6, 1]})
        labels = ["All rural migrant\nworkers, 2009", "Working outside home\ntownship, 2009",
                  "Working away\nfrom home, 2008"]
        y = [0, 1, 2]
        ax1.barh(y[:2], [total09, away09], color=OKABE_ITO["sky_blue"], height=0.6)
        ax1.barh(2, away08 - west08, left=west08, color=OKABE_ITO["sky_blue"], height=0.6)
        ax1.barh(2, west08, color=OKABE_ITO["vermillion"], height=0.6, hatch="//", edgecolor="white")
        for yi, value in zip(y, [total09, away09]):
            ax1.annotate(f"{value:,.1f}", xy=(value, yi), xytext=(3, 0), textcoords="offset points",
                         va="center", fontsize=8)
        ax1.annotate(f"{away08:,.1f}, of which {west08:,.1f}\n({west_share:.1%}, hatched)\nfrom the western "
                     "provinces", xy=(away08, 2), xytext=(3, 0), textcoords="offset points", va="center",
                     fontsize=7.5)
        ax1.set_yticks(y, labels, fontsize=8)
        ax1.invert_yaxis()
        ax1.set_xlim(0, total09 * 1.3)
        ax1.set_xlabel("Million persons")
        ax1.set_title("Scale of rural labour migration (NBS)", fontsize=9)
        ax1.grid(axis="y", visible=False)

        shares = [junior, trained]
        ax2.bar([0, 1], [100, 100], color="#EEEEEE", width=0.6)
        ax2.bar([0, 1], shares, color=[OKABE_ITO["orange"], OKABE_ITO["bluish_green"]], width=0.6)
        for xi, value in enumerate(shares):
            ax2.annotate(f"{value:.1f}%", xy=(xi, value), xytext=(0, 3), textcoords="offset points",
                         ha="center", fontsize=8)
        ax2.set_xticks([0, 1], ["Junior-high\nschooling or less", "Had professional\ntraining"], fontsize=8)
        ax2.set_ylim(0, 105)
        ax2.set_ylabel("Percent of rural surplus labour, 2004")
        ax2.set_title("Schooling and training (Min. of Agriculture)", fontsize=9)
        ax2.grid(axis="x", visible=False)
        rows = cited[cited["id"].isin(["nbs_migrants_total_2009", "nbs_migrants_away_2008",
                                       "moa_surplus_trained_2004"])]
        _figure_source(fig, [s.split(", as recorded")[0] for s in dict.fromkeys(rows["source"])])
    return fig


SUNSHINE_REGION_COLOURS = {"east": OKABE_ITO["blue"], "centre": OKABE_ITO["bluish_green"],
                           "west": OKABE_ITO["vermillion"]}
"""Colour of each region of the Sunshine Project figures."""

SUNSHINE_REGION_LABELS = {"east": "East", "centre": "Centre", "west": "West"}
"""Axis label of each region of the Sunshine Project figures."""


def sunshine_subsidy_figure(sp: pd.DataFrame, periods: tuple[str, str] = ("2006", "2011"), *,
                            figsize: tuple[float, float] = (7.0, 3.8)) -> Figure:
    """The Sunshine Project's central subsidy per trainee by region in two years (a range drawn as an interval).

    Parameters
    ----------
    sp : pandas.DataFrame
        :func:`sunshine.data.context.load_sunshine_project`.
    periods : tuple of str, default ("2006", "2011")
        ValueError if one has no subsidy by region.

    Returns
    -------
    matplotlib.figure.Figure
    """
    periods = tuple(str(p) for p in periods)
    sub = sp[(sp["measure"] == "subsidy_per_trainee") & (sp["region"].isin(SUNSHINE_REGION_COLOURS))]
    regions = list(SUNSHINE_REGION_COLOURS)
    with sns.axes_style("whitegrid"):
        fig, ax = plt.subplots(figsize=figsize, layout="constrained")
        width = 0.38
        for j, period in enumerate(periods):
            rows = sub[sub["period"] == period].set_index("region").reindex(regions)
            if rows["mid"].isna().any():
                raise ValueError(f"no per-trainee subsidy by region for period {period!r}")
            x = [i + (j - 0.5) * width for i in range(len(regions))]
            ax.bar(x, rows["mid"], width=width * 0.92, color=[SUNSHINE_REGION_COLOURS[r] for r in regions],
                   alpha=0.45 if j == 0 else 1.0, edgecolor=OKABE_ITO["black"], linewidth=0.6,
                   hatch="..." if j == 0 else None)
            ranged = rows[rows["high"] > rows["low"]]
            if len(ranged):
                ax.errorbar([xi for xi, r in zip(x, rows["high"] > rows["low"]) if r], ranged["mid"],
                            yerr=[ranged["mid"] - ranged["low"], ranged["high"] - ranged["mid"]], fmt="none",
                            ecolor=OKABE_ITO["black"], capsize=4, linewidth=1)
            for xi, (_, row) in zip(x, rows.iterrows()):
                text = f"{row['low']:.0f}–{row['high']:.0f}" if row["high"] > row["low"] else f"{row['mid']:.0f}"
                ax.annotate(f"{period}\n{text}", xy=(xi, row["high"]), xytext=(0, 3), textcoords="offset points",
                            ha="center", va="bottom", fontsize=7.5)
        ax.set_xticks(range(len(regions)), [SUNSHINE_REGION_LABELS[r] for r in regions])
        ax.set_xlabel("Region of the trainee's home")
        ax.set_ylabel("Central subsidy per trainee (yuan)")
        ax.set_ylim(0, sub["high"].max() * 1.22)
        ax.grid(axis="x", visible=False)
        sources = list(dict.fromkeys(sub[sub["period"].isin(periods)]["source"]))
        _figure_source(fig, [s.split(", as recorded")[0] for s in sources])
    return fig


def sunshine_cumulative_figure(sp: pd.DataFrame, *, figsize: tuple[float, float] = (7.0, 3.6)) -> Figure:
    """The Sunshine Project's trainees and placements (millions, with the rate) at three reporting dates.

    Parameters
    ----------
    sp : pandas.DataFrame
        :func:`sunshine.data.context.load_sunshine_project`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    nat = sp[(sp["region"] == "national") & (sp["measure"].isin(["trained", "placed"]))]
    wide = nat.pivot(index="period", columns="measure", values="mid")
    spans = nat.drop_duplicates("period").set_index("period")[["start_year", "end_year"]]
    order = sorted(wide.index, key=lambda p: (spans.loc[p, "end_year"], spans.loc[p, "start_year"]))
    wide = wide.reindex(order)
    labels = {p: (p if spans.loc[p, "start_year"] == spans.loc[p, "end_year"] else
                  p.replace("-", "–") + "\n(cumulative)") for p in order}
    with sns.axes_style("whitegrid"):
        fig, ax = plt.subplots(figsize=figsize, layout="constrained")
        width = 0.36
        x = range(len(order))
        ax.bar([i - width / 2 for i in x], wide["trained"], width=width * 0.95, color=OKABE_ITO["blue"],
               label="trained")
        ax.bar([i + width / 2 for i in x], wide["placed"], width=width * 0.95, color=OKABE_ITO["orange"],
               hatch="//", edgecolor="white", label="placed in non-farm jobs")
        for i, p in enumerate(order):
            for measure, dx in (("trained", -width / 2), ("placed", width / 2)):
                ax.annotate(f"{wide.loc[p, measure]:.1f}", xy=(i + dx, wide.loc[p, measure]), xytext=(0, 2),
                            textcoords="offset points", ha="center", fontsize=8)
            rate = wide.loc[p, "placed"] / wide.loc[p, "trained"]
            ax.annotate(f"placed: {rate:.0%}", xy=(i, wide.loc[p, "trained"]), xytext=(0, 14),
                        textcoords="offset points", ha="center", fontsize=8, style="italic")
        ax.set_xticks(list(x), [labels[p] for p in order], fontsize=8)
        ax.set_ylabel("Million persons")
        ax.set_ylim(0, wide["trained"].max() * 1.3)
        ax.legend(loc="upper left", fontsize=8)
        ax.grid(axis="x", visible=False)
        _figure_source(fig, list(dict.fromkeys(nat.sort_values("end_year")["source"])))
    return fig
