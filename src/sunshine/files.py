"""Files: content hashes and atomic writes, the one implementation of each.

Every SHA-256 the project records (codebook, caches, run manifests) is made by
:func:`sha256_file` or :func:`sha256_bytes`; every output that must never be
seen half-written is written by :func:`atomic_write_bytes` or
:func:`atomic_write_text` (a temporary file beside the target, flushed, then
renamed over it, so a reader sees the old file or the new one, never a part).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

__all__ = ["sha256_bytes", "sha256_file", "sha256_tree", "atomic_write_bytes", "atomic_write_text"]

_CHUNK = 1 << 20


def sha256_bytes(data: bytes) -> str:
    """Return the SHA-256 hex digest of ``data``.

    Parameters
    ----------
    data : bytes
        The bytes to hash.

    Returns
    -------
    str
        64 lowercase hex digits.

    Examples
    --------
    >>> sha256_bytes(b"")[:16]
    'e3b0c44298fc1c14'
    """
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: str | os.PathLike[str]) -> str:
    """Return the SHA-256 hex digest of a file's content, read in 1 MiB chunks.

    Parameters
    ----------
    path : str or path-like
        The file.

    Returns
    -------
    str
        64 lowercase hex digits.
    """
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def sha256_tree(base: str | os.PathLike[str], paths, *, salt: bytes = b"") -> str:
    """Return one SHA-256 over several files: each one's path relative to ``base``, then its content.

    Parameters
    ----------
    base : str or path-like
        The folder the names are taken relative to.
    paths : iterable of path-like
        The files, hashed in sorted order (missing ones are skipped).
    salt : bytes, optional
        Hashed first (e.g. the Python version).

    Returns
    -------
    str
        64 lowercase hex digits; a renamed, added, removed or edited file
        changes it.
    """
    base = Path(base)
    digest = hashlib.sha256(salt)
    for path in sorted(Path(p) for p in paths):
        if path.is_file():
            digest.update(path.relative_to(base).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically: a temporary file beside it, then a rename.

    Parameters
    ----------
    path : str or path-like
        The target; its folder must exist.
    data : bytes
        The whole new content.

    Returns
    -------
    pathlib.Path
        The target path.

    Notes
    -----
    On any error (a full disk, an interrupt) the temporary file is removed and
    the target is left as it was.
    """
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def atomic_write_text(path: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` atomically (see :func:`atomic_write_bytes`).

    Parameters
    ----------
    path, text
        As ``path`` and ``data`` of :func:`atomic_write_bytes`, the content as text.
    encoding : str, default "utf-8"
        How the text is encoded.

    Returns
    -------
    pathlib.Path
        The target path.
    """
    return atomic_write_bytes(path, text.encode(encoding))
