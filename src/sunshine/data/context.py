"""Official statistics that place Gansu and Ningxia in China (chapters 1-3; not survey data).

Sources: ``data/context/README.md``.
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
        A CSV in the long format of ``data/context/README.md``; default the ``rural_income`` resource.

    Returns
    -------
    pandas.DataFrame
        ``region, region_group, year, measure, yuan`` (per capita per year), ``source``, extras.

    Raises
    ------
    FileNotFoundError, ValueError
        No such file; a column, value or category missing or wrong, or a duplicate (naming the file).
    """
    return load_resource(PACKAGE, "rural_income", path, what="rural income table")


def rural_income_wide(df: pd.DataFrame, year: int) -> pd.DataFrame:
    """One year of the rural income table, one row per region.

    Parameters
    ----------
    df : pandas.DataFrame
        The table of :func:`load_rural_income`.
    year : int
        Year to keep (ValueError if absent).

    Returns
    -------
    pandas.DataFrame
        By ``region``: ``region_group``, a column per measure, ``wage_share`` (wage / net income).
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


UNIDENTIFIED_MARK = "unidentified source"
"""Text that the ``source`` of a figure from an unidentified work (the paper's "Ash 2009") contains."""


def load_cited_figures(path: str | PathLike[str] | None = None) -> pd.DataFrame:
    """Load the figures the paper cites, and the edition's calibration points (chapter 2).

    Parameters
    ----------
    path : str or path-like, optional
        A CSV with the columns of ``data/context/README.md``; default the ``cited_figures`` resource.

    Returns
    -------
    pandas.DataFrame
        ``id, figure, value, unit, year, scope, cited_by, source, note``, extras, and
        ``unidentified`` (the source is the paper's unidentified "Ash 2009": only its claim).

    Raises
    ------
    FileNotFoundError, ValueError
        No such file; a missing column, an empty cell, a non-number or a repeated ``id`` (where).
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
        The figure's ``id`` (KeyError listing the known ids if absent).

    Returns
    -------
    float
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
        Another file of the ``sunshine_project`` schema (``data/context/README.md``); default the book's.

    Returns
    -------
    pandas.DataFrame
        ``period, start_year, end_year`` (a span: cumulative), ``measure, region, low, high``
        (a range, or equal), ``unit, source, note``, extras, and ``mid``.

    Raises
    ------
    FileNotFoundError, ValueError
        No such file; a bad cell, unknown category, ``low > high``, ``start_year > end_year`` or a
        repeated row (naming file, line and column).
    """
    df = load_resource(PACKAGE, "sunshine_project", path, what="Sunshine Project table",
                       checks=[ordered("low", "high"), ordered("start_year", "end_year")])
    df["mid"] = (df["low"] + df["high"]) / 2
    return df


def sunshine_value(df: pd.DataFrame, period: str, measure: str, region: str = "national", *, which: str = "mid") -> float:
    """One figure of :func:`load_sunshine_project` as a Python float.

    Parameters
    ----------
    df : pandas.DataFrame
        The table of :func:`load_sunshine_project`.
    period : str or int
        The ``period`` label (a year as an int is accepted).
    measure, region : str
        The ``measure`` and ``region`` (default "national").
    which : {"mid", "low", "high"}
        Which end of a range, or the midpoint.

    Returns
    -------
    float
        KeyError if the table has no such row.
    """
    period = str(period)  # papermill passes "-p PERIOD 2011" as an int
    row = df[(df["period"] == period) & (df["measure"] == measure) & (df["region"] == region)]
    if row.empty:
        raise KeyError(f"no Sunshine Project figure for period {period!r}, measure {measure!r}, region {region!r}")
    return float(row[which].iloc[0])
