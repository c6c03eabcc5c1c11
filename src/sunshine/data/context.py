"""Published context statistics that place Gansu and Ningxia in China.

The chapters use these small tables of official figures to set the scene; they
are not survey data. See ``data/context/README.md`` for their sources.
"""

from __future__ import annotations

from os import PathLike

import pandas as pd

from sunshine.data.schema import load_resource, ordered
from sunshine.paths import CONTEXT_DIR

PACKAGE = CONTEXT_DIR / "datapackage.json"
"""The Table Schemas of the context tables (``data/context/datapackage.json``)."""


def load_rural_income(path: str | PathLike[str] | None = None) -> pd.DataFrame:
    """Load the NBS table of rural per-capita income by region.

    Parameters
    ----------
    path : str or path-like, optional
        CSV file in the long format described in ``data/context/README.md``.
        Defaults to the ``rural_income`` resource of :data:`PACKAGE`.

    Returns
    -------
    pandas.DataFrame
        One row per region, year and measure, with columns ``region``,
        ``region_group``, ``year`` (int), ``measure``, ``yuan`` (float, current
        yuan per capita per year) and ``source``. Extra columns in the file are
        kept after these.

    Raises
    ------
    FileNotFoundError
        If the file does not exist.
    ValueError
        If a required column is missing, or if a value is empty, not a number
        where one is expected, outside the known categories, or duplicated for
        the same region, year and measure. The message names the file.
    """
    return load_resource(PACKAGE, "rural_income", path, what="rural income table")


def rural_income_wide(df: pd.DataFrame, year: int) -> pd.DataFrame:
    """Reshape one year of the rural income table to one row per region.

    Parameters
    ----------
    df : pandas.DataFrame
        Table as returned by :func:`load_rural_income`.
    year : int
        Year to keep.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``region``, with a ``region_group`` column and one column per
        measure available that year (yuan), plus ``wage_share`` (wage income as a
        share of net income, 0–1) when both are present.

    Raises
    ------
    ValueError
        If the table has no rows for ``year``.
    """
    sub = df[df["year"] == year]
    if sub.empty:
        raise ValueError(f"no rural income figures for year {year}; years present: {sorted(int(y) for y in df['year'].unique())}")
    wide = sub.pivot(index="region", columns="measure", values="yuan")
    wide.columns.name = None
    groups = sub.drop_duplicates("region").set_index("region")["region_group"]
    wide.insert(0, "region_group", groups.reindex(wide.index))
    if {"net_income", "wage_income"} <= set(wide.columns):
        wide["wage_share"] = wide["wage_income"] / wide["net_income"]
    return wide


# ---------------------------------------------------------------------------
# Figures cited by the paper, and calibration points (chapter 2)
# ---------------------------------------------------------------------------

UNIDENTIFIED_MARK = "unidentified source"
"""Text that the ``source`` of a figure from an unidentified work (the paper's "Ash 2009") contains."""

def load_cited_figures(path: str | PathLike[str] | None = None) -> pd.DataFrame:
    """Load the figures the paper cites, and the edition's calibration points.

    Parameters
    ----------
    path : str or path-like, optional
        CSV file with the columns described in ``data/context/README.md``.
        Defaults to the ``cited_figures`` resource of :data:`PACKAGE`.

    Returns
    -------
    pandas.DataFrame
        One row per figure, with columns ``id`` (unique), ``figure``, ``value``
        (float), ``unit``, ``year`` (string: a year or a range such as
        ``1995-2004``), ``scope``, ``cited_by``, ``source``, ``note``, then any
        extra columns of the file, then ``unidentified`` (bool): True when the
        source is a work the paper cites but that could not be identified (its
        "Ash 2009"), so that the figure is only the paper's claim.

    Raises
    ------
    FileNotFoundError
        If the file does not exist.
    ValueError
        If a column is missing, a cell is empty (every row needs a source), a
        value is not a number, or an ``id`` is repeated. The message names the
        file and, where it can, the line and the column.
    """
    df = load_resource(PACKAGE, "cited_figures", path, what="table of cited figures")
    df["unidentified"] = df["source"].str.contains(UNIDENTIFIED_MARK, case=False, regex=False)
    return df


def cited_value(df: pd.DataFrame, figure_id: str) -> float:
    """The value of one figure of :func:`load_cited_figures`, as a Python float.

    Parameters
    ----------
    df : pandas.DataFrame
        The table of :func:`load_cited_figures`.
    figure_id : str
        The figure's ``id``.

    Returns
    -------
    float

    Raises
    ------
    KeyError
        If no row has this ``id``; the message lists the known ids.
    """
    match = df.loc[df["id"] == figure_id, "value"]
    if match.empty:
        raise KeyError(f"no cited figure with id {figure_id!r}; known ids: {', '.join(df['id'])}")
    return float(match.iloc[0])


def load_sunshine_project(path: str | PathLike[str] | None = None) -> pd.DataFrame:
    """Load the published figures on the Sunshine Project (阳光工程), 2004–2011.

    Parameters
    ----------
    path : str or path-like, optional
        Another file following the ``sunshine_project`` schema of :data:`PACKAGE`
        (whose columns ``data/context/README.md`` describes); by default the
        book's own ``sunshine_project.csv``.

    Returns
    -------
    pandas.DataFrame
        One row per period, measure and region, with columns ``period`` (label),
        ``start_year`` and ``end_year`` (int; equal for a single year, else the
        figure is cumulative over the span), ``measure``, ``region``, ``low`` and
        ``high`` (float; equal unless the source gives a range), ``unit``,
        ``source`` and ``note``, then any extra columns, then ``mid`` (the
        midpoint of ``low`` and ``high``).

    Raises
    ------
    FileNotFoundError
        If the file does not exist.
    ValueError
        If a column is missing, a cell is empty, a number does not parse, a year
        is not whole, ``measure`` or ``region`` is unknown, ``low`` exceeds
        ``high`` or ``start_year`` exceeds ``end_year``, or a row is repeated.
        The message names the file, the line and the column.
    """
    df = load_resource(PACKAGE, "sunshine_project", path, what="Sunshine Project table",
                       checks=[ordered("low", "high"), ordered("start_year", "end_year")])
    df["mid"] = (df["low"] + df["high"]) / 2
    return df


def sunshine_value(df: pd.DataFrame, period: str, measure: str, region: str = "national", *, which: str = "mid") -> float:
    """One figure of :func:`load_sunshine_project` as a Python float.

    ``period`` is the label of the ``period`` column (a year given as an int is
    accepted); ``which`` is ``"low"``, ``"high"`` or ``"mid"``.

    Parameters
    ----------
    df : pandas.DataFrame
        The table of :func:`load_sunshine_project`.
    period : str or int
        The ``period`` label.
    measure : str
        The ``measure``.
    region : str, default "national"
        The ``region``.
    which : {"mid", "low", "high"}
        Which end of a range.

    Returns
    -------
    float
        The low or high end of the figure, or their midpoint.

    Raises
    ------
    KeyError
        If the table has no such row.
    """
    period = str(period)  # papermill passes "-p PERIOD 2011" as an int
    row = df[(df["period"] == period) & (df["measure"] == measure) & (df["region"] == region)]
    if row.empty:
        raise KeyError(f"no Sunshine Project figure for period {period!r}, measure {measure!r}, region {region!r}")
    return float(row[which].iloc[0])
