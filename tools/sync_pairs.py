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
* no record yet (a fresh clone, a new ``.venv``): the pair is recorded if its
  cells agree; otherwise the side that git says was edited since the last
  commit wins, and when git cannot tell (both edited, no git) it is a conflict.

"Agree" is :func:`sunshine.pairing.pair_in_step`: every part of every cell the
script carries (type, source, tags, the rest of its metadata such as a
figure's caption), as jupytext reads and writes them. A half that cannot be
read (a broken ``.ipynb``) is reported in one line, naming the file and the
reason, and nothing of that pair is written; ``--keep py`` then rebuilds the
``.ipynb`` from the script (it has no outputs to lose: chapters are committed
without them).

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


def changed_since_commit(path: Path) -> bool | None:
    """Whether git says ``path`` differs from the last commit; ``None`` when git cannot tell (no git, untracked)."""
    try:
        tracked = subprocess.run(["git", "ls-files", "--error-unmatch", path.name], cwd=path.parent,
                                 capture_output=True).returncode == 0
        if not tracked:
            return None
        result = subprocess.run(["git", "diff", "--quiet", "HEAD", "--", path.name], cwd=path.parent, capture_output=True)
    except OSError:
        return None
    return {0: False, 1: True}.get(result.returncode)


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
    """Let ``winner`` win the jupytext sync by making it the newer file, then sync.

    A ``.ipynb`` that loses and cannot be read is first written afresh from
    the script (jupytext's own API), since ``jupytext --sync`` would read it.
    """
    import jupytext as jt

    from sunshine.pairing import PairUnreadable, script_text

    notebook = script.with_suffix(".ipynb")
    loser = notebook if winner == script else script
    if winner == script and notebook.exists():
        try:
            script_text(notebook)
        except PairUnreadable:
            jt.write(jt.read(script), notebook, fmt="ipynb")
    newer = max(time.time(), loser.stat().st_mtime if loser.exists() else 0) + 2
    os.utime(winner, (newer, newer))
    result = subprocess.run([jupytext, "--sync", "--quiet", str(script)], capture_output=True, text=True)
    if result.returncode != 0:
        lines = [line for line in (result.stderr + result.stdout).splitlines() if line.strip()]
        raise RuntimeError(f"jupytext --sync {script} failed: {lines[-1] if lines else f'exit {result.returncode}'}")


def decide(script: Path, record: dict | None, keep: str | None) -> str | None:
    """Which side wins (``"py"``, ``"ipynb"``), ``None`` for nothing to do, or ``"conflict"``.

    Raises :class:`sunshine.pairing.PairUnreadable` when a half that must be
    compared cannot be read.
    """
    from sunshine.pairing import pair_in_step

    notebook = script.with_suffix(".ipynb")
    if keep:
        return keep
    if not notebook.exists():
        return "py"
    now = {"py": digest(script), "ipynb": digest(notebook)}
    changed = [side for side in ("py", "ipynb") if record is None or now[side] != record.get(side)]
    if not changed or pair_in_step(script):
        return None
    if record is None:  # no record of the last sync: ask git which half was edited since the last commit
        edited = {side: changed_since_commit(path) for side, path in (("py", script), ("ipynb", notebook))}
        changed = [side for side, flag in edited.items() if flag is not False]
    return changed[0] if len(changed) == 1 else "conflict"


def sync(scripts: list[Path], *, keep: str | None = None, state_path: Path = STATE, jupytext: str = "jupytext",
         failed: list[Path] | None = None) -> list[Path]:
    """Sync every pair; return the scripts whose pair is in conflict (left untouched).

    A pair with a half that cannot be read, or that jupytext fails on, is
    reported on stderr in one line, left untouched and appended to ``failed``.
    """
    from sunshine.pairing import PairUnreadable

    state = load_state(state_path)
    conflicts = []
    for script in scripts:
        key = script.resolve().relative_to(ROOT).as_posix() if script.resolve().is_relative_to(ROOT) else str(script.resolve())
        try:
            winner = decide(script, state.get(key), keep)
            if winner == "conflict":
                conflicts.append(script)
                continue
            if winner is not None:
                jupytext_sync(script, script if winner == "py" else script.with_suffix(".ipynb"), jupytext)
        except (PairUnreadable, RuntimeError, OSError) as error:
            rel = os.path.relpath(script)
            print(f"sync: {' '.join(str(error).split())}; nothing of this pair was written. To rebuild "
                  f"{Path(rel).with_suffix('.ipynb')} from the script: python tools/sync_pairs.py --keep py {rel}",
                  file=sys.stderr)
            if failed is not None:
                failed.append(script)
            continue
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
    missing = [s for s in scripts if not s.is_file()]
    if missing:
        parser.error(f"{missing[0]} is not a file: name a chapter's .py (or its .ipynb)")
    failed: list[Path] = []
    conflicts = sync(scripts, keep=args.keep, jupytext=args.jupytext, failed=failed)
    for script in conflicts:
        rel = os.path.relpath(script)
        print(f"sync: {rel} and {Path(rel).with_suffix('.ipynb')} differ and both changed since the last sync (or, "
              f"with no record of one, git cannot tell which was edited); nothing was overwritten. Keep one: "
              f"python tools/sync_pairs.py --keep py {rel}   (or --keep ipynb)", file=sys.stderr)
    return 1 if conflicts or failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
