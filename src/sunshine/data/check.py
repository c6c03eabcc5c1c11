"""Check a data file (and its mapping) without running anything: ``sunshine check-data``.

:func:`check_data` reads them as the chapters would (:func:`sunshine.data.survey.load`) and reports
rows read, made missing and dropped by each rule, each variable's distribution, unmapped codes and
every problem with its variable, value and rows. It writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from sunshine.data import survey
from sunshine.data.mapping import Mapping, MappingError, apply_mapping, load_mapping
from sunshine.data.readers import FORMATS, UnreadableFile, file_format, read_table
from sunshine.data.sample import select, selection_rules
from sunshine.runs.parameters import ChapterParameters, ParameterError, validate

__all__ = ["CheckReport", "check_data"]


@dataclass
class CheckReport:
    """What :func:`check_data` found; :meth:`text` prints it."""

    path: str
    format: str = ""
    mapping: Mapping | None = None
    lines: list[str] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether the chapters would accept the file."""
        return not self.problems

    def text(self) -> str:
        """The report as text: summary lines, then the problems (or that there are none)."""
        out = list(self.lines)
        if self.problems:
            out.append(f"problems ({len(self.problems)}):")
            for p in self.problems:
                rows = p.get("rows") or ([p["row"]] if p.get("row") else [])
                where = f" rows {_rows(rows)}" if rows else ""
                value = "" if p.get("value") is None else f" value {p['value']!r}"
                detail = f":{value}{where}" if value or where else ""
                out.append(f"  {p.get('variable') or p.get('column')}{detail}: {p['check']}")
            out.append("the chapters would refuse this file")
        else:
            out.append("problems: none; the chapters would accept this file")
        return "\n".join(out)


def _rows(rows: list[int]) -> str:
    shown = ", ".join(str(r) for r in rows[:8])
    return shown + (f", ... ({len(rows)} rows)" if len(rows) > 8 else "")


def _distribution(values: pd.Series, field_: dict) -> str:
    present = values.dropna()
    if present.empty:
        return "no values"
    if field_["type"] == "string" or "enum" in field_.get("constraints", {}):
        counts = present.value_counts().sort_index()
        return ", ".join(f"{code}: {n:,}" for code, n in counts.items())
    numbers = pd.to_numeric(present, errors="coerce").dropna()
    if numbers.empty:
        return "no numeric values"
    return f"min {numbers.min():g}, median {numbers.median():g}, max {numbers.max():g}"


def _variables(frame: pd.DataFrame, mapping: Mapping, made_missing: dict) -> list[str]:
    lines = ["variables (source; missing; distribution):"]
    for f in survey.codebook():
        name = f["name"]
        if name not in frame.columns:
            lines.append(f"  {name}: not in the file")
            continue
        source = mapping.source_of(name)
        gone = made_missing.get(source, {})
        because = ", made missing: " + ", ".join(f"code {c} x {n:,}" for c, n in gone.items()) if gone else ""
        n_missing = int(frame[name].isna().sum())
        share = n_missing / len(frame) if len(frame) else 0.0
        lines.append(f"  {name} ({source}; {n_missing:,} missing ({share:.1%}){because}): "
                     f"{_distribution(frame[name], f)}")
    return lines


def _selection(frame: pd.DataFrame, params: ChapterParameters) -> list[str]:
    """Rows kept and dropped by each selection rule of the chapters, applied in turn."""
    lines = ["chapters' selection (rules applied in turn):"]
    keep = pd.Series(True, index=frame.index)
    for label, rule in selection_rules(frame, params):
        before = int(keep.sum())
        keep &= rule
        lines.append(f"  {label}: {int(keep.sum()):,} kept, {before - int(keep.sum()):,} dropped")
    lines.append(f"rows the chapters would analyse: {int(keep.sum()):,}")
    return lines


def _problem(check: str, column: str = "(file)") -> dict:
    return {"variable": None, "column": column, "value": None, "rows": [], "check": check}


def _read(report: CheckReport, path: Path, mapping_path):
    """The file read and mapped, or None with the problem recorded."""
    try:
        report.format = FORMATS[file_format(path)]
        names = [f["name"] for f in survey.codebook()]
        report.mapping = load_mapping(mapping_path, names) if mapping_path is not None else Mapping()
        return apply_mapping(read_table(path), report.mapping, survey.codebook())
    except (UnreadableFile, MappingError) as exc:
        report.problems.append(_problem(str(exc)))
        return None


def check_data(path: str | Path, mapping: str | Path | None = None,
               params: ChapterParameters | None = None) -> CheckReport:
    """Check a data file, and its mapping, as the chapters would read them; write nothing.

    Parameters
    ----------
    path : path
        The data file (any format of :data:`sunshine.data.readers.FORMATS`).
    mapping : path, optional
        The YAML mapping file (:mod:`sunshine.data.mapping`).
    params : ChapterParameters, optional
        The selection to report on; default the published edition's.

    Returns
    -------
    CheckReport
        ``ok`` when the chapters would accept the file; ``text()`` for the report.
    """
    path = Path(path)
    params = params or validate(data_path=None)
    report = CheckReport(str(path))
    if not path.is_file():
        report.problems.append(_problem(f"{path}: file not found"))
        return report
    mapped = _read(report, path, mapping)
    if mapped is None:
        return report
    report.lines.append(f"file: {path.name} ({report.format}, {mapped.read_rows:,} rows)")
    if report.mapping.path:
        report.lines.append(f"mapping: {Path(report.mapping.path).name} (SHA-256 {report.mapping.sha256[:12]}...)")
    dropped = ", ".join(f"{k} missing: {v:,}" for k, v in mapped.dropped.items()) or "none"
    report.lines.append(f"rows dropped by the mapping (drop_incomplete): {dropped}; "
                        f"{len(mapped.frame):,} rows left")
    report.lines += _variables(mapped.frame, report.mapping, mapped.made_missing)
    unmapped = [p for p in mapped.problems if p["check"].startswith("code not mapped")]
    report.lines.append("codes left unmapped: " + ("; ".join(
        f"{p['variable']} ({p['column']}) {p['value']!r} in {len(p['rows']):,} rows" for p in unmapped) or "none"))
    report.problems += mapped.problems
    if mapped.problems:
        return report
    try:
        frame = survey.load(path, mapping=mapping)
    except survey.DataValidationError as error:
        report.problems += error.problems or [_problem(str(error))]
        return report
    report.lines += _selection(frame, params)
    try:
        select(frame, params, f"the file {path.name}")
    except ParameterError as error:
        report.problems.append(_problem(str(error), "(selection)"))
    return report
