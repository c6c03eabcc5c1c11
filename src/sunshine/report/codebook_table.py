"""The codebook of the CMLRS-shaped data (``data/cmlrs/datapackage.json``), rendered as a numbered MyST table.

Generated from the JSON the loader validates against, so the page can never disagree with the validator.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sunshine.data.survey import DATAPACKAGE, codebook
from sunshine.report.tables import escape, list_table

__all__ = ["CodebookRow", "HEADER", "allowed_values", "codebook_rows", "codebook_table"]

#: Column headings of the rendered table.
HEADER = ["#", "Variable", "Type", "Unit", "Allowed values or range", "Role in the paper",
          "Coding assumption"]

#: Shown where the codebook has nothing to say.
NONE = "—"


@dataclass(frozen=True)
class CodebookRow:
    """One variable of the codebook, as plain text (no Markdown markup)."""

    number: int
    variable: str
    title: str
    type: str
    unit: str
    allowed: str
    role: str
    assumption: str

    def cells(self) -> list[str]:
        """The row's cells as MyST, in the order of :data:`HEADER`."""
        name = f"`{self.variable}` ({escape(self.title)})" if self.title else f"`{self.variable}`"
        return [str(self.number), name, self.type, escape(self.unit), escape(self.allowed),
                escape(self.role), escape(self.assumption)]


def _number(value) -> str:
    """A bound as written in the codebook: 1 not 1.0, thousands with commas."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int) else str(value)


def allowed_values(field: dict) -> str:
    """Allowed values of a field in words: ``value = label`` pairs or a range (``1 to 110``, ``≥ 0``),
    then ``unique`` and whether it may be missing."""
    c = field.get("constraints", {})
    labels = {cat["value"]: cat["label"] for cat in field.get("categories", [])}
    parts = []
    if "enum" in c:
        parts.append("; ".join(f"{v} = {labels[v]}" if v in labels else str(v) for v in c["enum"]))
    elif "minimum" in c and "maximum" in c:
        parts.append(f"{_number(c['minimum'])} to {_number(c['maximum'])}")
    elif "minimum" in c:
        parts.append(f"≥ {_number(c['minimum'])}")
    elif "maximum" in c:
        parts.append(f"≤ {_number(c['maximum'])}")
    else:
        parts.append("any " + field.get("type", "value"))
    if c.get("unique"):
        parts.append("unique")
    if not c.get("required", False):
        parts.append("may be missing (empty)")
    return "; ".join(parts)


def codebook_rows(path: str | Path = DATAPACKAGE) -> list[CodebookRow]:
    """One :class:`CodebookRow` per field of the codebook, in codebook order."""
    return [CodebookRow(i, f["name"], f.get("title", ""), f.get("type", "any"), f.get("unit", NONE),
                        allowed_values(f), f.get("role", NONE), f.get("coding_assumption", NONE))
            for i, f in enumerate(codebook(path), start=1)]


def codebook_table(path: str | Path = DATAPACKAGE, *, caption: str, name: str,
                   widths: list[int] | None = None) -> str:
    """The codebook as a MyST ``list-table`` directive (:func:`sunshine.report.tables.list_table`).

    Parameters
    ----------
    path : path, default ``data/cmlrs/datapackage.json``
    caption, name : str
        The table's caption and label.
    widths : list of int, optional
        Relative column widths (default suits the seven columns).

    Returns
    -------
    str
    """
    rows = [r.cells() for r in codebook_rows(path)]
    return list_table(HEADER, rows, caption, name, widths=widths or [3, 16, 8, 8, 17, 18, 30]) + "\n"
