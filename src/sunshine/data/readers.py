"""Read a survey file as researchers hold it: CSV, gzipped CSV, SPSS, Stata or Parquet.

:func:`read_table` turns any of the supported files into a :class:`RawTable`:
the values as stored (codes, not labels), the value labels and the codes that
the file itself declares missing. SPSS user-missing values (discrete values and
ranges) are honoured: they are kept as codes here and listed in
``RawTable.missing``, so that :mod:`sunshine.data.mapping` can count them and
turn them into missing values. Stata's extended missing values (``.a`` to
``.z``) are missing already. Nothing is converted to the codebook here; that is
the mapping's job.

The formats (by suffix, case-insensitive):

====================  =============================================
``.csv``              pandas (every value read as text)
``.csv.gz``           pandas, gzip-compressed
``.sav``, ``.zsav``   SPSS, by pyreadstat (value labels, user-missing values)
``.dta``              Stata, by pyreadstat (value labels)
``.parquet``          pandas with pyarrow
====================  =============================================
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

__all__ = ["FORMATS", "RawTable", "UnreadableFile", "file_format", "read_table"]

FORMATS = {".csv": "CSV", ".csv.gz": "gzipped CSV", ".sav": "SPSS", ".zsav": "SPSS (compressed)",
           ".dta": "Stata", ".parquet": "Parquet"}
"""The suffixes :func:`read_table` reads, and what they are."""


class UnreadableFile(ValueError):
    """The file's format is not supported, or the file cannot be read as that format."""


@dataclass
class RawTable:
    """A survey file as stored: values, value labels and declared missing codes.

    Attributes
    ----------
    frame : DataFrame
        One column per variable; CSV values as text (NaN for empty cells), the
        others as the file types them (numbers as float, text as object).
    value_labels : dict
        ``{column: {code: label}}`` from the file's metadata (SPSS, Stata).
    missing : dict
        ``{column: [code or (low, high), ...]}``: SPSS user-missing values
        (discrete codes, or inclusive ranges as tuples).
    format : str
        What the file is (a value of :data:`FORMATS`).
    """

    frame: pd.DataFrame
    value_labels: dict[str, dict] = field(default_factory=dict)
    missing: dict[str, list] = field(default_factory=dict)
    format: str = "CSV"


def file_format(path: str | Path) -> str:
    """The suffix that decides how ``path`` is read (a key of :data:`FORMATS`).

    Parameters
    ----------
    path : str or Path
        A survey file's path; only its name's suffix matters (case ignored).

    Returns
    -------
    str
        The longest key of :data:`FORMATS` that the lower-cased name ends with.

    Raises
    ------
    UnreadableFile
        For a suffix that is not supported, listing those that are.
    """
    name = Path(path).name.lower()
    for suffix in sorted(FORMATS, key=len, reverse=True):
        if name.endswith(suffix):
            return suffix
    raise UnreadableFile(f"{path}: unsupported file type; expected one of {', '.join(FORMATS)}")


def _spss_missing(meta) -> dict[str, list]:
    """SPSS user-missing values, from pyreadstat's ``missing_ranges`` metadata."""
    declared: dict[str, list] = {}
    for column, ranges in (getattr(meta, "missing_ranges", None) or {}).items():
        codes = []
        for item in ranges:
            low, high = item["lo"], item["hi"]
            codes.append(low if low == high else (low, high))
        if codes:
            declared[column] = codes
    return declared


def _read_stat(path: Path, suffix: str) -> RawTable:
    import pyreadstat

    try:
        if suffix == ".dta":
            frame, meta = pyreadstat.read_dta(str(path))
            return RawTable(frame, dict(meta.variable_value_labels), {}, FORMATS[suffix])
        frame, meta = pyreadstat.read_sav(str(path), user_missing=True)
    except pyreadstat.ReadstatError as exc:
        raise UnreadableFile(f"{path}: not a readable {FORMATS[suffix]} file: {exc}") from exc
    return RawTable(frame, dict(meta.variable_value_labels), _spss_missing(meta), FORMATS[suffix])


def read_table(path: str | Path) -> RawTable:
    """Read a survey file of any supported format (see :data:`FORMATS`).

    Parameters
    ----------
    path : path
        The file; its suffix decides the reader.

    Returns
    -------
    RawTable
        Values, value labels and declared missing codes, nothing converted.

    Raises
    ------
    UnreadableFile
        For an unsupported suffix or a file that its reader cannot parse,
        naming the file.
    """
    path = Path(path)
    suffix = file_format(path)
    if suffix in (".csv", ".csv.gz"):
        try:
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
        except pd.errors.EmptyDataError as exc:
            raise UnreadableFile(f"{path}: empty file (no header, no rows)") from exc
        except (pd.errors.ParserError, UnicodeDecodeError, OSError, EOFError) as exc:
            raise UnreadableFile(f"{path}: not a readable {FORMATS[suffix]} file: {exc}") from exc
        return RawTable(frame, format=FORMATS[suffix])
    if suffix == ".parquet":
        try:
            frame = pd.read_parquet(path)
        except Exception as exc:  # pyarrow raises its own error types, not one base class
            raise UnreadableFile(f"{path}: not a readable Parquet file: {exc}") from exc
        return RawTable(frame, format=FORMATS[suffix])
    return _read_stat(path, suffix)
