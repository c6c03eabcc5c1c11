"""How a researcher's survey file becomes the codebook: a YAML mapping file.

A mapping names, for codebook variables (``data/cmlrs/datapackage.json``), the user's column holding
each, how its codes or value labels become the codebook's, which codes mean missing, and how
variables the file lacks are derived. Every section is optional; an unmentioned variable is read
from the column of the same name. For an SPSS file::

    columns:                  # codebook variable: column of your file
      person_id: RESPID
      age: Q3
      gender: Q12
    codes:                    # column: {code or value label: codebook code}
      Q12: {Male: 0, Female: 1}
      EDU: {文盲: 1, 小学: 2, 初中: 3, 高中: 4, 大专及以上: 5}
    missing:                  # column: codes that mean "no answer"
      Q3: [-9, 999]
    derived:                  # codebook variable: how to make it
      migrated: {from: WORKSTAT, codes: {1: 1, 2: 0, 3: 0}}
      income: {sum: [INC_FARM, INC_WAGE]}
      province: {from: COUNTY, prefix: {"62": Gansu, "64": Ningxia}}
      training: {value: 0}
    drop_incomplete: true     # drop rows missing a required variable (default: refuse them)

SPSS user-missing values count too (a range: ``{low: 97, high: 99}``, inclusive); an unmapped code
is a problem naming variable, value and rows; a sum is missing when a part is. The file is bounded
UTF-8 YAML (:mod:`sunshine.runs.safeyaml`); a mapping that can mean two things (a code with two
targets, a column feeding two variables, a code both missing and mapped...) is refused, naming file
and key.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sunshine.data.readers import RawTable
from sunshine.files import sha256_file
from sunshine.runs import safeyaml
from sunshine.runs.safeyaml import short_repr

__all__ = ["Mapping", "MappingError", "Mapped", "load_mapping", "apply_mapping", "as_text", "check_against",
           "code_key", "rule_columns"]

SECTIONS = ("columns", "codes", "missing", "derived", "drop_incomplete")
RULES = {"codes": ("from", "codes"), "prefix": ("from", "prefix"), "sum": ("sum",), "value": ("value",)}


class MappingError(ValueError):
    """The mapping file is not valid: the message names the file and the key."""


#: Largest mapping file read (the bounded YAML of :mod:`sunshine.runs.safeyaml` refuses more).
MAX_MAPPING_BYTES = 256 * 1024


@dataclass
class Mapping:
    """A parsed mapping file (see the module docstring); the empty mapping changes nothing."""

    columns: dict[str, str] = field(default_factory=dict)
    codes: dict[str, dict] = field(default_factory=dict)
    missing: dict[str, list] = field(default_factory=dict)
    derived: dict[str, dict] = field(default_factory=dict)
    drop_incomplete: bool = False
    path: str | None = None
    sha256: str | None = None

    def source_of(self, variable: str) -> str:
        """What the variable is made from, in words (for reports)."""
        rule = self.derived.get(variable)
        if rule is None:
            return self.columns.get(variable, variable)
        if "sum" in rule:
            return " + ".join(map(str, rule["sum"]))
        if "value" in rule:
            return f"constant {rule['value']!r}"
        return f"{rule['from']} ({'prefix' if 'prefix' in rule else 'codes'})"


def _scalar(value: Any, what: str, *, text_only: bool = False) -> Any:
    """``value`` if it is one code (text or number); else a MappingError saying what ``what`` must be."""
    if isinstance(value, bool):
        raise MappingError(f"{what}: {value!r} is a YAML true/false (unquoted yes, no, on, off, true, false); "
                           "quote it ('yes') or give the number it means")
    if value is None or not isinstance(value, (str, int, float)) or (text_only and isinstance(value, float)):
        kind = "a column name (text)" if text_only else "one code: text or a number"
        raise MappingError(f"{what}: {short_repr(value)} is not {kind}")
    if isinstance(value, float) and not math.isfinite(value):
        raise MappingError(f"{what}: {value!r} is not a finite number")
    if isinstance(value, str) and not value.strip():
        raise MappingError(f"{what}: an empty text is not a code")
    return value


def code_key(value: Any) -> tuple[str, Any]:
    """The code a key or value stands for: ``("number", float)`` for numbers and numeric text, else ``("text", stripped)``.

    >>> code_key(1) == code_key("1") == code_key(" 1.0 ")
    True
    >>> code_key("男")
    ('text', '男')
    """
    try:
        number = float(value)
    except (TypeError, ValueError):
        return ("text", str(value).strip())
    return ("number", number) if math.isfinite(number) else ("text", str(value).strip())


def _codes(codes: Any, what: str, *, prefix: bool = False) -> dict:
    """A ``{code or label: codebook code}`` mapping, refusing a code given twice with two targets."""
    if not isinstance(codes, dict) or not codes:
        raise MappingError(f"{what}: expected a non-empty mapping {{code or label: codebook code}}")
    seen: dict[tuple, Any] = {}
    for key, target in codes.items():
        _scalar(key, f"{what}: key")
        _scalar(target, f"{what}: {key!r}")
        if prefix and isinstance(key, float):
            raise MappingError(f"{what}: prefix {key!r} is a decimal number; give the prefix as text (\"62\")")
        ident = ("text", str(key)) if prefix else code_key(key)
        if ident in seen and as_text(seen[ident][1]) != as_text(target):
            first, other = seen[ident]
            raise MappingError(f"{what}: keys {first!r} and {key!r} are the same code, mapped to {other!r} and to "
                               f"{target!r}: give each code once")
        seen.setdefault(ident, (key, target))
    if prefix:
        by_text = {str(k): v for k, v in codes.items()}
        for a, b in itertools.permutations(by_text, 2):
            if b.startswith(a) and as_text(by_text[a]) != as_text(by_text[b]):
                raise MappingError(f"{what}: prefix {a!r} also begins the prefix {b!r}, which maps elsewhere: "
                                   "a code would match both; give prefixes of which none begins another")
    return codes


def _missing_codes(codes: Any, what: str) -> list:
    """Missing codes: single codes, or inclusive ranges written ``{low: A, high: B}`` (tuples)."""
    if not isinstance(codes, list):
        raise MappingError(f"{what}: expected a list of codes, such as [-9, 999] or [{{low: 97, high: 99}}]")
    out = []
    for item in codes:
        if isinstance(item, dict):
            if set(item) != {"low", "high"}:
                raise MappingError(f"{what}: a range is written {{low: A, high: B}}, not {short_repr(item)}")
            low, high = (_scalar(item[k], f"{what}: {k}") for k in ("low", "high"))
            if not all(code_key(v)[0] == "number" for v in (low, high)) or float(low) > float(high):
                raise MappingError(f"{what}: range {short_repr(item)}: low and high must be numbers, low <= high")
            out.append((float(low), float(high)))
        elif isinstance(item, list):
            raise MappingError(f"{what}: {short_repr(item)} is a list inside the list, which matches no value: "
                               "list each code, or write a range as {low: 97, high: 99}")
        else:
            out.append(_scalar(item, what))
    return out


def _check_rule(variable: str, rule: Any, where: str) -> dict:
    what = f"{where}: derived: {variable}"
    if not isinstance(rule, dict):
        raise MappingError(f"{what}: expected a mapping such as {{sum: [A, B]}}")
    for kind, keys in RULES.items():
        if set(rule) != set(keys):
            continue
        if kind == "sum":
            if not isinstance(rule["sum"], list) or len(rule["sum"]) < 2:
                raise MappingError(f"{what}: sum needs a list of at least two columns")
            names = [str(_scalar(c, f"{what}: sum", text_only=True)) for c in rule["sum"]]
            if len(set(names)) < len(names):
                raise MappingError(f"{what}: sum names a column twice ({short_repr(rule['sum'])})")
        elif kind == "value":
            _scalar(rule["value"], f"{what}: value")
        else:
            _scalar(rule["from"], f"{what}: from", text_only=True)
            _codes(rule[kind], f"{what}: {kind}", prefix=kind == "prefix")
        return rule
    shapes = "; ".join("{" + ", ".join(keys) + "}" for keys in RULES.values())
    raise MappingError(f"{what}: keys {short_repr(sorted(map(str, rule)))} are not one of the rules {shapes}")


def _check_sections(loaded: dict, where: str, names: list[str]) -> None:
    for section, value in loaded.items():
        if section not in SECTIONS:
            raise MappingError(f"{where}: unknown section {short_repr(section)}; the sections are {', '.join(SECTIONS)}")
        if section == "drop_incomplete":
            if not isinstance(value, bool):
                raise MappingError(f"{where}: drop_incomplete must be true or false, not {short_repr(value)}")
            continue
        if not isinstance(value, dict):
            raise MappingError(f"{where}: section {section!r} must be a mapping")
        for key in value:
            _scalar(key, f"{where}: {section}: key", text_only=True)
        if section in ("columns", "derived"):
            unknown = [k for k in value if k not in names]
            if unknown:
                raise MappingError(f"{where}: {section}: {short_repr(unknown[0])} is not a codebook variable "
                                   f"(they are {', '.join(names)})")
    for variable, column in loaded.get("columns", {}).items():
        _scalar(column, f"{where}: columns: {variable}", text_only=True)


def _check_sources(mapping: Mapping, where: str) -> None:
    """Refuse a variable both renamed and derived, and a column renamed to two variables or also derived from."""
    both = sorted(set(mapping.columns) & set(mapping.derived))
    if both:
        raise MappingError(f"{where}: {both[0]!r} is under both columns ({mapping.columns[both[0]]}) and derived: "
                           "give each variable one source")
    fed: dict[str, str] = {}
    for variable, column in mapping.columns.items():
        if column in fed:
            raise MappingError(f"{where}: columns: column {column!r} feeds two variables, {fed[column]!r} and "
                               f"{variable!r}: give each variable its own column")
        fed[column] = variable
    for variable, rule in mapping.derived.items():
        for column in rule_columns(rule):
            if column in fed:
                raise MappingError(f"{where}: column {column!r} feeds {fed[column]!r} (columns) and {variable!r} "
                                   "(derived): give each variable its own column")


def rule_columns(rule: dict) -> list[str]:
    """The file columns a derived rule reads."""
    if "sum" in rule:
        return [str(c) for c in rule["sum"]]
    return [str(rule["from"])] if "from" in rule else []


def _read_yaml(path: Path) -> Any:
    """The mapping file through the bounded YAML reader, every refusal naming the file."""
    where = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_MAPPING_BYTES:
            raise MappingError(f"{where}: {size:,} bytes, more than the {MAX_MAPPING_BYTES:,} a mapping file may have")
        raw = path.read_bytes()
    except OSError as exc:
        raise MappingError(f"{where}: cannot be read ({exc.strerror or exc})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise MappingError(f"{where}: line {line}: byte {raw[exc.start]:#04x} is not UTF-8 text; "
                           "save the mapping as UTF-8") from None
    try:
        return safeyaml.load(text, source=where, max_bytes=MAX_MAPPING_BYTES)
    except safeyaml.UnsafeYamlError as exc:
        raise MappingError(str(exc)) from None


def load_mapping(path: str | Path, names: list[str]) -> Mapping:
    """Read and check a mapping file."""
    path = Path(path)
    where = str(path)
    if not path.is_file():
        raise MappingError(f"{where}: mapping file not found")
    loaded = _read_yaml(path)
    loaded = {} if loaded is None else loaded
    if not isinstance(loaded, dict):
        raise MappingError(f"{where}: expected a mapping with sections {', '.join(SECTIONS)}")
    _check_sections(loaded, where, names)
    mapping = Mapping(
        columns={k: str(v) for k, v in loaded.get("columns", {}).items()},
        codes={str(k): _codes(v, f"{where}: codes: {k}") for k, v in loaded.get("codes", {}).items()},
        missing={str(k): _missing_codes(v, f"{where}: missing: {k}")
                 for k, v in loaded.get("missing", {}).items()},
        derived={k: _check_rule(k, rule, where) for k, rule in loaded.get("derived", {}).items()},
        drop_incomplete=bool(loaded.get("drop_incomplete", False)),
        path=where,
        sha256=sha256_file(path),
    )
    _check_sources(mapping, where)
    return mapping


def as_text(value: Any) -> Any:
    """A stored value as the codebook's text: ``2.0`` -> ``"2"``, ``"Gansu"`` kept, missing -> NaN."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return np.nan
    if isinstance(value, (bool, np.bool_, int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        return str(int(value)) if float(value).is_integer() else repr(float(value))
    return str(value).strip()


def _same(value: Any, key: Any) -> bool:
    """Whether a stored value is the code ``key`` (numbers compare as numbers, else as text)."""
    try:
        return float(value) == float(key)
    except (TypeError, ValueError):
        return str(value).strip() == str(key).strip()


@dataclass
class Mapped:
    """The user's file as codebook columns of text (NaN missing, the file's rows as index), with its
    ``problems`` (``variable, column, value, rows, check``), the values each declared code ``made_missing``,
    the rows ``dropped`` per required variable, and the ``read_rows``."""

    frame: pd.DataFrame
    problems: list[dict]
    made_missing: dict[str, dict]
    dropped: dict[str, int]
    read_rows: int


class _Builder:
    """Applies one mapping to one table, collecting problems instead of stopping at the first."""

    def __init__(self, table: RawTable, mapping: Mapping):
        self.table, self.mapping = table, mapping
        self.problems: list[dict] = []
        self.made_missing: dict[str, dict] = {}
        self._cache: dict[str, pd.Series] = {}

    def problem(self, variable, column, value, rows, check) -> None:
        """Record a problem; ``rows`` are 0-based positions, recorded 1-based."""
        self.problems.append({"variable": variable, "column": column, "value": value,
                              "rows": [int(r) + 1 for r in rows], "check": check})

    def column(self, variable: str, name: str) -> pd.Series | None:
        """A source column with its missing codes (SPSS user-missing and the mapping's) made NaN."""
        if name in self._cache:
            return self._cache[name]
        if name not in self.table.frame.columns:
            self.problem(variable, name, None, [], f"column {name!r} is not in the file")
            return None
        values = self.table.frame[name].astype(object)
        gone = pd.Series(False, index=values.index)
        counts: dict = {}
        for code in _declared(self.mapping, self.table, name):
            if isinstance(code, tuple):
                numeric = pd.to_numeric(values, errors="coerce")
                hit = numeric.between(code[0], code[1]).fillna(False)
            else:
                hit = values.map(lambda v, c=code: v == v and v is not None and _same(v, c))
            hit = hit.astype(bool) & ~gone
            if hit.any():
                counts[as_text(code) if not isinstance(code, tuple) else f"{as_text(code[0])}..{as_text(code[1])}"] = int(hit.sum())
            gone |= hit
        if counts:
            self.made_missing[name] = counts
        self._cache[name] = values.where(~gone, np.nan)
        return self._cache[name]

    def recode(self, variable: str, name: str, values: pd.Series, codes: dict, *, prefix=False) -> pd.Series:
        """Codes (or value labels, or code prefixes) to codebook codes; unmatched ones are problems."""
        labels = self.table.value_labels.get(name, {})

        def lookup(value):
            text = as_text(value)
            for key, target in codes.items():
                if prefix:
                    if text.startswith(str(key)):
                        return target
                elif _same(value, key) or any(_same(value, code) and label == key for code, label in labels.items()):
                    return target
            return _UNMAPPED

        mapped = values.map(lambda v: np.nan if v != v or v is None else lookup(v))
        unmapped = mapped.map(lambda v: v is _UNMAPPED)
        for value, rows in values[unmapped].groupby(values[unmapped].map(as_text)).groups.items():
            label = next((lab for code, lab in labels.items() if _same(value, code)), None)
            shown = f"{value} ({label})" if label is not None else value
            self.problem(variable, name, shown, sorted(rows),
                         f"code not mapped ({'prefix' if prefix else 'codes'} of {name} in the mapping)")
        return mapped.where(~unmapped, np.nan)

    def derive(self, variable: str, rule: dict) -> pd.Series | None:
        """A derived variable: constant, sum of columns, or recoded codes or code prefixes."""
        if "value" in rule:
            return pd.Series(rule["value"], index=self.table.frame.index, dtype=object)
        if "sum" in rule:
            parts = [self.column(variable, str(name)) for name in rule["sum"]]
            if any(p is None for p in parts):
                return None
            numbers = []
            for name, part in zip(rule["sum"], parts):
                number = pd.to_numeric(part, errors="coerce")
                bad = part.notna() & number.isna()
                for value, rows in part[bad].groupby(part[bad].map(as_text)).groups.items():
                    self.problem(variable, str(name), value, sorted(rows), "not a number (part of a sum)")
                numbers.append(number)
            return sum(numbers[1:], numbers[0]).astype(object)
        source = self.column(variable, str(rule["from"]))
        if source is None:
            return None
        kind = "prefix" if "prefix" in rule else "codes"
        return self.recode(variable, str(rule["from"]), source, rule[kind], prefix=kind == "prefix")

    def variable(self, variable: str) -> pd.Series | None:
        """A codebook variable from its rule, its mapped column or its namesake (None if absent)."""
        if variable in self.mapping.derived:
            return self.derive(variable, self.mapping.derived[variable])
        name = self.mapping.columns.get(variable, variable)
        if name not in self.table.frame.columns and variable not in self.mapping.columns:
            return None  # absent: the codebook check names the missing column
        values = self.column(variable, name)
        if values is not None and name in self.mapping.codes:
            values = self.recode(variable, name, values, self.mapping.codes[name])
        return values


_UNMAPPED = object()


def _conflicts(codes: dict, mapping: Mapping, table: RawTable, column: str, what: str) -> None:
    """Refuse a value label and its code given as two keys with two targets, and a mapped code declared missing."""
    labels = table.value_labels.get(column, {})
    by_code = {code_key(k): (k, t) for k, t in codes.items()}
    covered = {code_key(k): k for k in codes}
    for key, target in codes.items():
        for code, label in labels.items():
            other = by_code.get(code_key(code))
            if label == key and other is not None and as_text(other[1]) != as_text(target):
                raise MappingError(f"{what}: key {key!r} is the value label of code {as_text(code)}, which key "
                                   f"{other[0]!r} maps to {other[1]!r}, not {target!r}: give each code once")
            if label == key:
                covered.setdefault(code_key(code), key)
    for gone in _declared(mapping, table, column):
        if isinstance(gone, tuple):
            hit = [k for (kind, v), k in covered.items() if kind == "number" and gone[0] <= v <= gone[1]]
            shown = f"{as_text(gone[0])}..{as_text(gone[1])}"
        else:
            hit = [covered[code_key(gone)]] if code_key(gone) in covered else []
            shown = as_text(gone)
        if hit:
            raise MappingError(f"{what}: key {hit[0]!r} maps a code that is declared missing ({shown}, under missing "
                               "or in the file): give each code one meaning")


def _declared(mapping: Mapping, table: RawTable, column: str) -> list:
    """The codes of a column declared missing, by the file (SPSS) and by the mapping."""
    return list(table.missing.get(column, [])) + list(mapping.missing.get(column, []))


def check_against(mapping: Mapping, table: RawTable, fields: list[dict]) -> None:
    """Refuse what the mapping makes ambiguous for this file, before anything is mapped."""
    where = mapping.path or "the mapping"
    direct: dict[str, str] = {}
    derived_from: dict[str, str] = {}
    for f in fields:
        name = f["name"]
        if name in mapping.derived:
            derived_from.update({c: name for c in rule_columns(mapping.derived[name])})
            continue
        column = mapping.columns.get(name, name)
        if column not in table.frame.columns and name not in mapping.columns:
            continue
        if column in direct:
            raise MappingError(f"{where}: column {column!r} of the file feeds two variables, {direct[column]!r} "
                               f"and {name!r}: give each variable its own column")
        direct[column] = name
    for column, variable in derived_from.items():
        if column in direct:
            raise MappingError(f"{where}: column {column!r} of the file feeds {direct[column]!r} and {variable!r} "
                               f"(derived): give each variable its own column")
    for column, codes in mapping.codes.items():
        if column in table.frame.columns and column not in direct:
            raise MappingError(f"{where}: codes: {column}: no variable reads column {column!r} (a derived rule "
                               "has its own codes): remove it, or name the column under columns")
        _conflicts(codes, mapping, table, column, f"{where}: codes: {column}")
    for variable, rule in mapping.derived.items():
        if "codes" in rule:
            _conflicts(rule["codes"], mapping, table, str(rule["from"]),
                       f"{where}: derived: {variable}: codes")
    for column, codes in mapping.missing.items():
        if column not in table.frame.columns:
            raise MappingError(f"{where}: missing: column {column!r} is not in the file, so its codes would match "
                               "nothing")
        _refuse_text_that_cannot_match(codes, table, column, f"{where}: missing: {column}")


def _refuse_text_that_cannot_match(codes: list, table: RawTable, column: str, what: str) -> None:
    """Refuse a missing code typed as a range ("97-99"), or text in a column stored as numbers (which it
    can never match); a code a text column (a CSV) does not hold yet may be a code of another wave."""
    values = table.frame[column].dropna()
    numeric = pd.api.types.is_numeric_dtype(table.frame[column])
    for code in codes:
        text = "" if isinstance(code, tuple) or code_key(code)[0] == "number" else str(code).strip()
        if not text or re.fullmatch(r"\.[a-z]?", text):  # Stata's . and .a-.z are missing already
            continue
        if re.fullmatch(r"-?\d+(\.\d+)?\s*(-|–|\.\.|to)\s*-?\d+(\.\d+)?", text):
            raise MappingError(f"{what}: {code!r} is text that looks like a range, so it would match nothing: "
                               "write a range as an item of the list, [{low: 97, high: 99}]")
        if numeric and not values.map(lambda v, c=code: _same(v, c)).any():
            coded = [as_text(c) for c, label in table.value_labels.get(column, {}).items() if label == text]
            hint = f"give its code, {coded[0]}" if coded else "list each code as a number"
            raise MappingError(f"{what}: {code!r} is not a number and column {column!r} holds numbers, so it "
                               f"would match nothing: {hint}")


def apply_mapping(table: RawTable, mapping: Mapping, fields: list[dict]) -> Mapped:
    """Turn a read file into the codebook's columns, collecting every problem."""
    check_against(mapping, table, fields)
    builder = _Builder(table, mapping)
    columns = {f["name"]: builder.variable(f["name"]) for f in fields}
    out = {name: v.map(as_text).astype(object) for name, v in columns.items() if v is not None}
    frame = pd.DataFrame(out, index=table.frame.index)
    for name in mapping.codes:  # a codes mapping of a column no variable uses
        if name not in table.frame.columns:
            builder.problem(None, name, None, [], f"column {name!r} of the codes section is not in the file")
    dropped: dict[str, int] = {}
    if mapping.drop_incomplete:
        incomplete = pd.Series(False, index=frame.index)
        for f in fields:
            if f.get("constraints", {}).get("required") and f["name"] in frame.columns:
                lacking = frame[f["name"]].isna() & ~incomplete
                if lacking.any():
                    dropped[f["name"]] = int(lacking.sum())
                incomplete |= lacking
        frame = frame[~incomplete]
    return Mapped(frame, builder.problems, builder.made_missing, dropped, len(table.frame))
