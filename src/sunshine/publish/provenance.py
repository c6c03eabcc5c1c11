"""Record which project files a chapter reads while it executes (the build cache and reruns key on them).

A kernel started with :attr:`Recorder.kernel_arguments` installs a :pep:`578` audit hook
(:func:`install`) before its first cell, which records every project file opened for reading (not
the venv, build folders, runs or the package, hashed whole). Importing :mod:`sunshine` installs
nothing. Use ``with recording_reads(root) as recorder:``, then ``recorder.inputs()``.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sunshine.files import sha256_file
from sunshine.paths import NOT_SOURCES, ROOT_ENV_VAR

_installed: set[tuple[str, str]] = set()


def project_input(path: str, root: Path) -> str | None:
    """The path relative to ``root`` if recordable (None outside it, in ``NOT_SOURCES``, ``__pycache__``).

    >>> project_input("/p/data/x.csv", Path("/p")), project_input("/p/.venv/a.py", Path("/p"))
    ('data/x.csv', None)
    """
    try:
        rel = Path(os.path.abspath(path)).relative_to(root)
    except ValueError:
        return None
    if not rel.parts or rel.parts[0] in NOT_SOURCES or "__pycache__" in rel.parts:
        return None
    return rel.as_posix()


def install(record: str, root: str) -> None:
    """Install the audit hook that appends each project file read to ``record`` (once per arguments)."""
    if (record, root) in _installed:
        return
    _installed.add((record, root))
    base = Path(root).resolve()
    seen: set[str] = set()

    def hook(event: str, args: tuple) -> None:
        if event != "open":
            return
        path, mode = args[0], args[1]
        if not isinstance(path, (str, os.PathLike)) or (mode and any(c in str(mode) for c in "wax+")):
            return
        rel = project_input(os.fspath(path), base)
        if rel is None or rel in seen or not os.path.isfile(os.fspath(path)):
            return
        seen.add(rel)
        try:  # never created here: once the run has removed it (an interrupt), the kernel leaves nothing behind
            fd = os.open(record, os.O_WRONLY | os.O_APPEND)
        except OSError:
            return
        with os.fdopen(fd, "a", encoding="utf-8") as fh:
            fh.write(rel + "\n")

    sys.addaudithook(hook)


@dataclass
class Recorder:
    """What one execution read (``reads``, sorted, after the block), made by :func:`recording_reads`;
    ``record`` is the file the hook appends to (on Linux ``/proc/PID/fd/N`` of an unnamed one)."""

    root: Path
    record: Path
    reads: list[str] = field(default_factory=list)

    @property
    def kernel_arguments(self) -> list[str]:
        """Kernel arguments (nbclient's or papermill's) that point it at ``root`` and install the hook."""
        code = (
            f"import os as _s_os; _s_os.environ[{ROOT_ENV_VAR!r}] = {str(self.root)!r}; del _s_os; "
            "from sunshine.publish.provenance import install as _s_install; "
            f"_s_install({str(self.record)!r}, {str(self.root)!r}); del _s_install"
        )
        return [f"--IPKernelApp.exec_lines={code}"]

    def inputs(self) -> dict[str, str]:
        """The files read, with the SHA-256 of their content now."""
        return {rel: sha256_file(self.root / rel) for rel in self.reads}


@contextlib.contextmanager
def recording_reads(root: Path) -> Iterator[Recorder]:
    """Within the block, kernels started with the recorder's arguments record their reads."""
    fd, record = tempfile.mkstemp(prefix="sunshine-reads-", suffix=".txt")
    held = Path(f"/proc/{os.getpid()}/fd/{fd}")
    if held.exists():  # Linux: the file has no name while the kernel writes it; nothing is left, however this ends
        os.unlink(record)
        recorder = Recorder(Path(root).resolve(), held)
    else:
        os.close(fd)
        fd, recorder = None, Recorder(Path(root).resolve(), Path(record))
    try:
        yield recorder
        recorder.reads = sorted({line for line in recorder.record.read_text().splitlines() if line})
    finally:
        if fd is None:
            os.unlink(record)
        else:
            os.close(fd)
