"""A run directory written as a transaction: claimed, built aside, swapped in when complete.

Reruns and sweeps write ``runs/NAME/`` through :class:`RunTransaction`, so that
no run is ever lost, whatever happens while the new one is made:

* **claim**: the name is locked (``runs/.NAME~lock``, an exclusive
  ``flock`` that the system releases if the process dies), so two commands with
  the same ``--run`` started together cannot both write it: the second is
  refused at once, naming the first;
* **build aside**: everything is written into ``runs/.NAME~building-XXXX``;
  ``runs/NAME`` is not touched while the run executes;
* **swap**: a complete run replaces ``runs/NAME`` by two renames (the old run
  is moved aside, the new one moved in, the old one deleted); a run that did not
  complete replaces only a run that had not completed either: when
  ``runs/NAME`` holds a complete run, the failed attempt is kept beside it as
  ``runs/NAME~failed`` and the complete run stays;
* **faults**: SIGTERM (and SIGHUP) are turned into :class:`Interrupted` while a
  transaction runs, like SIGINT into ``KeyboardInterrupt``; the manifest then
  says ``interrupted``, the notebook that was being written is removed, and no
  temporary folder stays behind. A folder left by a process killed outright
  (SIGKILL, power loss) is cleaned up, or restored, by the next claim.

The executor that fills the building folder (papermill today) does not matter
here: the transaction only needs the folder written and the manifest.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import secrets
import shutil
import signal
import tempfile
import threading
from pathlib import Path
from typing import Any

from sunshine.files import atomic_write_text, new_folder_mode

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
    """Within the block, SIGTERM and SIGHUP raise :class:`Interrupted`, SIGINT ``KeyboardInterrupt`` (main thread only).

    SIGINT gets a handler of its own too: with Python's default one, the event
    loop that executes a notebook (``asyncio.Runner``) installs its own, which
    only cancels a task that the executor may absorb, so a Ctrl-C could be lost
    and the run go on to "complete".
    """
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
    """Whether replacing ``run_dir`` would lose a result: it holds a complete run, or something unknown.

    A run that failed or was interrupted is not a result: a new run of that
    name replaces it without ``--force``.
    """
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
    """Claim ``runs/NAME``, build the run aside, and swap it in when it is done.

    Parameters
    ----------
    run_dir : path
        The run's final folder, ``runs/NAME``.
    overwrite : bool
        Whether a complete run of that name may be replaced.

    Use as a context manager: entering claims the name (raising
    :class:`TransactionError` if another process holds it, if the run exists
    and ``overwrite`` is false, or if ``runs/`` cannot be written); write into
    :attr:`building`, then call :meth:`commit` with the final manifest. Leaving
    without a commit (an exception) removes the building folder.
    """

    def __init__(self, run_dir: Path, *, overwrite: bool = False):
        self.run_dir = Path(run_dir)
        self.runs_dir = self.run_dir.parent
        self.name = self.run_dir.name
        self.overwrite = overwrite
        self.building: Path | None = None
        self.final: Path | None = None
        self._lock_fd: int | None = None

    # -- claim -------------------------------------------------------------
    def __enter__(self) -> "RunTransaction":
        try:
            self.runs_dir.mkdir(parents=True, exist_ok=True)
            self._lock()
            self._recover()
            if self.run_dir.exists() and needs_overwrite(self.run_dir) and not self.overwrite:
                raise TransactionError(f"run {self.name!r} exists ({self.run_dir}); choose another name or pass --force")
            self.building = Path(tempfile.mkdtemp(prefix=f".{self.name}~building-", dir=self.runs_dir))
            os.chmod(self.building, new_folder_mode())  # the run folder it becomes: as the umask says, not 0700
        except OSError as error:
            self._unlock()
            raise TransactionError(_describe_os_error(error, self.runs_dir)) from None
        except BaseException:
            self._unlock()
            raise
        return self

    def __exit__(self, kind, value, traceback) -> None:
        try:
            if self.building is not None and self.building.exists():
                shutil.rmtree(self.building, ignore_errors=True)
        finally:
            self._unlock()

    def _lock(self) -> None:
        path = self.runs_dir / f".{self.name}~lock"
        while True:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.read(fd, 200).decode(errors="replace").strip() or "another process"
                os.close(fd)
                raise TransactionError(
                    f"run {self.name!r} is being written by {holder}; wait for it to finish or choose another name"
                ) from None
            try:  # the file may have been unlinked by its last holder between our open and our lock
                same = os.fstat(fd).st_ino == os.stat(path).st_ino
            except FileNotFoundError:
                same = False
            if same:
                os.ftruncate(fd, 0)
                os.write(fd, f"process {os.getpid()}".encode())
                self._lock_fd, self._lock_path = fd, path
                return
            os.close(fd)

    def _unlock(self) -> None:
        if self._lock_fd is not None:
            with contextlib.suppress(OSError):
                os.unlink(self._lock_path)
            os.close(self._lock_fd)
            self._lock_fd = None

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
        """Save the final manifest and move the run into place; return where it went.

        A complete run replaces ``runs/NAME``. A run that did not complete goes
        to ``runs/NAME`` unless that holds a complete run, which is kept; the
        attempt then goes to ``runs/NAME~failed``.
        """
        self.save(manifest)
        complete = manifest.get("status") == COMPLETE
        if complete or not (self.run_dir.exists() and run_status(self.run_dir) == COMPLETE):
            target = self.run_dir
        else:
            target = self.runs_dir / f"{self.name}~failed"
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
        """Commit a run that did not complete; return the exception to raise in place of ``error``.

        That is :class:`RunInterrupted` for an interrupt, else :class:`RunFailed`,
        both naming where the manifest is; if even the manifest cannot be written
        (a full disk), the building folder is dropped and the message says
        that nothing was kept.
        """
        interrupted = manifest.get("status") == "interrupted"
        kept = f"runs/{self.name} is unchanged"
        try:
            where = self.commit(manifest)
        except OSError as write_error:
            where = None
            reason = _describe_os_error(write_error, self.runs_dir)
            message = f"{manifest.get('error')}; then {reason}: nothing of this run was kept, {kept}"
        else:
            rel = f"{self.runs_dir.name}/{where.name}"
            message = f"{manifest.get('error')} (the manifest {rel}/run.json says where"
            message += f"; the complete run {self.runs_dir.name}/{self.name} is kept)" if where != self.run_dir else ")"
        if interrupted:
            return RunInterrupted(message, location=where)
        return RunFailed(message, location=where)
