"""What is at a database path, found out without writing a byte: nothing yet (a new
database), a flashcards database of some schema version, or a file that is not ours.

A file that is neither empty-new nor ours is refused here, before any connection that could
write to it (no journal-mode switch, no tables, no -wal/-shm left behind).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from flashcards.errors import StoreError
from flashcards.store import version

SQLITE_HEADER = b"SQLite format 3\x00"
#: The tables every flashcards schema has had.
OUR_TABLES = frozenset({"deck", "note", "context", "card", "review_log", "quiz_result", "setting"})


@dataclass(frozen=True)
class Found:
    """A flashcards database (or an empty SQLite file) at some schema version."""

    version: int
    tables: frozenset[str]

    @property
    def is_new(self) -> bool:
        return self.version == 0 and not self.tables


def _read_only_uri(path: Path, immutable: bool) -> str:
    # Percent-quoted: '?', '#' and '%' in a file name are the file name's, not the URI's.
    return f"file:{quote(str(path.absolute()))}?mode=ro" + ("&immutable=1" if immutable else "")


def _peek(path: Path) -> Found:
    # Without a -wal file, `immutable` reads the file alone: SQLite creates no -shm for it.
    wal = path.with_name(path.name + "-wal")
    immutable = not (wal.exists() and wal.stat().st_size > 0)
    try:
        conn = sqlite3.connect(_read_only_uri(path, immutable), uri=True)
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: cannot be opened ({exc})") from None
    try:
        found_version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        names = frozenset(
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        )
    except sqlite3.Error:
        raise StoreError(
            f"{path}: the database file is damaged or not a flashcards database; left as it is"
        ) from None
    finally:
        conn.close()
    return Found(found_version, names)


def inspect(path: Path) -> Found | None:
    """What is at `path`: None when nothing is (a new database), else the schema version of a
    flashcards database or an empty SQLite file. A StoreError, before anything is written,
    for anything else."""
    if not path.exists():
        if not path.parent.exists():
            raise StoreError(f"{path}: the directory {path.parent} does not exist")
        return None
    if path.is_dir():
        raise StoreError(f"{path}: is a directory, not a database")
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StoreError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if not head:
        return None  # an empty file: a new database
    if head != SQLITE_HEADER:
        raise StoreError(f"{path}: not a flashcards database (not an SQLite file); left as it is")
    found = _peek(path)
    ours = found.tables >= OUR_TABLES
    current = version.SCHEMA_VERSION
    if found.is_new:
        return found
    if found.version == 0 or not ours:
        raise StoreError(f"{path}: not a flashcards database (another program's?); left as it is")
    if found.version < 0:
        raise StoreError(
            f"{path}: unknown schema version {found.version}; not a flashcards database "
            "this program can read; left as it is"
        )
    if found.version > current:
        raise StoreError(
            f"{path}: made by a newer version of flashcards (schema {found.version}; "
            f"this one reads up to {current}); upgrade flashcards to open it"
        )
    return found
