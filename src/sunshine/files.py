"""Files: content hashes and atomic writes, the one implementation of each.

Every SHA-256 recorded comes from :func:`sha256_file` or :func:`sha256_bytes`; every output that must
never be seen half-written goes through :func:`atomic_write_all` (temporary files beside the targets,
flushed, then renamed over them), also behind :func:`atomic_write_bytes` and :func:`atomic_write_text`.
"""

from __future__ import annotations

import ast
import contextlib
import fcntl
import hashlib
import os
import stat
import tempfile
from pathlib import Path
from typing import Callable, Iterator

__all__ = ["sha256_bytes", "sha256_file", "sha256_tree", "atomic_write_all", "atomic_write_bytes",
           "atomic_write_text", "new_file_mode", "new_folder_mode", "temporary_beside", "check_replaceable"]


def sha256_bytes(data: bytes) -> str:
    """Return the SHA-256 hex digest of ``data`` (64 lowercase hex digits).

    >>> sha256_bytes(b"")[:16]
    'e3b0c44298fc1c14'
    """
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: str | os.PathLike[str]) -> str:
    """Return the SHA-256 hex digest of a file's content, read in chunks."""
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def sha256_tree(base: str | os.PathLike[str], paths, *, salt: bytes = b"") -> str:
    """Return one SHA-256 over several files: each one's path relative to ``base``, then its content."""
    base = Path(base)
    digest = hashlib.sha256(salt)
    for path in sorted(Path(p) for p in paths):
        if path.is_file():
            digest.update(path.relative_to(base).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def current_umask() -> int:
    """The process's umask, read without changing it where the system allows (Linux 4.7+)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)  # elsewhere: read it by setting it, and put it back at once
    os.umask(mask)
    return mask


def new_file_mode(target: str | os.PathLike[str]) -> int:
    """The mode a file written at ``target`` gets: the old file's, else ``0o666`` less the umask (not mkstemp's ``0o600``)."""
    try:
        return os.stat(target).st_mode & 0o7777
    except OSError:
        return 0o666 & ~current_umask()


def new_folder_mode() -> int:
    """The permission bits of a new folder: ``0o777`` less the umask (:func:`tempfile.mkdtemp` gives ``0o700``)."""
    return 0o777 & ~current_umask()


def temporary_beside(target: str | os.PathLike[str]) -> tuple[int, str]:
    """A temporary file in ``target``'s folder, with the mode ``target`` should end with (:func:`new_file_mode`)."""
    target = Path(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        os.fchmod(fd, new_file_mode(target))
    except BaseException:
        os.close(fd)
        Path(tmp).unlink(missing_ok=True)
        raise
    return fd, tmp


def check_replaceable(path: str | os.PathLike[str]) -> None:
    """Refuse to replace (even with ``--force``) anything at ``path`` but a regular file."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    if stat.S_ISREG(mode):
        return
    kinds = [(stat.S_ISLNK, "a symbolic link"), (stat.S_ISDIR, "a folder"), (stat.S_ISCHR, "a character device"),
             (stat.S_ISBLK, "a block device"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket")]
    kind = next((text for test, text in kinds if test(mode)), "not a regular file")
    raise ValueError(f"{os.fspath(path)} is {kind}, not a regular file: it is never replaced, even with --force; "
                     "give the name of a file")


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically: a temporary file beside it, then a rename."""
    return atomic_write_all({Path(path): data})[0]


def atomic_write_all(contents: dict) -> list[Path]:
    """Write each ``{path: bytes}`` to a temporary file beside it, then rename them all (none if one fails)."""
    temporaries: dict[Path, str] = {}
    try:
        for path, data in contents.items():
            fd, tmp = temporary_beside(path)
            temporaries[Path(path)] = tmp
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        for path, tmp in temporaries.items():
            os.replace(tmp, path)
    finally:
        for tmp in temporaries.values():
            Path(tmp).unlink(missing_ok=True)
    return list(temporaries)


def atomic_write_text(path: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` atomically (see :func:`atomic_write_bytes`)."""
    return atomic_write_bytes(path, text.encode(encoding))


def code_fingerprint(source: str) -> bytes:
    """The code of a module without its docstrings and comments (``ast.dump``): what the build cache
    and the ensemble key hash, so documentation edits change neither.

    >>> with_doc = "def f():\\n    'Doc.'\\n    return 1  # one"
    >>> code_fingerprint(with_doc) == code_fingerprint("def f():\\n    return 1")
    True
    """
    tree = ast.parse(source)
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and body
                and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)):
            node.body = body[1:] or [ast.Pass()]
    return ast.dump(tree).encode()


def package_fingerprint(package: Path) -> bytes:
    """SHA-256 of the code (:func:`code_fingerprint`) of every module under ``package``, with its path."""
    digest = hashlib.sha256()
    for path in sorted(Path(package).rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(code_fingerprint(path.read_text(encoding="utf-8")) + b"\0")
    return digest.digest()


@contextlib.contextmanager
def exclusive_lock(path: Path, busy: Callable[[str], Exception], *, remove: bool = False) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (its text names the holder), or raise ``busy(holder)`` at once;
    with ``remove``, the file goes with the lock (one unlinked between our open and our lock is opened again)."""
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 200).decode(errors="replace").strip() or "another process"
            os.close(fd)
            raise busy(holder) from None
        try:
            if os.fstat(fd).st_ino == os.stat(path).st_ino:
                break
        except FileNotFoundError:
            pass
        os.close(fd)
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"process {os.getpid()}".encode())
        yield
    finally:
        if remove:
            with contextlib.suppress(OSError):
                os.unlink(path)
        else:
            os.ftruncate(fd, 0)
        os.close(fd)
