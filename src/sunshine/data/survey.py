"""Load and validate CMLRS-shaped data: the committed SYNTHETIC file or a user's own.

The codebook ``data/cmlrs/datapackage.json`` (Table Schema) is the single source of truth:
:func:`load` reads, converts and validates a file against it; any problem raises one
:class:`DataValidationError` naming file, column, row and value. Empty cells the codebook allows
stay NaN and are handled pairwise, as SPSS does.

Examples
--------
>>> from sunshine.data.survey import load
>>> df = load()                      # the committed synthetic file
>>> mine = load("my_cmlrs.csv")      # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from sunshine.data import readers
from sunshine.data.schema import pandera_schema, read_package
from sunshine.files import sha256_file
from sunshine.paths import LAYOUT

DATAPACKAGE = LAYOUT.codebook_file
"""The codebook."""

DEFAULT_FILE = LAYOUT.synthetic_file
"""The committed SYNTHETIC file."""


class DataValidationError(ValueError):
    """A data file does not conform to the codebook: its ``path`` and ``problems`` (dicts of
    ``column``, ``row`` (1-based data row, file line ``row + 1``), ``value`` and ``check``)."""

    def __init__(self, path, message: str, problems: list[dict] | None = None):
        self.path = str(path)
        self.problems = problems or []
        super().__init__(f"{path}: {message}")


def codebook(path: str | Path = DATAPACKAGE) -> list[dict]:
    """The fields of the codebook's (single) resource: the one reader of the codebook.

    Parameters
    ----------
    path : path, optional
        A data package whose first resource is the survey file (default the book's codebook).

    Returns
    -------
    list of dict
        Table Schema fields (``name, type, constraints, title, unit, role``), in order.
    """
    return read_package(path)["resources"][0]["schema"]["fields"]


def recorded_sha256(path: str | Path = DATAPACKAGE) -> str:
    """SHA-256 of the committed synthetic file, as recorded in the codebook."""
    return read_package(path)["resources"][0]["hash"].split(":", 1)[1]


def schema(path: str | Path = DATAPACKAGE) -> pa.DataFrameSchema:
    """A pandera schema of the codebook's fields (:func:`sunshine.data.schema.pandera_schema`)."""
    return pandera_schema(codebook(path), name="cmlrs")


def _fail(path, column, row, value, check, problems=None) -> DataValidationError:
    where = f"column {column!r}" + (f", row {row} (line {row + 1})" if row is not None else "")
    problems = problems or [{"column": column, "row": row, "value": value, "check": check}]
    return DataValidationError(path, f"{where}, value {value!r}: {check}", problems)


def load(path: str | Path | None = None, *, check_hash: bool = False,
         mapping: str | Path | None = None) -> pd.DataFrame:
    """Read a CMLRS-shaped file and validate it against the codebook.

    Parameters
    ----------
    path : path, optional
        ``.csv``, ``.csv.gz``, SPSS ``.sav``, Stata ``.dta`` or ``.parquet``; default the committed
        SYNTHETIC file ``data/cmlrs/cmlrs_synthetic.csv``.
    check_hash : bool
        Also check the file's SHA-256 against the codebook's (for the committed file).
    mapping : path, optional
        YAML mapping of the file's columns and codes (:mod:`sunshine.data.mapping`); without one the
        file must use the codebook's names and codes.

    Returns
    -------
    DataFrame
        Codebook columns first (required integers int64, nullable float64, strings object), extras
        after; ``df.attrs["synthetic"]`` True for the committed file. DataValidationError if invalid.
    """
    path = Path(path) if path is not None else DEFAULT_FILE
    if not path.is_file():
        raise DataValidationError(path, "file not found")
    size = path.stat().st_size
    if size == 0:
        raise DataValidationError(path, "empty file (no header, no rows)")
    if size > MAX_FILE_BYTES:
        raise DataValidationError(path, f"{size / 1e6:,.0f} MB, larger than the {MAX_FILE_BYTES / 1e6:,.0f} MB "
                                        "a data file may have")
    fields = codebook()
    raw = None  # the mapped file's cells as text, for error messages (a plain CSV is re-read instead)
    if mapping is None and str(path).lower().endswith(".csv"):
        df = _read_converted(path, fields)
    else:
        raw = _read_mapped(path, mapping)
        _require_columns(path, raw.columns, fields, mapped=mapping is not None)
        if len(raw) == 0:  # not raw.empty, which a file with rows but none of the codebook's columns is too
            raise DataValidationError(path, "empty file (a header but no data rows)")
        df = _convert_chunk(path, raw, fields)
    try:
        schema().validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        raise _from_pandera(path, exc, raw) from None
    for f in fields:  # required integers cannot be missing any more: keep them integer
        if f["type"] == "integer" and f.get("constraints", {}).get("required", False):
            df[f["name"]] = df[f["name"]].astype("int64")
    order = [f["name"] for f in fields]
    df = df[order + [c for c in df.columns if c not in order]].reset_index(drop=True)
    if check_hash:
        digest = sha256_file(path)
        if digest != recorded_sha256():
            raise DataValidationError(path, f"SHA-256 {digest} differs from the codebook's "
                                            f"{recorded_sha256()}")
    df.attrs["source"] = str(path)
    df.attrs["synthetic"] = path.resolve() == DEFAULT_FILE.resolve()
    return df


def _read_mapped(path: Path, mapping: str | Path | None) -> pd.DataFrame:
    """Any supported file, through a mapping, as codebook columns of text (rows keep their file number)."""
    from sunshine.data import mapping as mapping_module

    names = [f["name"] for f in codebook()]
    try:
        rules = mapping_module.load_mapping(mapping, names) if mapping is not None else mapping_module.Mapping()
        table = readers.read_table(path)
        mapped = mapping_module.apply_mapping(table, rules, codebook())
    except (readers.UnreadableFile, mapping_module.MappingError) as exc:
        raise DataValidationError(path, str(exc).removeprefix(f"{path}: ")) from None
    if mapped.problems:
        first = mapped.problems[0]
        row = first["rows"][0] if first["rows"] else None
        more = f" (and {len(mapped.problems) - 1} more problem(s); `sunshine check-data` lists them)" \
            if len(mapped.problems) > 1 else ""
        rows = f" in rows {first['rows'][:10]}" if len(first["rows"]) > 1 else ""
        raise _fail(path, first["variable"] or first["column"], row, first["value"],
                    first["check"] + rows + more, mapped.problems)
    return mapped.frame


MAX_FILE_BYTES = readers.MAX_FILE_BYTES
"""Largest data file read (500 MB): at most about 3.5 GB of memory (see :func:`_read_converted`)."""


def _require_columns(path, columns, fields: list[dict], mapped: bool = False) -> None:
    """Raise a :class:`DataValidationError` naming every codebook column missing from ``columns``."""
    missing = [f["name"] for f in fields if f["name"] not in columns]
    if missing:
        hint = "" if mapped else (" (a file whose columns have names of its own needs a mapping: the parameter "
                                  "data_map, or --map for sunshine check-data)")
        raise DataValidationError(
            path, f"missing column(s) {missing}; the codebook requires {[f['name'] for f in fields]}{hint}",
            [{"column": m, "row": None, "value": None, "check": "missing column"} for m in missing])


def _convert_chunk(path, raw: pd.DataFrame, fields: list[dict]) -> pd.DataFrame:
    """Codebook columns of one chunk as numbers (or stripped strings); a row's number is its index + 1."""
    df = raw.copy()
    for f in fields:
        name = f["name"]
        if f["type"] == "string":
            df[name] = raw[name].str.strip().astype(object).where(raw[name].notna(), np.nan)
            continue
        num = pd.to_numeric(raw[name].str.strip(), errors="coerce").astype(float)
        bad = raw[name].notna() & ~np.isfinite(num)  # text, and inf or 1e999, which pandas reads as infinite
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            infinite = "" if np.isnan(num.iloc[i]) else ": infinite"
            raise _fail(path, name, int(raw.index[i]) + 1, raw[name].iloc[i],
                        f"not a number{infinite} ({f['type']} expected)")
        if f["type"] == "integer":
            frac = num.notna() & (num != np.round(num))
            if frac.any():
                i = int(np.flatnonzero(frac.to_numpy())[0])
                raise _fail(path, name, int(raw.index[i]) + 1, raw[name].iloc[i], "not an integer")
        df[name] = num
    return df


def _read_converted(path: Path, fields: list[dict]) -> pd.DataFrame:
    """Read the CSV in chunks, converting each at once: peak memory about 7 bytes per file byte, not 11."""
    chunks, first_row = [], 1
    try:
        for raw in readers.csv_chunks(path):
            if first_row == 1:
                _require_columns(path, raw.columns, fields)
            chunks.append(_convert_chunk(path, raw, fields))
            first_row += len(raw)
    except readers.UnreadableFile as exc:
        raise DataValidationError(path, str(exc).removeprefix(f"{path}: ")) from None
    if first_row == 1:
        raise DataValidationError(path, "empty file (a header but no data rows)")
    return pd.concat(chunks, ignore_index=True) if len(chunks) > 1 else chunks[0]


def _raw_cells(path, cells: set[tuple[str, int]]) -> dict[tuple[str, int], str]:
    """The text of the given (column, 1-based row) cells, read in one pass over the file."""
    rows = {row for _, row in cells}
    wanted = pd.read_csv(path, dtype=str, keep_default_na=False, skiprows=lambda i: i != 0 and i not in rows)
    wanted.index = sorted(rows)
    return {(column, row): wanted.at[row, column] for column, row in cells}


def _from_pandera(path, exc, raw: pd.DataFrame | None = None) -> DataValidationError:
    """One error naming the first failure (and how many there are) from pandera's cases."""
    cases = exc.failure_cases.copy()
    cases = cases[cases["column"].notna()]
    cases["index"] = pd.to_numeric(cases["index"], errors="coerce")
    cases = cases.sort_values(["index", "column"], na_position="last", kind="stable")
    total = len(cases)
    cases = cases.head(1000)  # the problems listed; the message counts them all
    texts = {} if raw is not None else _raw_cells(
        path, {(r.column, int(r.index) + 1) for r in cases.itertuples() if not pd.isna(r.index)})
    problems = []
    for r in cases.itertuples():
        row = None if pd.isna(r.index) else int(r.index) + 1
        check = str(r.check)
        if check.startswith("field_uniqueness"):
            check = "duplicate value (must be unique)"
        elif check.startswith("not_nullable"):
            check = "missing value where the codebook requires one"
        value = (raw[r.column].loc[row - 1] if raw is not None else texts[(r.column, row)]) \
            if row is not None else r.failure_case
        problems.append({"column": r.column, "row": row, "value": value, "check": check})
    first = dict(problems[0])
    if first["check"].startswith("duplicate"):
        rows = [q["row"] for q in problems
                if q["column"] == first["column"] and q["value"] == first["value"]]
        first["check"] += f"; the same value is in rows {rows}"
        problems = [q for q in problems if q["row"] not in rows[1:] or q["column"] != first["column"]]
    if first["value"] is None or (isinstance(first["value"], float) and np.isnan(first["value"])):
        first["value"] = ""
    total -= len(cases) - len(problems)  # duplicates of the first value count once
    more = f" (and {total - 1} more problem(s))" if total > 1 else ""
    return _fail(path, first["column"], first["row"], first["value"], first["check"] + more,
                 problems)
