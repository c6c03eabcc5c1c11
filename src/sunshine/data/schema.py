"""Table Schemas as pandera schemas: the one validation route of the project's data.

Every data folder describes its CSVs in a ``datapackage.json`` (Frictionless Table Schemas);
:func:`pandera_schema` makes them pandera schemas, and :func:`load_resource` reads and validates a
resource, naming file, line and column on the first problem.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

__all__ = ["read_package", "resource", "pandera_schema", "load_resource", "ordered"]


def read_package(path: str | Path) -> dict:
    """Read a ``datapackage.json`` afresh (a few kilobytes: no cache to go stale)."""
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


#: Frames validated in this process, by their resource (schema included) and the SHA-256 of the file
#: (a chapter reads the same published tables many times; validating them costs a tenth of a second each).
_VALIDATED: dict[tuple[str, str], pd.DataFrame] = {}


def resource(package_path: str | Path, name: str) -> dict:
    """One resource of a data package, its ``schema`` resolved to a Table Schema."""
    package = read_package(package_path)
    for res in package["resources"]:
        if res["name"] == name:
            res = dict(res)
            if isinstance(res["schema"], str):
                res["schema"] = package["schemas"][res["schema"]]
            res["path"] = str(Path(package_path).parent / res["path"])
            return res
    raise KeyError(f"{package_path} has no resource {name!r}; it has {[r['name'] for r in package['resources']]}")


def _checks(field: dict) -> list[pa.Check]:
    """pandera checks of a field's ``minimum``, ``maximum`` and ``enum`` constraints."""
    c = field.get("constraints", {})
    checks = []
    if "minimum" in c:
        checks.append(pa.Check.ge(c["minimum"], error=f"minimum {c['minimum']}"))
    if "maximum" in c:
        checks.append(pa.Check.le(c["maximum"], error=f"maximum {c['maximum']}"))
    if "enum" in c:
        checks.append(pa.Check.isin(c["enum"], error=f"unknown category (allowed {c['enum']})"))
    return checks


def pandera_schema(fields: Iterable[dict], *, primary_key: Iterable[str] = (), checks: Iterable[pa.Check] = (),
                   name: str | None = None) -> pa.DataFrameSchema:
    """A pandera schema from Table Schema fields (numbers as float64 with NaN missing, strings as object)."""
    columns = {}
    for f in fields:
        c = f.get("constraints", {})
        dtype = str if f.get("type", "string") == "string" else float
        columns[f["name"]] = pa.Column(dtype, checks=_checks(f), nullable=not c.get("required", False),
                                       unique=bool(c.get("unique", False)), coerce=False)
    key = list(primary_key)
    return pa.DataFrameSchema(columns, checks=list(checks), strict=False, name=name,
                              unique=key or None, report_duplicates="exclude_first")


def ordered(low: str, high: str) -> pa.Check:
    """A check across columns: ``low`` never exceeds ``high`` on a row."""
    return pa.Check(lambda df: ~(df[low] > df[high]),
                    error=f"column {low!r} ({{{low}}}) exceeds column {high!r} ({{{high}}})")


class _Problem(ValueError):
    """A problem found while converting a column, with the data row it is on."""

    def __init__(self, index: int, message: str):
        self.index = index
        super().__init__(message)


def _convert(raw: pd.DataFrame, fields: list[dict]) -> pd.DataFrame:
    """Numbers as float64 (NaN = empty) and strings stripped (blank = empty), per the fields' types."""
    df = raw.copy()
    for f in fields:
        name, kind = f["name"], f.get("type", "string")
        text = raw[name].str.strip().where(raw[name].str.strip() != "")
        if kind == "string":
            df[name] = text.astype(object)
            continue
        number = pd.to_numeric(text, errors="coerce").astype(float)
        bad = text.notna() & number.isna()
        if bad.any():
            first = int(bad.to_numpy().nonzero()[0][0])
            raise _Problem(first, f"column {name!r} must be numeric, found {raw[name].iloc[first]!r}")
        fraction = number.notna() & (number != number.round())
        if kind == "integer" and fraction.any():
            first = int(fraction.to_numpy().nonzero()[0][0])
            raise _Problem(first, f"column {name!r} must be a whole number, found {raw[name].iloc[first]!r}")
        df[name] = number
    return df


def _message(case, df: pd.DataFrame, raw: pd.DataFrame, key: list[str]) -> str:
    """The sentence for one pandera failure case."""
    check, column, row = str(case["check"]), case["column"], int(case["index"])
    if check == "not_nullable":
        return f"empty value in column {column!r}"
    if check == "multiple_fields_uniqueness":
        return "duplicate row for " + ", ".join(f"{k}={raw[k].iloc[row]!r}" for k in key)
    if check == "field_uniqueness":
        return f"duplicate value {raw[column].iloc[row]!r} in column {column!r} (must be unique)"
    if "{" in check:  # a check across columns: its error is a template of the row's values
        return check.format(**df.iloc[row].to_dict())
    if check.startswith("unknown category"):
        return f"column {column!r} has unknown value {raw[column].iloc[row]!r}; allowed: {check.split('allowed ')[1][:-1]}"
    return f"column {column!r}, value {raw[column].iloc[row]!r}: {check}"


def load_resource(package_path: str | Path, name: str, path: str | Path | None = None, *,
                  what: str | None = None, checks: Iterable[pa.Check] = ()) -> pd.DataFrame:
    """Read one CSV resource of a data package and validate it against its Table Schema."""
    res = resource(package_path, name)
    fields = res["schema"]["fields"]
    key = list(res["schema"].get("primaryKey", []))
    path = Path(path) if path is not None else Path(res["path"])
    if not path.is_file():
        raise FileNotFoundError(f"{path}: {what or res.get('title', name)} not found")
    cache_key = None if checks else (json.dumps(res, sort_keys=True, default=str), hashlib.sha256(path.read_bytes()).hexdigest())
    if cache_key in _VALIDATED:
        return _VALIDATED[cache_key].copy()
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    names = [f["name"] for f in fields]
    missing = [n for n in names if n not in raw.columns]
    if missing:
        raise ValueError(f"{path}: missing column(s) {', '.join(map(repr, missing))}; expected {', '.join(names)}")
    try:
        df = _convert(raw, fields)
    except _Problem as problem:
        raise ValueError(f"{path}, line {problem.index + 2}: {problem}") from None
    try:
        pandera_schema(fields, primary_key=key, checks=checks, name=name).validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases.assign(index=pd.to_numeric(exc.failure_cases["index"], errors="coerce"))
        first = cases.dropna(subset=["index"]).sort_values("index", kind="stable").iloc[0]
        raise ValueError(f"{path}, line {int(first['index']) + 2}: {_message(first, df, raw, key)}") from None
    for f in fields:
        if f.get("type") == "integer" and df[f["name"]].notna().all():
            df[f["name"]] = df[f["name"]].astype("int64")
    df = df[names + [c for c in df.columns if c not in names]].reset_index(drop=True)
    if cache_key is not None:
        _VALIDATED[cache_key] = df.copy()
    return df
