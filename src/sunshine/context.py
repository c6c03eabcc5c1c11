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
