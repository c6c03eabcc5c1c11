"""How a researcher's survey file becomes the codebook: a YAML mapping file.

A mapping names, for the codebook's variables (``data/cmlrs/datapackage.json``),
the column of the user's file that holds each, how its codes or value labels
become the codebook's codes, which codes mean missing, and how variables that
the file does not hold are derived. Every section is optional; a codebook
variable that the mapping does not mention is taken from the column of the same
name. An example, for an SPSS file::

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

SPSS user-missing values declared in the file are honoured (they become missing)
in addition to the codes listed under ``missing``. A code that a ``codes`` (or
derived ``codes``/``prefix``) mapping does not cover is a problem, named with
the variable, the value and the rows. A sum is missing when any of its parts is.

The file is read with :func:`yaml.safe_load` semantics (no Python objects) and
a key given twice in one mapping is refused, since YAML would otherwise keep
the last silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from sunshine.data.readers import RawTable
from sunshine.files import sha256_file

__all__ = ["Mapping", "MappingError", "Mapped", "load_mapping", "apply_mapping", "as_text"]

SECTIONS = ("columns", "codes", "missing", "derived", "drop_incomplete")
RULES = {"codes": ("from", "codes"), "prefix": ("from", "prefix"), "sum": ("sum",), "value": ("value",)}


class MappingError(ValueError):
    """The mapping file is not valid: the message names the file and the key."""


class _UniqueKeyLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that refuses a key given twice in one mapping."""

    def construct_mapping(self, node, deep=False):
        """A mapping, refusing a key that it holds twice (naming the key and its line)."""
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                raise MappingError(f"line {key_node.start_mark.line + 1}: key {key!r} is given twice")
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


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
        """What the variable is made from, in words (for reports).

        Parameters
        ----------
        variable : str
            A codebook variable name.

        Returns
        -------
        str
            For a derived variable, its rule in words (``"A + B"``,
            ``"constant 1"``, ``"COL (codes)"`` or ``"COL (prefix)"``); else the
            file column renamed to it, or the variable's own name when the
            mapping does not rename it.
        """
        rule = self.derived.get(variable)
        if rule is None:
            return self.columns.get(variable, variable)
        if "sum" in rule:
            return " + ".join(map(str, rule["sum"]))
        if "value" in rule:
            return f"constant {rule['value']!r}"
        return f"{rule['from']} ({'prefix' if 'prefix' in rule else 'codes'})"


def _check_sections(loaded: dict, where: str, names: list[str]) -> None:
    for section, value in loaded.items():
        if section not in SECTIONS:
            raise MappingError(f"{where}: unknown section {section!r}; the sections are {', '.join(SECTIONS)}")
        if section == "drop_incomplete":
            if not isinstance(value, bool):
                raise MappingError(f"{where}: drop_incomplete must be true or false, not {value!r}")
            continue
        if not isinstance(value, dict):
            raise MappingError(f"{where}: section {section!r} must be a mapping")
        if section in ("columns", "derived"):
            unknown = [k for k in value if k not in names]
            if unknown:
                raise MappingError(f"{where}: {section}: {unknown[0]!r} is not a codebook variable "
                                   f"(they are {', '.join(names)})")
    for column, codes in loaded.get("codes", {}).items():
        if not isinstance(codes, dict) or not codes:
            raise MappingError(f"{where}: codes: {column}: expected a mapping {{code or label: codebook code}}")
    for column, codes in loaded.get("missing", {}).items():
        if not isinstance(codes, list):
            raise MappingError(f"{where}: missing: {column}: expected a list of codes")


def _check_rule(variable: str, rule: Any, where: str) -> None:
    if not isinstance(rule, dict):
        raise MappingError(f"{where}: derived: {variable}: expected a mapping such as {{sum: [A, B]}}")
    for kind, keys in RULES.items():
        if set(rule) == set(keys):
            if kind == "sum" and (not isinstance(rule["sum"], list) or len(rule["sum"]) < 2):
                raise MappingError(f"{where}: derived: {variable}: sum needs a list of at least two columns")
            if kind in ("codes", "prefix") and (not isinstance(rule[kind], dict) or not rule[kind]):
                raise MappingError(f"{where}: derived: {variable}: {kind} must be a non-empty mapping")
            return
    shapes = "; ".join("{" + ", ".join(keys) + "}" for keys in RULES.values())
    raise MappingError(f"{where}: derived: {variable}: keys {sorted(rule)} are not one of the rules {shapes}")


def load_mapping(path: str | Path, names: list[str]) -> Mapping:
    """Read and check a mapping file.

    Parameters
    ----------
    path : path
        The YAML file.
    names : list of str
        The codebook's variable names (the keys ``columns`` and ``derived`` may use).

    Returns
    -------
    Mapping
        With the file's path and SHA-256 (recorded in rerun manifests).

    Raises
    ------
    MappingError
        For a missing or unparsable file, a duplicated key, an unknown section
        or variable, or a malformed rule, naming the file and the key.
    """
    path = Path(path)
    where = str(path)
    if not path.is_file():
        raise MappingError(f"{where}: mapping file not found")
    try:
        loaded = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader) or {}
    except MappingError as exc:
        raise MappingError(f"{where}: {exc}") from None
    except yaml.YAMLError as exc:
        raise MappingError(f"{where}: not valid YAML: {exc}") from None
    if not isinstance(loaded, dict):
        raise MappingError(f"{where}: expected a mapping with sections {', '.join(SECTIONS)}")
    _check_sections(loaded, where, names)
    for variable, rule in loaded.get("derived", {}).items():
        _check_rule(variable, rule, where)
    return Mapping(
        columns={k: str(v) for k, v in loaded.get("columns", {}).items()},
        codes={str(k): v for k, v in loaded.get("codes", {}).items()},
        missing={str(k): v for k, v in loaded.get("missing", {}).items()},
        derived=dict(loaded.get("derived", {})),
        drop_incomplete=bool(loaded.get("drop_incomplete", False)),
        path=str(path),
        sha256=sha256_file(path),
    )


def as_text(value: Any) -> Any:
    """A stored value as the codebook's text: ``2.0`` -> ``"2"``, ``"Gansu"`` kept, missing -> NaN.

    Parameters
    ----------
    value : object
        One cell as a reader returns it: text, a number (Python or NumPy),
        a boolean, ``None``, NaN or ``pd.NA``.

    Returns
    -------
    str or float
        The value as text (a whole number without decimals, a boolean as
        ``"0"``/``"1"``, other text stripped of surrounding spaces); NaN for a
        missing value.
    """
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return np.nan
    if isinstance(value, (bool, np.bool_)):
        return str(int(value))
    if isinstance(value, (int, np.integer)):
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
    """The user's file turned into the codebook's columns, as text, and what it took.

    Attributes
    ----------
    frame : DataFrame
        Codebook columns as text (NaN = missing); the index is the 0-based row
        of the user's file, kept through dropped rows so that errors name it.
    problems : list of dict
        ``variable``, ``column``, ``value``, ``rows`` (1-based), ``check``.
    made_missing : dict
        ``{column: {code: count}}``: values turned missing by a declared code.
    dropped : dict
        ``{variable: count}``: rows dropped for lacking a required variable.
    read_rows : int
        Rows in the user's file.
    """

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
        declared = list(self.table.missing.get(name, [])) + list(self.mapping.missing.get(name, []))
        gone = pd.Series(False, index=values.index)
        counts: dict = {}
        for code in declared:
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


def apply_mapping(table: RawTable, mapping: Mapping, fields: list[dict]) -> Mapped:
    """Turn a read file into the codebook's columns, collecting every problem.

    Parameters
    ----------
    table : RawTable
        The file as read by :func:`sunshine.data.readers.read_table`.
    mapping : Mapping
        The mapping (``Mapping()`` for a file already in the codebook's names and codes).
    fields : list of dict
        The codebook's Table Schema fields.

    Returns
    -------
    Mapped
        The codebook columns as text, the problems (codes not mapped, columns
        not in the file, non-numeric parts of sums), the values made missing
        and the rows dropped (with ``drop_incomplete``).
    """
    builder = _Builder(table, mapping)
    out = {}
    for f in fields:
        values = builder.variable(f["name"])
        if values is not None:
            out[f["name"]] = values.map(as_text).astype(object)
    frame = pd.DataFrame(out, index=table.frame.index)
    for name, codes in mapping.codes.items():  # a codes mapping of a column no variable uses
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
