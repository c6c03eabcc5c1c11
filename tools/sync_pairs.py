"""Pair each ``notebooks/NN_*.py`` with its ``.ipynb`` without ever discarding an edit.

``jupytext --sync`` lets the file with the newer time stamp win, so an edit of
the ``.py`` is silently lost when the ``.ipynb`` was merely touched later (by
opening it in Jupyter, a checkout, a copy). This tool records the SHA-256 of
both files of every pair after each sync (in ``.venv/sunshine-sync-state.json``,
which ``make clean`` keeps) and decides from what actually changed:

* only one side changed since the last sync: that side wins (jupytext does the
  pairing, so outputs and metadata are handled as jupytext does);
* both sides changed and their cells now differ: nothing is written for that
  pair; the tool says which files conflict and how to keep one, and exits 1;
* no record yet (a fresh clone): the pair is recorded if its cells agree, and
  is a conflict otherwise.

Usage::

    python tools/sync_pairs.py                      # what `make sync` runs
    python tools/sync_pairs.py --keep py notebooks/05_who_migrates.py
    python tools/sync_pairs.py --keep ipynb notebooks/05_who_migrates.py
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STATE = ROOT / ".venv" / "sunshine-sync-state.json"
PATTERN = "[0-9][0-9]_*.py"
#: The folders whose pairs `make sync` keeps in step: the chapters and the students' workbook.
PAIRED_DIRS = ("notebooks", "workbook")


def digest(path: Path) -> str | None:
    """SHA-256 of a file, or ``None`` if it does not exist."""
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


def cells(path: Path) -> list:
    """The cells of one side of a pair, as jupytext reads them: type, tags and source."""
    import jupytext

    nb = jupytext.read(path)
    return [(c.cell_type, sorted(c.metadata.get("tags", [])), c.source.strip()) for c in nb.cells]


def load_state(state_path: Path) -> dict:
    """The recorded hashes of every pair (empty if there is no readable record)."""
    try:
        state = json.loads(state_path.read_text())
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def save_state(state_path: Path, state: dict) -> None:
    """Write the record atomically."""
    state_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = state_path.with_name(f".{state_path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(state, indent=2, sort_keys=True) + "\n")
    os.replace(tmp, state_path)


def jupytext_sync(script: Path, winner: Path, jupytext: str) -> None:
    """Let ``winner`` win the jupytext sync by making it the newer file, then sync."""
    loser = script.with_suffix(".ipynb") if winner == script else script
    newer = max(time.time(), loser.stat().st_mtime if loser.exists() else 0) + 2
    os.utime(winner, (newer, newer))
    subprocess.run([jupytext, "--sync", "--quiet", str(script)], check=True)


def decide(script: Path, record: dict | None, keep: str | None) -> str | None:
    """Which side wins (``"py"``, ``"ipynb"``), ``None`` for nothing to do, or ``"conflict"``."""
    notebook = script.with_suffix(".ipynb")
    if keep:
        return keep
    if not notebook.exists():
        return "py"
    now = {"py": digest(script), "ipynb": digest(notebook)}
    if record is None:
        return None if cells(script) == cells(notebook) else "conflict"
    changed = [side for side in ("py", "ipynb") if now[side] != record.get(side)]
    if len(changed) == 2:
        return None if cells(script) == cells(notebook) else "conflict"
    return changed[0] if changed else None


def sync(scripts: list[Path], *, keep: str | None = None, state_path: Path = STATE, jupytext: str = "jupytext") -> list[Path]:
    """Sync every pair; return the scripts whose pair is in conflict (left untouched)."""
    state = load_state(state_path)
    conflicts = []
    for script in scripts:
        key = script.resolve().relative_to(ROOT).as_posix() if script.resolve().is_relative_to(ROOT) else str(script.resolve())
        winner = decide(script, state.get(key), keep)
        if winner == "conflict":
            conflicts.append(script)
            continue
        if winner is not None:
            jupytext_sync(script, script if winner == "py" else script.with_suffix(".ipynb"), jupytext)
        state[key] = {"py": digest(script), "ipynb": digest(script.with_suffix(".ipynb"))}
    save_state(state_path, state)
    return conflicts


def main(argv: list[str] | None = None) -> int:
    """Command line: sync every chapter pair, or the given ones; exit 1 on a conflict."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scripts", nargs="*", type=Path, help="chapter .py files (default: every notebooks/NN_*.py and workbook/NN_*.py)")
    parser.add_argument("--keep", choices=("py", "ipynb"), help="resolve a conflict: this side wins")
    parser.add_argument("--jupytext", default=str(Path(sys.executable).with_name("jupytext")), help="the jupytext command")
    args = parser.parse_args(argv)
    if args.keep and not args.scripts:
        parser.error("--keep needs the chapter(s) whose side to keep")
    scripts = [s.with_suffix(".py") for s in args.scripts] or sorted(p for folder in PAIRED_DIRS for p in (ROOT / folder).glob(PATTERN))
    conflicts = sync(scripts, keep=args.keep, jupytext=args.jupytext)
    for script in conflicts:
        rel = os.path.relpath(script)
        print(f"sync: {rel} and {Path(rel).with_suffix('.ipynb')} both changed since the last sync; nothing was "
              f"overwritten. Keep one: python tools/sync_pairs.py --keep py {rel}   (or --keep ipynb)", file=sys.stderr)
    return 1 if conflicts else 0


if __name__ == "__main__":
    raise SystemExit(main())
