"""Creating a new database without SQLModel: the schema SQLModel creates, kept as SQL.

`schema.sql` holds the statements of a database that `store.db` created at this schema
version (`scripts/make_schema.py` writes it), headed by a digest of the modules that define
the schema (`tables.py`, `db.py`, `version.py`, `search.py`). A new database is made from it
only while that digest still matches those modules: after any change to them it is made by SQLModel
again, until the file is written anew (a test says when). So the file can be out of date,
never wrong.
"""

from __future__ import annotations

import hashlib
import sqlite3
from importlib.resources import files
from pathlib import Path

from flashcards.errors import StoreError
from flashcards.store import version
from flashcards.store.sqlite import connect, reason

#: The modules whose text decides the schema.
SOURCES = ("tables.py", "db.py", "version.py", "search.py")
_DIGEST = "-- sources: "
#: The line between two statements (a trigger's body holds semicolons of its own).
_BETWEEN = "\n-- next\n"


def sources_digest() -> str:
    """A digest of the modules that define the schema, as they are."""
    digest = hashlib.sha256()
    for name in SOURCES:
        digest.update((files("flashcards.store") / name).read_bytes())
    return digest.hexdigest()


def statements() -> list[str] | None:
    """The statements of `schema.sql`, or None when it is missing or out of date."""
    try:
        text = (files("flashcards.store") / "schema.sql").read_text(encoding="utf-8")
    except OSError:
        return None
    head, _, body = text.partition("\n")
    if head != _DIGEST + sources_digest():
        return None
    # Each as SQLite keeps it, to the last character (a WITHOUT ROWID table's ends in blank
    # lines), so that a database made from the file lists the same text.
    return [s for s in body.split(_BETWEEN) if s.strip()]


def create(path: Path) -> bool:
    """Make a new database at `path` (nothing there yet, or an empty SQLite file) from
    `schema.sql`. False, having written nothing, when that file is out of date, or when
    another program prepared the file meanwhile."""
    found = statements()
    if found is None:
        return False
    try:
        return _create(path, found)
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: {reason(exc)}") from None


def _create(path: Path, found: list[str]) -> bool:
    conn = connect(path)
    try:
        conn.execute("BEGIN IMMEDIATE")
        has_tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if has_tables or conn.execute("PRAGMA user_version").fetchone()[0]:
            conn.execute("ROLLBACK")
            return False
        for statement in found:
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {int(version.SCHEMA_VERSION)}")
        conn.execute("COMMIT")
        return True
    finally:
        conn.close()


def write(path: Path, database: Path) -> None:
    """Write `schema.sql` at `path` from `database`, made by `store.db` just now."""
    conn = sqlite3.connect(database)
    try:
        # A virtual table makes its shadow tables itself; SQLite's own are made by SQLite.
        shadow = {row[1] for row in conn.execute("PRAGMA table_list") if row[2] == "shadow"}
        rows = [
            sql
            for name, sql in conn.execute(
                "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid"
            )
            if name not in shadow and not name.startswith("sqlite_")
        ]
    finally:
        conn.close()
    body = _BETWEEN.join(rows)
    path.write_text(f"{_DIGEST}{sources_digest()}\n{body}", encoding="utf-8")
