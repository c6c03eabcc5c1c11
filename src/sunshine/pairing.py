"""Whether the two halves of a chapter pair (``NN_slug.py`` and ``NN_slug.ipynb``) say the same thing.

The one test of "in step" that ``make sync`` (``tools/sync_pairs.py``) and
``sunshine rerun`` share: each half is read by jupytext and its cells written
back as a percent script by jupytext (the same default filters for both, so
that the answer does not depend on where the pair is, or on a
``jupytext.toml``), and the two texts compared. Every part of a cell the
script can carry counts (type, source, tags and the rest of its metadata,
such as a figure's caption); outputs, execution counts, the order of metadata
keys (which Jupyter and jupytext do not keep alike) and the notebook's own
header do not.
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
