"""Read the values a chapter glued (MyST-NB ``glue``) out of its executed notebook.

Each is a display output whose metadata has ``{"scrapbook": {"name": key, ...}}`` and whose
data holds its representations under :data:`PREFIX`; reruns and sweeps collect them.
"""

from __future__ import annotations

import ast
from typing import Any

PREFIX = "application/papermill.record/"


def _value(data: dict[str, Any]) -> Any:
    if PREFIX + "text/markdown" in data:
        return "".join(data[PREFIX + "text/markdown"])
    if PREFIX + "text/plain" not in data:
        return None
    text = "".join(data[PREFIX + "text/plain"])
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text


def glued_values(nb) -> dict[str, Any]:
    """``{key: value}`` of every glued value: a literal as such, Markdown as text, anything else None."""
    return {record["name"]: _value(output.get("data", {}))
            for cell in nb.cells if cell.cell_type == "code" for output in cell.get("outputs", [])
            if "name" in (record := output.get("metadata", {}).get("scrapbook") or {})}
