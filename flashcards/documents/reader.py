"""Opening a document file: only a regular file, and only up to a size far above any real
document, both checked before anything is read.

A FIFO would block the reader until some other program writes to it, `/dev/zero` never ends,
a directory or a device is not a document: each gets one clear :class:`DocumentError`.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from flashcards.errors import DocumentError

__all__ = ["MAX_DOCUMENT_BYTES", "read_bytes"]

#: The largest document read: a 5,000-entry document with its talk is about 2 MB.
MAX_DOCUMENT_BYTES = 64 * 1024 * 1024


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def _check(mode: int, size: int, name: str) -> None:
    if stat.S_ISDIR(mode):
        raise DocumentError(name, "is a directory, not a document")
    if not stat.S_ISREG(mode):
        kind = "a pipe" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode) else ""
        what = f" ({kind})" if kind else ""
        raise DocumentError(name, f"not a regular file{what}: import a text file")
    if size > MAX_DOCUMENT_BYTES:
        raise DocumentError(
            name,
            f"too large for a document ({_megabytes(size)}; the limit is "
            f"{_megabytes(MAX_DOCUMENT_BYTES)})",
        )


def _refused(exc: OSError, name: str) -> DocumentError:
    if isinstance(exc, FileNotFoundError):
        return DocumentError(name, "no such file")
    if isinstance(exc, IsADirectoryError):
        return DocumentError(name, "is a directory, not a document")
    if isinstance(exc, PermissionError):
        return DocumentError(name, "permission denied")
    return DocumentError(name, f"cannot be read ({exc.strerror or exc})")


def read_bytes(path: str | Path, name: str) -> bytes:
    """The bytes of the regular file at ``path`` (``name`` names it in messages)."""
    try:
        info = os.stat(path)
        _check(info.st_mode, info.st_size, name)
        # Non-blocking, so that a file swapped for a FIFO after the check cannot hang here.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise _refused(exc, name) from None
    try:
        opened = os.fstat(fd)
        _check(opened.st_mode, opened.st_size, name)
        with os.fdopen(fd, "rb", closefd=False) as f:
            raw = f.read(MAX_DOCUMENT_BYTES + 1)
    except OSError as exc:
        raise _refused(exc, name) from None
    finally:
        os.close(fd)
    if len(raw) > MAX_DOCUMENT_BYTES:  # it grew while it was read
        _check(opened.st_mode, len(raw), name)
    return raw
