"""Creating and migrating the database: the one place, with `tables.py`, that imports
SQLModel and SQLAlchemy. Only run when the file's schema version is not this code's
(`store.files.inspect` says so without writing).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.pool import NullPool
from sqlmodel import SQLModel

from flashcards.errors import StoreError
from flashcards.store import tables, version
from flashcards.store.sqlite import connect, reason


def _add_note_forms(conn: Any) -> None:
    # 1 -> 2: a note keeps its headword's forms (NULL until the next import finds them).
    conn.exec_driver_sql("ALTER TABLE note ADD COLUMN forms VARCHAR")


def _add_note_edits(conn: Any) -> None:
    # 2 -> 3: a note remembers which fields the learner edited (NULL: none).
    conn.exec_driver_sql("ALTER TABLE note ADD COLUMN edited VARCHAR")


def _add_review_source(conn: Any) -> None:
    # 3 -> 4: an answer says where it was given (NULL: here; "anki": merged from an Anki
    # package) and, when from Anki, the id of Anki's revlog row (to merge it only once).
    conn.exec_driver_sql("ALTER TABLE review_log ADD COLUMN source VARCHAR")
    conn.exec_driver_sql("ALTER TABLE review_log ADD COLUMN anki_id INTEGER")


def _v5_list_order(conn: Any) -> None:
    # 4 -> 5: the notes in list order (deck, position), so that `list` reads them a page at
    # a time from the index instead of sorting the whole table for each page.
    conn.exec_driver_sql(
        "CREATE INDEX IF NOT EXISTS ix_note_list_order ON note (deck_id, position)"
    )


#: Migrations from version N to N + 1, keyed by N. Each runs inside the upgrade transaction.
MIGRATIONS: dict[int, Callable[[Any], None]] = {
    1: _add_note_forms,
    2: _add_note_edits,
    3: _add_review_source,
    4: _v5_list_order,
}


def _on_begin(connection: Any) -> None:
    # The upgrade takes the write lock at its start and waits on the busy timeout.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(path: Path) -> Engine:
    """An engine on our own connections (a filesystem path, never a URL), for SQLModel."""

    def creator() -> sqlite3.Connection:
        return connect(path)

    engine = create_engine("sqlite://", creator=creator, poolclass=NullPool)
    event.listen(engine, "begin", _on_begin)
    return engine


def prepare(path: Path) -> None:
    """Create the schema of a new database or migrate an older one (the file was inspected:
    it is new, empty, or ours at an older version)."""
    current = version.SCHEMA_VERSION
    engine = make_engine(path)
    try:
        with engine.begin() as conn:
            found = conn.exec_driver_sql("PRAGMA user_version").scalar() or 0
            if found == current:
                return  # another program prepared it meanwhile
            if found == 0:
                SQLModel.metadata.create_all(conn, tables=_our_tables())
            else:
                for step in range(found, current):
                    MIGRATIONS[step](conn)
            conn.exec_driver_sql(f"PRAGMA user_version = {int(current)}")
    except (DatabaseError, OperationalError) as exc:
        raise StoreError(f"{path}: {reason(exc)}") from None
    finally:
        engine.dispose()


def _our_tables() -> list[Any]:
    names = {
        tables.DeckRow.__tablename__,
        tables.NoteRow.__tablename__,
        tables.ContextRow.__tablename__,
        tables.CardRow.__tablename__,
        tables.ReviewRow.__tablename__,
        tables.QuizRow.__tablename__,
        tables.SettingRow.__tablename__,
    }
    return [t for t in SQLModel.metadata.sorted_tables if t.name in names]
