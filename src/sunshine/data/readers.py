"""Read a survey file as researchers hold it: CSV, gzipped CSV, SPSS, Stata or Parquet.

:func:`read_table` gives a :class:`RawTable`: the values as stored (codes), the value labels and
the codes the file declares missing (SPSS user-missing values, which :mod:`sunshine.data.mapping`
counts and makes missing; Stata's ``.a``-``.z`` are missing already). Work is bounded: size, rows
and values are checked against the header or metadata before the data are read, and counted again
as chunks or batches come (metadata can lie); every refusal is one :class:`UnreadableFile`.
"""

from __future__ import annotations

import csv
import gzip
import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

__all__ = ["FORMATS", "RawTable", "UnreadableFile", "file_format", "read_table", "csv_chunks",
           "MAX_FILE_BYTES", "MAX_ROWS", "MAX_CELLS"]

FORMATS = {".csv": "CSV", ".csv.gz": "gzipped CSV", ".sav": "SPSS", ".zsav": "SPSS (compressed)",
           ".dta": "Stata", ".parquet": "Parquet"}
"""The suffixes :func:`read_table` reads, and what they are."""


class UnreadableFile(ValueError):
    """The file's format is not supported, or the file cannot be read as that format."""


@dataclass
class RawTable:
    """A survey file as stored: ``frame`` (CSV as text), ``value_labels`` ``{column: {code: label}}``,
    SPSS user-``missing`` ``{column: [code or (low, high)]}`` and ``format`` (of :data:`FORMATS`)."""

    frame: pd.DataFrame
    value_labels: dict[str, dict] = field(default_factory=dict)
    missing: dict[str, list] = field(default_factory=dict)
    format: str = "CSV"


def file_format(path: str | Path) -> str:
    """The suffix that decides how ``path`` is read (a key of :data:`FORMATS`)."""
    name = Path(path).name.lower()
    for suffix in sorted(FORMATS, key=len, reverse=True):
        if name.endswith(suffix):
            return suffix
    raise UnreadableFile(f"{path}: unsupported file type; expected one of {', '.join(FORMATS)}")


def _spss_missing(meta) -> dict[str, list]:
    """SPSS user-missing values, from pyreadstat's ``missing_ranges`` metadata."""
    return {column: [r["lo"] if r["lo"] == r["hi"] else (r["lo"], r["hi"]) for r in ranges]
            for column, ranges in (getattr(meta, "missing_ranges", None) or {}).items() if ranges}


MAX_FILE_BYTES = 500_000_000
"""Largest data file read (500 MB), and largest text a compressed CSV may inflate to."""

MAX_ROWS = 1_000_000
"""Most rows (cases) a survey file may have: some 400 times the paper's sample."""

MAX_CELLS = 20_000_000
"""Most values (rows times columns) a survey file may have: about 1.2 GB once read as text."""

ZLIB_RATIO = 1100
"""Most values one byte of a zlib-compressed SPSS file (``.zsav``) can hold (zlib inflates at most 1032:1)."""

CHUNK_ROWS = 100_000
"""Rows of a CSV read at a time (the bounds are checked after every chunk)..."""

CHUNK_CELLS = 1_000_000
"""... and at most this many values: a wide file is read in fewer rows at a time."""


def _check_size(path: Path, rows: int | None, columns: int, what: str) -> None:
    """Refuse a declared (or counted) size beyond :data:`MAX_ROWS` or :data:`MAX_CELLS`."""
    if rows is not None and rows > MAX_ROWS:
        raise UnreadableFile(f"{path}: {what} {rows:,} rows, more than the {MAX_ROWS:,} a survey file may have")
    if rows is not None and rows * columns > MAX_CELLS:
        raise UnreadableFile(f"{path}: {what} {rows:,} rows of {columns:,} columns ({rows * columns:,} values), "
                             f"more than the {MAX_CELLS:,} a survey file may have")


def _read_stat(path: Path, suffix: str) -> RawTable:
    """An SPSS or Stata file, its header's size checked against the file before the data are read."""
    import pyreadstat

    errors = (pyreadstat.ReadstatError, pyreadstat.PyreadstatError, UnicodeDecodeError, ValueError, OSError)
    reader = pyreadstat.read_dta if suffix == ".dta" else pyreadstat.read_sav

    def read(**options):
        try:
            return reader(str(path), **options)
        except errors as exc:
            reason = " ".join(str(exc).split()) or type(exc).__name__
            raise UnreadableFile(f"{path}: not a readable {FORMATS[suffix]} file: {reason}") from None

    _, meta = read(metadataonly=True)
    rows, columns = meta.number_rows, meta.number_columns or 0
    per_byte = ZLIB_RATIO if suffix == ".zsav" else 1  # uncompressed or bytecode: a byte per value at least
    size = path.stat().st_size
    if rows is not None and rows * columns > size * per_byte:
        raise UnreadableFile(f"{path}: its header claims {rows:,} cases of {columns:,} variables, more than a "
                             f"file of {size:,} bytes can hold: a damaged or forged header")
    _check_size(path, rows, columns, "its header declares")
    frame, meta = read(row_limit=MAX_ROWS + 1, **({} if suffix == ".dta" else {"user_missing": True}))
    _check_size(path, len(frame), len(frame.columns), "holds at least" if len(frame) > MAX_ROWS else "holds")
    labels = dict(meta.variable_value_labels)
    return RawTable(frame, labels, {} if suffix == ".dta" else _spss_missing(meta), FORMATS[suffix])


def _read_parquet(path: Path) -> RawTable:
    """A Parquet file, its declared rows, values and inflated size checked before it is read."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        meta = pq.ParquetFile(path).metadata
        schema = meta.schema.to_arrow_schema()
    except Exception as exc:  # pyarrow raises its own error types, not one base class
        raise UnreadableFile(f"{path}: not a readable Parquet file: {' '.join(str(exc).split())}") from None
    twice = sorted({name for name in schema.names if schema.names.count(name) > 1})
    if twice:
        raise UnreadableFile(f"{path}: the column name {twice[0]!r} is given twice; give each column its own name")
    nested = [f.name for f in schema if pa.types.is_nested(f.type)]
    if nested:
        raise UnreadableFile(f"{path}: column {nested[0]!r} holds lists or records, not one value per row")
    _check_size(path, meta.num_rows, meta.num_columns, "its metadata declare")
    inflated = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
    if inflated > MAX_FILE_BYTES:
        raise UnreadableFile(f"{path}: inflates to {inflated:,} bytes, more than the {MAX_FILE_BYTES:,} "
                             "a data file may have")
    texts = [f.name for f in schema if pa.types.is_string(f.type) or pa.types.is_large_string(f.type)]
    # The metadata can lie: the data are read in batches and counted, and refused as soon as they pass a bound.
    batches, rows, size = [], 0, 0
    try:  # text read as dictionaries (a value repeated in every row is held once); an index is a column like any
        parquet = pq.ParquetFile(path, read_dictionary=texts)
        for batch in parquet.iter_batches(batch_size=CHUNK_ROWS, use_pandas_metadata=True):
            rows, size = rows + batch.num_rows, size + batch.nbytes
            if rows > MAX_ROWS or size > MAX_FILE_BYTES:
                raise UnreadableFile(f"{path}: holds at least {rows:,} rows ({size:,} bytes) where its metadata declare "
                                     f"{meta.num_rows:,} rows ({inflated:,} bytes), more than the {MAX_ROWS:,} rows or "
                                     f"{MAX_FILE_BYTES:,} bytes a data file may have: damaged or forged metadata")
            batches.append(batch)
        table = pa.Table.from_batches(batches) if batches else parquet.read(use_pandas_metadata=True)
        frame = table.to_pandas(ignore_metadata=True)
    except UnreadableFile:
        raise
    except Exception as exc:
        raise UnreadableFile(f"{path}: not a readable Parquet file: {' '.join(str(exc).split())}") from None
    return RawTable(frame.astype({name: object for name in texts}), format=FORMATS[".parquet"])


class _Capped(io.RawIOBase):
    """A binary stream that refuses to give more than ``limit`` bytes (a compressed file's inflated text)."""

    def __init__(self, raw, path: Path, limit: int):
        self.raw, self.path, self.limit, self.given = raw, path, limit, 0

    def readable(self) -> bool:
        """Always: a reading stream."""
        return True

    def readinto(self, buffer) -> int:
        """Read into ``buffer``, refusing the byte past the limit."""
        data = self.raw.read(len(buffer))
        self.given += len(data)
        if self.given > self.limit:
            raise UnreadableFile(f"{self.path}: inflates to more than {self.limit:,} bytes of text, "
                                 "the most a data file may have")
        buffer[: len(data)] = data
        return len(data)


def _open_text(path: Path, suffix: str):
    raw = gzip.open(path, "rb") if suffix == ".csv.gz" else open(path, "rb")
    return io.BufferedReader(_Capped(raw, path, MAX_FILE_BYTES), buffer_size=1 << 20)


def _csv_header(path: Path, suffix: str) -> list[str]:
    """The CSV's column names, refusing one given twice (pandas would rename the second ``name.1``)."""
    try:
        with _open_text(path, suffix) as stream:
            line = stream.readline(1 << 20)
        text = line.decode("utf-8-sig")
    except (UnicodeDecodeError, OSError, EOFError) as exc:
        raise UnreadableFile(f"{path}: not a readable {FORMATS[suffix]} file: {exc}") from None
    if line and not line.endswith(b"\n") and len(line) >= 1 << 20:
        raise UnreadableFile(f"{path}: the header line is longer than 1 MB")
    names = next(csv.reader([text]), [])
    seen: dict[str, int] = {}
    for number, name in enumerate(names, start=1):
        if name in seen:
            raise UnreadableFile(f"{path}: the column name {name!r} is given twice (columns {seen[name]} and "
                                 f"{number}); give each column its own name")
        seen[name] = number
    return names


def csv_chunks(path: str | Path):
    """Read a CSV or gzipped CSV as text, in chunks, within the bounds of a survey file."""
    path = Path(path)
    suffix = file_format(path)
    width = max(1, len(_csv_header(path, suffix)))
    rows = 0
    try:
        with _open_text(path, suffix) as stream:
            for chunk in pd.read_csv(stream, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8-sig",
                                     chunksize=max(1, min(CHUNK_ROWS, CHUNK_CELLS // width))):
                rows += len(chunk)
                _check_size(path, rows, len(chunk.columns), "holds at least")
                yield chunk
    except pd.errors.EmptyDataError as exc:
        raise UnreadableFile(f"{path}: empty file (no header, no rows)") from exc
    except (pd.errors.ParserError, UnicodeDecodeError, OSError, EOFError) as exc:
        raise UnreadableFile(f"{path}: not a readable {FORMATS[suffix]} file: {' '.join(str(exc).split())}") from None


def read_table(path: str | Path) -> RawTable:
    """Read a survey file of any supported format (see :data:`FORMATS`), within bounds.

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
        Naming the file and the reason: unsupported, unparsable, past a bound (bytes, rows,
        values, or more than the file can hold), or a column name given twice.
    """
    path = Path(path)
    suffix = file_format(path)
    if not path.is_file():
        raise UnreadableFile(f"{path}: file not found")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise UnreadableFile(f"{path}: {size:,} bytes, larger than the {MAX_FILE_BYTES:,} a data file may have")
    if suffix in (".csv", ".csv.gz"):
        chunks = list(csv_chunks(path))
        return RawTable(pd.concat(chunks) if len(chunks) > 1 else chunks[0], format=FORMATS[suffix])
    if suffix == ".parquet":
        return _read_parquet(path)
    return _read_stat(path, suffix)
