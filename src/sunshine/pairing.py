"""Whether the two halves of a chapter pair (``NN_slug.py`` and ``NN_slug.ipynb``) say the same thing.

The one test of ``make sync`` and ``sunshine rerun``: both halves written by jupytext as percent
scripts (default filters, whatever ``jupytext.toml`` says) and compared. Cells, their tags and
metadata count; outputs, execution counts, metadata key order and the notebook header do not.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["PairUnreadable", "script_text", "pair_in_step"]

SCRIPT_FORMAT = "py:percent"


class PairUnreadable(ValueError):
    """One half of a pair cannot be read as a notebook; the message names the file and why."""


def _sorted(value):
    if isinstance(value, dict):
        return {key: _sorted(value[key]) for key in sorted(value)}
    if isinstance(value, list):
        return [_sorted(item) for item in value]
    return value


def script_text(path: str | Path) -> str:
    """The cells of either half of a pair as a percent script, as jupytext writes them (metadata keys sorted, no header)."""
    import jupytext

    path = Path(path)
    try:
        notebook = jupytext.read(path)
        notebook.metadata = {}  # the header: jupytext's own record of the pairing differs between the halves
        for cell in notebook.cells:
            cell.metadata = _sorted(dict(cell.metadata))
        return jupytext.writes(notebook, fmt=SCRIPT_FORMAT)
    except FileNotFoundError:
        raise PairUnreadable(f"{path} does not exist") from None
    except Exception as error:  # jupytext and nbformat raise many kinds for a broken file
        reason = " ".join(str(error).split())[:200] or type(error).__name__
        raise PairUnreadable(f"{path} cannot be read as a notebook ({type(error).__name__}: {reason})") from None


def pair_in_step(script: str | Path) -> bool:
    """Whether ``script`` and its ``.ipynb`` carry the same cells, metadata included."""
    script = Path(script).with_suffix(".py")
    return script_text(script) == script_text(script.with_suffix(".ipynb"))
