"""Published context statistics that place Gansu and Ningxia in China.

The chapters use these small tables of official figures to set the scene; they
are not survey data. See ``data/context/README.md`` for their sources.
"""

from __future__ import annotations

from os import PathLike
from pathlib import Path

import pandas as pd

from sunshine.paths import CONTEXT_DIR

RURAL_INCOME_FILE = "rural_income_nbs.csv"
"""File name of the NBS rural income table inside :data:`sunshine.paths.CONTEXT_DIR`."""

RURAL_INCOME_COLUMNS = ("region", "region_group", "year", "measure", "yuan", "source")
"""Columns :func:`load_rural_income` requires, in the order it returns them."""

REGION_GROUPS = ("national", "coastal", "western")
"""Allowed values of the ``region_group`` column."""

MEASURES = ("net_income", "wage_income", "transfer_income")
"""Allowed values of the ``measure`` column."""


def load_rural_income(path: str | PathLike[str] | None = None) -> pd.DataFrame:
    """Load the NBS table of rural per-capita income by region.

    Parameters
    ----------
    path : str or path-like, optional
        CSV file in the long format described in ``data/context/README.md``.
        Defaults to ``rural_income_nbs.csv`` in :data:`sunshine.paths.CONTEXT_DIR`.

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
    path = Path(path) if path is not None else CONTEXT_DIR / RURAL_INCOME_FILE
    if not path.is_file():
        raise FileNotFoundError(f"{path}: rural income table not found")
    # Only a truly empty cell is missing: "n/a" or "NA" must be reported as not a number.
    df = pd.read_csv(
        path,
        dtype={"region": str, "region_group": str, "measure": str, "source": str},
        keep_default_na=False,
        na_values=[""],
    )

    missing = [col for col in RURAL_INCOME_COLUMNS if col not in df.columns]
    if missing:
        raise ValueError(
            f"{path}: missing column(s) {', '.join(repr(c) for c in missing)}; "
            f"expected {', '.join(RURAL_INCOME_COLUMNS)}"
        )
    for col in RURAL_INCOME_COLUMNS:
        if df[col].isna().any():
            line = int(df.index[df[col].isna()][0]) + 2  # header is line 1
            raise ValueError(f"{path}, line {line}: empty value in column {col!r}")
    for col in ("year", "yuan"):
        converted = pd.to_numeric(df[col], errors="coerce")
        if converted.isna().any():
            first = df.index[converted.isna()][0]
            raise ValueError(
                f"{path}, line {int(first) + 2}: column {col!r} must be numeric, found {df.loc[first, col]!r}"
            )
        df[col] = converted
    df["year"] = df["year"].astype(int)
    df["yuan"] = df["yuan"].astype(float)
    for col, allowed in (("region_group", REGION_GROUPS), ("measure", MEASURES)):
        unknown = sorted(set(df[col]) - set(allowed))
        if unknown:
            raise ValueError(
                f"{path}: column {col!r} has unknown value(s) {unknown}; allowed: {', '.join(allowed)}"
            )
    dup = df.duplicated(["region", "year", "measure"])
    if dup.any():
        row = df.loc[dup].iloc[0]
        raise ValueError(
            f"{path}: duplicate row for region {row['region']!r}, year {row['year']}, "
            f"measure {row['measure']!r}"
        )
    extra = [col for col in df.columns if col not in RURAL_INCOME_COLUMNS]
    return df[list(RURAL_INCOME_COLUMNS) + extra].reset_index(drop=True)


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

CITED_FIGURES_FILE = "cited_figures.csv"
"""File name of the table of cited figures inside :data:`sunshine.paths.CONTEXT_DIR`."""

CITED_FIGURES_COLUMNS = ("id", "figure", "value", "unit", "year", "scope", "cited_by", "source", "note")
"""Columns :func:`load_cited_figures` requires, in the order it returns them."""

UNIDENTIFIED_MARK = "unidentified source"
"""Text that the ``source`` of a figure from an unidentified work (the paper's "Ash 2009") contains."""

SUNSHINE_PROJECT_FILE = "sunshine_project.csv"
"""File name of the Sunshine Project table inside :data:`sunshine.paths.CONTEXT_DIR`."""

SUNSHINE_PROJECT_COLUMNS = (
    "period", "start_year", "end_year", "measure", "region", "low", "high", "unit", "source", "note",
)
"""Columns :func:`load_sunshine_project` requires, in the order it returns them."""

SUNSHINE_MEASURES = (
    "central_subsidy", "provincial_subsidy", "subsidy_per_trainee", "provinces", "counties",
    "trained", "placed", "trainees_target",
)
"""Allowed values of the ``measure`` column of the Sunshine Project table."""

SUNSHINE_REGIONS = ("national", "east", "centre", "west")
"""Allowed values of the ``region`` column of the Sunshine Project table."""


def _read_checked_csv(
    path: Path,
    what: str,
    columns: tuple[str, ...],
    *,
    numeric: tuple[str, ...] = (),
    integer: tuple[str, ...] = (),
    allowed: dict[str, tuple[str, ...]] | None = None,
    key: tuple[str, ...] = (),
) -> pd.DataFrame:
    """Read a small CSV of context figures and check it, naming file, line and column on error.

    Every column in ``columns`` must be present and every cell in them non-empty
    (the ``source`` above all); ``numeric`` columns must parse as numbers
    (``integer`` ones as whole numbers); ``allowed`` restricts categorical columns;
    ``key`` columns must identify rows uniquely. Line numbers count the header
    as line 1.
    """
    if not path.is_file():
        raise FileNotFoundError(f"{path}: {what} not found")
    text_columns = {col: str for col in columns if col not in numeric and col not in integer}
    df = pd.read_csv(path, dtype=text_columns, keep_default_na=False, na_values=[""])
    missing = [col for col in columns if col not in df.columns]
    if missing:
        raise ValueError(
            f"{path}: missing column(s) {', '.join(repr(c) for c in missing)}; expected {', '.join(columns)}"
        )
    for col in columns:
        empty = df[col].isna() | (df[col].astype(str).str.strip() == "")
        if empty.any():
            line = int(df.index[empty][0]) + 2
            raise ValueError(f"{path}, line {line}: empty value in column {col!r}")
    for col in tuple(numeric) + tuple(integer):
        converted = pd.to_numeric(df[col], errors="coerce")
        if converted.isna().any():
            first = df.index[converted.isna()][0]
            raise ValueError(
                f"{path}, line {int(first) + 2}: column {col!r} must be numeric, found {df.loc[first, col]!r}"
            )
        if col in integer:
            fractional = converted != converted.round()
            if fractional.any():
                first = df.index[fractional][0]
                raise ValueError(
                    f"{path}, line {int(first) + 2}: column {col!r} must be a whole number, "
                    f"found {df.loc[first, col]!r}"
                )
            df[col] = converted.astype(int)
        else:
            df[col] = converted.astype(float)
    for col, values in (allowed or {}).items():
        bad = ~df[col].isin(values)
        if bad.any():
            first = df.index[bad][0]
            raise ValueError(
                f"{path}, line {int(first) + 2}: column {col!r} has unknown value {df.loc[first, col]!r}; "
                f"allowed: {', '.join(values)}"
            )
    if key:
        dup = df.duplicated(list(key))
        if dup.any():
            first = df.index[dup][0]
            ident = ", ".join(f"{k}={df.loc[first, k]!r}" for k in key)
            raise ValueError(f"{path}, line {int(first) + 2}: duplicate row for {ident}")
    extra = [col for col in df.columns if col not in columns]
    return df[list(columns) + extra].reset_index(drop=True)


def load_cited_figures(path: str | PathLike[str] | None = None) -> pd.DataFrame:
    """Load the figures the paper cites, and the edition's calibration points.

    Parameters
    ----------
    path : str or path-like, optional
        CSV file with the columns described in ``data/context/README.md``.
        Defaults to ``cited_figures.csv`` in :data:`sunshine.paths.CONTEXT_DIR`.

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
    path = Path(path) if path is not None else CONTEXT_DIR / CITED_FIGURES_FILE
    df = _read_checked_csv(path, "table of cited figures", CITED_FIGURES_COLUMNS, numeric=("value",), key=("id",))
    df["unidentified"] = df["source"].str.contains(UNIDENTIFIED_MARK, case=False, regex=False)
    return df


def cited_value(df: pd.DataFrame, figure_id: str) -> float:
    """The value of one figure of :func:`load_cited_figures`, as a Python float.

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
        CSV file with the columns described in ``data/context/README.md``.
        Defaults to ``sunshine_project.csv`` in :data:`sunshine.paths.CONTEXT_DIR`.

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
    path = Path(path) if path is not None else CONTEXT_DIR / SUNSHINE_PROJECT_FILE
    df = _read_checked_csv(
        path,
        "Sunshine Project table",
        SUNSHINE_PROJECT_COLUMNS,
        numeric=("low", "high"),
        integer=("start_year", "end_year"),
        allowed={"measure": SUNSHINE_MEASURES, "region": SUNSHINE_REGIONS},
        key=("period", "measure", "region"),
    )
    for lo, hi in (("low", "high"), ("start_year", "end_year")):
        bad = df[lo] > df[hi]
        if bad.any():
            first = df.index[bad][0]
            raise ValueError(
                f"{path}, line {int(first) + 2}: column {lo!r} ({df.loc[first, lo]}) exceeds "
                f"column {hi!r} ({df.loc[first, hi]})"
            )
    df["mid"] = (df["low"] + df["high"]) / 2
    return df


def sunshine_value(df: pd.DataFrame, period: str, measure: str, region: str = "national", *, which: str = "mid") -> float:
    """One figure of :func:`load_sunshine_project` as a Python float.

    ``period`` is the label of the ``period`` column (a year given as an int is
    accepted); ``which`` is ``"low"``, ``"high"`` or ``"mid"``.

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
