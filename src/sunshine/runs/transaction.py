"""A run directory written as a transaction: claimed, built aside, swapped in when complete.

The name is locked (``runs/.NAME~lock``, a ``flock``), the run is written into
``runs/.NAME~building-XXXX`` and replaces ``runs/NAME`` by renames only when complete (an
unfinished attempt beside a complete run goes to ``runs/NAME~failed``). SIGTERM and SIGHUP
become :class:`Interrupted`; what a process killed outright left is cleaned up by the next claim.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import secrets
import shutil
import signal
import tempfile
import threading
from pathlib import Path
from typing import Any

from sunshine.files import atomic_write_text, exclusive_lock, new_folder_mode

__all__ = ["RunTransaction", "TransactionError", "Interrupted", "RunFailed", "RunInterrupted", "interrupt_on_signals", "run_status", "error_text"]

MANIFEST = "run.json"
COMPLETE = "complete"


class TransactionError(ValueError):
    """A run cannot be claimed or written: the message says why and what to do."""


class Interrupted(BaseException):
    """The process received SIGTERM or SIGHUP while a run was being written."""

    def __init__(self, signum: int):
        self.signum = signum
        super().__init__(f"interrupted by {signal.Signals(signum).name}")


class RunFailed(RuntimeError):
    """A run did not complete; its manifest (``status``, ``error``) is in :attr:`location`."""

    def __init__(self, message: str, *, location: Path | None, status: str = "failed"):
        self.location, self.status = location, status
        super().__init__(message)


class RunInterrupted(KeyboardInterrupt):
    """A run was interrupted (SIGINT, SIGTERM, SIGHUP); its manifest says so, in :attr:`location`."""

    def __init__(self, message: str, *, location: Path | None):
        self.location, self.status = location, "interrupted"
        super().__init__(message)


@contextlib.contextmanager
def interrupt_on_signals():
    """Within the block, SIGTERM and SIGHUP raise :class:`Interrupted`, SIGINT ``KeyboardInterrupt`` (main
    thread only; its own handler keeps ``asyncio.Runner`` from installing one that may lose a Ctrl-C)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum, frame):
        if signum == signal.SIGINT:
            raise KeyboardInterrupt
        raise Interrupted(signum)

    saved = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for sig, previous in saved.items():
            signal.signal(sig, previous)


def run_status(run_dir: Path) -> str | None:
    """The ``status`` of the run in ``run_dir``."""
    if not run_dir.exists():
        return None
    try:
        return str(json.loads((run_dir / MANIFEST).read_text(encoding="utf-8")).get("status", "unknown"))
    except (OSError, ValueError, AttributeError):
        return "unknown"


def needs_overwrite(run_dir: Path) -> bool:
    """Whether replacing ``run_dir`` would lose a result: a complete run or something unknown, not a failed one."""
    return run_status(run_dir) not in (None, "failed", "interrupted", "running")


def error_text(error: BaseException) -> str:
    """One line saying what went wrong, for a manifest and the command line."""
    if isinstance(error, Interrupted):
        return str(error)
    if isinstance(error, KeyboardInterrupt):
        return "interrupted by SIGINT (Ctrl-C)"
    ename, evalue = getattr(error, "ename", None), getattr(error, "evalue", None)
    if ename:  # papermill's PapermillExecutionError: the chapter's own exception
        return f"{ename}: {evalue}".strip()
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return f"{type(error).__name__}: {lines[0]}" if lines else type(error).__name__


def _describe_os_error(error: OSError, where: Path) -> str:
    reason = os.strerror(error.errno) if error.errno else str(error)
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        reason = "the disk is full"
    elif error.errno in (errno.EEXIST, errno.ENOTDIR):
        reason = "it (or a folder above it) is a file, not a folder"
    return f"cannot write in {where}: {reason}"


class RunTransaction:
    """Claim ``run_dir`` (``runs/NAME``) on entering, build the run in :attr:`building`, :meth:`commit` it;
    leaving without a commit removes the building folder."""

    def __init__(self, run_dir: Path, *, overwrite: bool = False):
        self.run_dir = Path(run_dir)
        self.runs_dir = self.run_dir.parent
        self.name = self.run_dir.name
        self.overwrite = overwrite
        self.building: Path | None = None
        self.final: Path | None = None
        self._lock = contextlib.ExitStack()

    # -- claim -------------------------------------------------------------
    def __enter__(self) -> "RunTransaction":
        try:
            self.runs_dir.mkdir(parents=True, exist_ok=True)
            lock = self.runs_dir / f".{self.name}~lock"
            self._lock.enter_context(exclusive_lock(lock, lambda holder: TransactionError(
                f"run {self.name!r} is being written by {holder}; wait for it to finish or choose another name"),
                remove=True))
            self._recover()
            for path in (self.run_dir, self.runs_dir / f"{self.name}~failed"):
                if path.is_symlink() or (path.exists() and not path.is_dir()):
                    raise TransactionError(f"{path} is {'a link' if path.is_symlink() else 'not a folder'}, and a "
                                           "rerun replaces only a run folder; choose another name or move it away")
            if needs_overwrite(self.run_dir) and not self.overwrite:
                raise TransactionError(f"run {self.name!r} exists ({self.run_dir}); choose another name or pass --force")
            self.building = Path(tempfile.mkdtemp(prefix=f".{self.name}~building-", dir=self.runs_dir))
            os.chmod(self.building, new_folder_mode())  # the run folder it becomes: as the umask says, not 0700
        except BaseException as error:
            self._lock.close()
            if isinstance(error, OSError):
                raise TransactionError(_describe_os_error(error, self.runs_dir)) from None
            raise
        return self

    def __exit__(self, kind, value, traceback) -> None:
        try:
            if self.building is not None:
                shutil.rmtree(self.building, ignore_errors=True)
        finally:
            self._lock.close()

    def _recover(self) -> None:
        """Clean up what a process killed outright left; restore a run it had moved aside."""
        for old in sorted(self.runs_dir.glob(f".{self.name}~old-*")):
            if not self.run_dir.exists():
                os.replace(old, self.run_dir)
            else:
                shutil.rmtree(old, ignore_errors=True)
        for stale in self.runs_dir.glob(f".{self.name}~building-*"):
            shutil.rmtree(stale, ignore_errors=True)

    # -- write -------------------------------------------------------------
    def save(self, manifest: dict[str, Any]) -> None:
        """Write the manifest (atomically) into the building folder."""
        atomic_write_text(self.building / MANIFEST, json.dumps(manifest, indent=2, default=str) + "\n")

    def commit(self, manifest: dict[str, Any]) -> Path:
        """Save the final manifest and move the run into place (``runs/NAME~failed`` beside a complete run)."""
        self.save(manifest)
        beside = manifest.get("status") != COMPLETE and run_status(self.run_dir) == COMPLETE
        target = self.runs_dir / f"{self.name}~failed" if beside else self.run_dir
        aside = None
        if target.exists():  # moved aside, not deleted, until the new run is in place
            aside = self.runs_dir / f".{self.name}~old-{os.getpid()}-{secrets.token_hex(4)}"
            os.replace(target, aside)
        os.replace(self.building, target)
        self.building = None
        if aside is not None:
            shutil.rmtree(aside, ignore_errors=True)
        self.final = target
        return target

    def fail(self, manifest: dict[str, Any], error: BaseException) -> BaseException:
        """Commit a run that did not complete; return the RunInterrupted or RunFailed to raise instead."""
        try:
            where = self.commit(manifest)
        except OSError as write_error:
            where = None
            reason = _describe_os_error(write_error, self.runs_dir)
            message = (f"{manifest.get('error')}; then {reason}: nothing of this run was kept, "
                       f"runs/{self.name} is unchanged")
        else:
            rel = f"{self.runs_dir.name}/{where.name}"
            message = f"{manifest.get('error')} (the manifest {rel}/run.json says where"
            message += f"; the complete run {self.runs_dir.name}/{self.name} is kept)" if where != self.run_dir else ")"
        failure = RunInterrupted if manifest.get("status") == "interrupted" else RunFailed
        return failure(message, location=where)
