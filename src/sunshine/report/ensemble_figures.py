"""Figures and tables of the ensemble chapter (7), from the frames of
:func:`sunshine.synth.ensemble_run.load_results` and :mod:`sunshine.synth.ensemble_summary`."""

from __future__ import annotations

import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from sunshine.kendall.inference import z_critical
from sunshine.report.figures import OKABE_ITO
from sunshine.report.tables import escape, format_coef, list_table
from sunshine.synth.ensemble_analysis import ALPHA
from sunshine.synth.ensemble_summary import QUANTITIES, p_key

COPULA_COLOURS = {"gaussian": OKABE_ITO["blue"], "t": OKABE_ITO["orange"],
                  "clayton": OKABE_ITO["bluish_green"]}


def _num(x: float) -> str:
    return format_coef(x) if abs(x) < 1 else f"{x:.2f}"


def dimensions_table(spec: dict) -> str:
    """The free dimensions, their ranges and why, as a numbered MyST table (``tbl-ensemble-dimensions``).

    Parameters
    ----------
    spec : dict
        :func:`sunshine.synth.ensemble.load_dimensions`.

    Returns
    -------
    str
    """
    rows = [[f"`{d['name']}`", escape(", ".join(map(str, d["choices"])) if "choices" in d
                                      else f"{d['range'][0]:g} to {d['range'][1]:g}"),
             escape(" ".join(str(d["why"]).split()))] for d in spec["dimensions"]]
    return list_table(["dimension", "range", "why"], rows,
                      "What the print leaves open: the free dimensions of the ensemble, each "
                      "drawn uniformly over its range (or among its choices) for every member.",
                      "tbl-ensemble-dimensions")


def spread_figure(members: pd.DataFrame, names: list[str]) -> Figure:
    """Each quantity's value in every member, coloured by copula, filled when significant at ALPHA.

    Parameters
    ----------
    members : pandas.DataFrame
        ``load_results()["members"]``.
    names : list of str
        Quantities to draw (keys of :data:`~sunshine.synth.ensemble_summary.QUANTITIES`), one panel each.

    Returns
    -------
    matplotlib.figure.Figure
    """
    labels = {q[0]: q[2] for q in QUANTITIES}
    pk = {q[0]: p_key(q[0], q[1]) for q in QUANTITIES}
    fig = plt.figure(figsize=(7.6, 0.55 * len(names) + 1.4), layout="constrained")
    axes = fig.subplots(len(names), 1, sharex=False)
    rng = np.random.default_rng(0)  # vertical jitter only, for legibility
    for ax, name in zip(np.atleast_1d(axes), names):
        x = members[name].to_numpy(dtype=float)
        sig = members[pk[name]].to_numpy(dtype=float) < ALPHA
        y = rng.uniform(-0.3, 0.3, len(x))
        for cop, colour in COPULA_COLOURS.items():
            m = (members["copula"] == cop).to_numpy()
            ax.scatter(x[m & sig], y[m & sig], s=12, color=colour, label=f"{cop}, significant")
            ax.scatter(x[m & ~sig], y[m & ~sig], s=12, facecolors="none", edgecolors=colour,
                       label=f"{cop}, not significant")
        ax.axvline(0, color=OKABE_ITO["grey"], lw=0.8)
        ax.set_yticks([])
        ax.set_ylim(-0.5, 0.5)
        ax.set_title(labels[name], fontsize=8, loc="left")
        ax.spines[["top", "right", "left"]].set_visible(False)
        ax.tick_params(labelsize=7)
    handles, texts = np.atleast_1d(axes)[0].get_legend_handles_labels()
    fig.legend(handles, texts, loc="outside lower center", ncol=3, fontsize=7, frameon=False)
    return fig


def driver_figure(members: pd.DataFrame, quantity: str, setting: str, xlabel: str,
                  ylabel: str) -> Figure:
    """One quantity against one free setting, every member a point coloured by its copula.

    Parameters
    ----------
    members : pandas.DataFrame
        ``load_results()["members"]``.
    quantity : str
        Column drawn on the y axis (``"logit_training"``).
    setting : str
        Column of the free setting on the x axis (``"household_icc"``).
    xlabel, ylabel : str
        Axis labels.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig = plt.figure(figsize=(6.0, 3.6), layout="constrained")
    ax = fig.subplots()
    for cop, colour in COPULA_COLOURS.items():
        m = members["copula"] == cop
        ax.scatter(members.loc[m, setting], members.loc[m, quantity], s=12, color=colour, label=cop)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(title="copula", fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def sampling_figure(sampling: pd.DataFrame, table: pd.DataFrame) -> Figure:
    """Table I over household redraws: each pair's spread against the stars' standard error.

    Parameters
    ----------
    sampling : pandas.DataFrame
        Redraws of :func:`~sunshine.synth.ensemble_run.sampling_draws` (draw ``-1`` is the member).
    table : pandas.DataFrame
        :func:`~sunshine.synth.ensemble_summary.sampling_table`; its pair order is the x axis's.

    Returns
    -------
    matplotlib.figure.Figure
        Per pair: each redrawn tau-b minus the member's, and +/- ``z_critical(ALPHA)`` (2.58) times the null
        (persons independent) and the household-clustered standard errors.
    """
    fig = plt.figure(figsize=(7.0, 4.0), layout="constrained")
    ax = fig.subplots()
    draws = sampling[sampling["draw"] >= 0]
    order = list(table["pair"])
    z = z_critical(ALPHA)
    for i, pair in enumerate(order):
        row = table.set_index("pair").loc[pair]
        t = draws.loc[draws["pair"] == pair, "tau"].to_numpy() - row["tau"]
        ax.scatter(np.full(len(t), i) + np.linspace(-0.2, 0.2, len(t)), t, s=3,
                   color=OKABE_ITO["grey"], label="redrawn sample" if i == 0 else None)
        for se, colour, name in ((row["se_null"], OKABE_ITO["vermillion"], "stars' standard error"),
                                 (row["se_cluster"], OKABE_ITO["blue"], "household-clustered")):
            ax.plot([i - 0.3, i + 0.3], [z * se] * 2, color=colour, lw=1.6,
                    label=f"\u00b1 {z:.2f} \u00d7 {name}" if i == 0 else None)
            ax.plot([i - 0.3, i + 0.3], [-z * se] * 2, color=colour, lw=1.6)
    ax.set_xticks(range(len(order)), [p.replace("_", " \u00d7 ") for p in order], rotation=45,
                  ha="right", fontsize=8)
    ax.set_ylabel("redrawn tau-b minus the member's")
    fig.legend(fontsize=8, frameon=False, loc="outside lower center", ncol=3)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def printed_error(members: pd.DataFrame) -> float:
    """Largest |tau-b - printed cell| over members and printed cells (0.0 if none), each member reading
    the print under its own settings (:func:`sunshine.synth.witness.member_targets`).

    Parameters
    ----------
    members : pandas.DataFrame
        The members, with a column ``<table>_<row>_<col>`` per printed cell of Tables I and II.

    Returns
    -------
    float
    """
    from sunshine.synth import targets as tg
    from sunshine.synth.witness import member_targets

    worst = 0.0
    for _, row in members.iterrows():
        for t in member_targets(row.to_dict()) or tg.published_targets():
            key = f"{t.source}_{t.row_var}_{t.column_var}"
            if t.source in ("table1", "table2") and t.kind == "numeric" and key in row:
                worst = max(worst, abs(float(row[key]) - t.value))
    return worst


STATUS_WORDS = {
    "proved": "proved",
    "robust": "the same in all members and every witness tried (robust to the assumptions varied here)",
    "not-settled": "**not settled**: a data set that reproduces the print gives the other answer",
}
"""How each status of ``summary.csv`` is said (never "any data that reproduce the print")."""


def summary_markdown(summary: pd.DataFrame) -> str:
    """``summary.csv`` as a numbered MyST table (``tbl-ensemble-summary``).

    Parameters
    ----------
    summary : pandas.DataFrame
        :func:`~sunshine.synth.ensemble_summary.summary_table`.

    Returns
    -------
    str
        One row per quantity: label, class, range, status in words, witness and condition.
    """
    rows = [[escape(r["label"]), r["class"], f"{_num(r['low'])} to {_num(r['high'])}",
             STATUS_WORDS[r["status"]], escape(r["witness"]) if isinstance(r["witness"], str) else "",
             escape(r["condition"])] for r in summary.to_dict("records")]
    return list_table(["quantity", "class", "low to high", "status", "witness", "condition"], rows,
                      "Every quantity of the chapter in its class (input: a printed cell; imposed: "
                      "held by the acceptance rule; arithmetic: a function of printed numbers; "
                      "open: not fixed by the print), its range (members and witnesses; for an "
                      "arithmetic quantity, its interval over the rounding of the print), and its "
                      "status. Synthetic: a statement about the print, not about the survey.",
                      "tbl-ensemble-summary")


def verdict_status_markdown(table: pd.DataFrame) -> str:
    """Hypothesis readings with what they rest on, as a MyST table (``tbl-ensemble-verdicts``).

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`~sunshine.synth.ensemble_summary.verdict_status`.

    Returns
    -------
    str
    """
    rows = [[escape(r.label), escape(r.rests_on), escape(r.verdicts),
             STATUS_WORDS[r.status] + (f" (turns on how the paper coded {escape(r.coding)})"
                                       if getattr(r, "coding", "") else "")]
            for r in table.itertuples()]
    return list_table(["hypothesis, read as", "rests on", "verdicts (data sets)", "status"], rows,
                      "The verdict on each reading of a hypothesis in every member and every "
                      "witness that reproduces the print, and the classes of the quantities it "
                      "rests on. A reading that rests on an open quantity decides nothing unless "
                      "no data set tried gives another verdict.", "tbl-ensemble-verdicts")
