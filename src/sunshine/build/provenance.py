"""Record which project files a chapter reads while it executes.

Jupyter Book's execution cache keys a notebook on its code alone, so a changed
data file would leave stale results in the book. The book builder
(:mod:`sunshine.build.book`) therefore executes chapters itself and keys each one on
its code *and* on the files it actually read. Those files are observed, not
declared: when the environment variable ``SUNSHINE_RECORD_READS`` names a file,
importing :mod:`sunshine` installs a :pep:`578` audit hook that appends to it
the path of every file under the project opened for reading (the virtual
environment, the build folder, version control and the package's own source,
which the builder hashes as a whole, are left out).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from sunshine.paths import PROJECT_ROOT as _ROOT
from sunshine.paths import ROOT_ENV_VAR

ENV_VAR = "SUNSHINE_RECORD_READS"
_IGNORED_TOP = {".venv", "_build", ".git", "src", "runs", ".pytest_cache"}
_installed = False


def _is_project_input(path: str) -> str | None:
    """Return the path relative to the project root if it is a recordable input."""
    try:
        rel = Path(os.path.abspath(path)).relative_to(_ROOT)
    except ValueError:
        return None
    if not rel.parts or rel.parts[0] in _IGNORED_TOP or "__pycache__" in rel.parts:
        return None
    return rel.as_posix()


def install_from_environment() -> None:
    """Install the read-recording audit hook if ``SUNSHINE_RECORD_READS`` is set."""
    global _installed
    record = os.environ.get(ENV_VAR)
    if not record or _installed:
        return
    _installed = True
    seen: set[str] = set()

    def hook(event: str, args: tuple) -> None:
        if event != "open":
            return
        path, mode = args[0], args[1]
        if not isinstance(path, (str, os.PathLike)) or (mode and any(c in str(mode) for c in "wax+")):
            return
        rel = _is_project_input(os.fspath(path))
        if rel is None or rel in seen or not os.path.isfile(os.fspath(path)):
            return
        seen.add(rel)
        with open(record, "a", encoding="utf-8") as fh:
            fh.write(rel + "\n")

    sys.addaudithook(hook)
