"""Read the values a chapter glued (MyST-NB ``glue``) out of its executed notebook.

``myst_nb.glue`` stores each value as a display output whose metadata carries
``{"scrapbook": {"name": key, "mime_prefix": "application/papermill.record/"}}``
and whose data holds the value's representations under that prefix. Reruns and
sweeps collect them as a chapter's key results; tests compare them with what
the statistics core computes.
"""

from __future__ import annotations

import ast
from typing import Any

PREFIX = "application/papermill.record/"


def _value(data: dict[str, Any]) -> Any:
    for mime in ("text/markdown", "text/plain"):
        text = data.get(PREFIX + mime)
        if text is None:
            continue
        if isinstance(text, list):
            text = "".join(text)
        if mime == "text/plain":
            try:
                return ast.literal_eval(text)
            except (ValueError, SyntaxError):
                return text
        return text
    return None


def glued_values(nb) -> dict[str, Any]:
    """``{key: value}`` for every glued value of an executed notebook.

    Plain-text values that are Python literals (numbers, strings, lists) are
    returned as such; Markdown values as their Markdown text; anything else
    (figures, tables) as ``None``.
    """
    values: dict[str, Any] = {}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            record = output.get("metadata", {}).get("scrapbook")
            if record and "name" in record:
                values[record["name"]] = _value(output.get("data", {}))
    return values
