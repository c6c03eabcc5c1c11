"""The paper's published coefficients, as data (``data/published/``, never literals in code).

Each file has one row per printed cell: the text as printed, the reading used, and a note where the
print is garbled (``data/published/README.md``).

>>> from sunshine.data.published import load_table, square
>>> t1 = load_table("table1")
>>> t1.loc[(t1["row_var"] == "training") & (t1["column_var"] == "migrated"), "printed"].item()
'.792**'
>>> float(square("table1").loc["training", "migrated"])  # lower triangle: the later variable is the row
0.792
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from sunshine.data.schema import load_resource
from sunshine.paths import PUBLISHED_DIR

PACKAGE = PUBLISHED_DIR / "datapackage.json"
"""The Table Schemas of the published numbers (``data/published/datapackage.json``)."""

TABLES = ("table1", "table2", "text_coefficients")
"""Names of the published-number files (``data/published/<name>.csv``)."""

_NUMBER = re.compile(r"-?\d*\.?\d+")


def printed_number(printed: str) -> float:
    """Return the number literally printed in a cell, stars and labels removed."""
    text = str(printed).split("=")[-1].replace("*", "")
    match = _NUMBER.search(text)
    return float(match.group()) if match else float("nan")


def load_table(name: str) -> pd.DataFrame:
    """Load one file of published numbers as tidy rows.

    Parameters
    ----------
    name : {"table1", "table2", "text_coefficients"}
        Which file.

    Returns
    -------
    pandas.DataFrame
        The columns of ``data/published/README.md``, ``printed_value`` (as printed) and ``is_diagonal``;
        ValueError for an unknown ``name`` or a file breaking its schema (naming line and column).
    """
    if name not in TABLES:
        raise ValueError(f"name: unknown published table {name!r}; expected one of {TABLES}")
    df = load_resource(PACKAGE, name)
    df["note"] = df["note"].fillna("")
    df["printed_value"] = df["printed"].map(printed_number)
    df["is_diagonal"] = df["row_var"] == df["column_var"]
    return df


def files_stamp() -> tuple:
    """Name, size and modification time of each published file: what a cache of values derived from them is keyed on."""
    return tuple((f.name, f.stat().st_size, f.stat().st_mtime_ns) for f in sorted(PUBLISHED_DIR.glob("*")))


def load_all() -> pd.DataFrame:
    """All published cells (both tables and the text) in one tidy frame.

    Returns
    -------
    pandas.DataFrame
    """
    return pd.concat([load_table(n) for n in TABLES], ignore_index=True)


def load_design() -> pd.DataFrame:
    """The survey's published design facts (``data/published/design.csv``), validated.

    Returns
    -------
    pandas.DataFrame
        ``id, description, value`` (number or ``YYYY-MM``), ``unit, qualifier, printed, source, location``.
    """
    return load_resource(PACKAGE, "design")


def square(name: str, *, value: str = "value") -> pd.DataFrame:
    """A table as a square lower-triangle matrix (upper NaN), labelled by codebook variables in the paper's order.

    Parameters
    ----------
    name : {"table1", "table2"}
        Which table.
    value : str, default "value"
        ``"value"`` (reading used), ``"printed_value"`` (literal number) or ``"printed"`` (text).

    Returns
    -------
    pandas.DataFrame
    """
    df = load_table(name)
    order = list(dict.fromkeys(df["column_var"]))
    for v in df["row_var"]:
        if v not in order:
            order.append(v)
    numeric = pd.api.types.is_numeric_dtype(df[value])
    out = pd.DataFrame(np.nan if numeric else None, index=order, columns=order,
                       dtype=float if numeric else object)
    for row in df.itertuples():
        out.loc[row.row_var, row.column_var] = getattr(row, value)
    return out
