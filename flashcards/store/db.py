"""Opening the SQLite database: pragmas on every connection, schema creation and migrations."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.pool import QueuePool
from sqlmodel import SQLModel

from flashcards.errors import StoreError
from flashcards.store import tables
from flashcards.store.tables import SCHEMA_VERSION


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


#: Migrations from version N to N + 1, keyed by N. Each runs inside the upgrade transaction.
MIGRATIONS: dict[int, Callable[[Any], None]] = {
    1: _add_note_forms,
    2: _add_note_edits,
    3: _add_review_source,
}

BUSY_TIMEOUT_MS = 15_000
SQLITE_HEADER = b"SQLite format 3\x00"


def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Let SQLAlchemy's BEGIN be the only transaction control (pysqlite's own is off).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def _on_begin(connection: Any) -> None:
    # Writers begin IMMEDIATE: they take the write lock at the start and wait on the busy
    # timeout, instead of failing with "database is locked" when a read lock is upgraded.
    # Readers (execution option `reading`) begin deferred and never wait for a writer (WAL).
    if connection.get_execution_options().get("reading"):
        connection.exec_driver_sql("BEGIN")
    else:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def check_file(path: Path) -> None:
    """Refuse a file that exists but is not an SQLite database, before SQLite touches it."""
    if not path.exists():
        return
    if path.is_dir():
        raise StoreError(f"{path}: is a directory, not a database")
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StoreError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if head and head != SQLITE_HEADER:
        raise StoreError(f"{path}: not a flashcards database (not an SQLite file); left as it is")


def make_engine(path: Path) -> Engine:
    """An engine for the database file at `path` with WAL, foreign keys and a busy timeout."""
    check_file(path)
    if not path.parent.exists():
        raise StoreError(f"{path}: the directory {path.parent} does not exist")
    # A small pool: opening a connection (and the checkpoint SQLite runs when the last one
    # closes) costs more than the queries of a review. Threads (the app's workers) may
    # share pooled connections, one at a time.
    engine = create_engine(
        f"sqlite:///{path}",
        poolclass=QueuePool,
        pool_size=2,
        max_overflow=8,
        connect_args={"check_same_thread": False},
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def prepare(engine: Engine, path: Path) -> None:
    """Create the schema of a new database or migrate an older one; refuse a newer one."""
    try:
        with engine.connect().execution_options(reading=True) as conn:
            version = conn.exec_driver_sql("PRAGMA user_version").scalar() or 0
            names = {
                row[0]
                for row in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")
            }
            conn.rollback()
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{path}: made by a newer version of flashcards (schema {version}; "
                f"this one reads up to {SCHEMA_VERSION}); upgrade flashcards to open it"
            )
        if version == SCHEMA_VERSION:
            return
        with engine.begin() as conn:
            if version == 0:
                if names & {t.name for t in SQLModel.metadata.sorted_tables}:
                    raise StoreError(f"{path}: not a flashcards database; left as it is")
                SQLModel.metadata.create_all(conn, tables=_our_tables())
            else:
                for step in range(version, SCHEMA_VERSION):
                    MIGRATIONS[step](conn)
            conn.exec_driver_sql(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except StoreError:
        raise
    except (DatabaseError, OperationalError) as exc:
        raise StoreError(f"{path}: {_reason(exc)}") from None


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


def _reason(exc: Exception) -> str:
    message = str(getattr(exc, "orig", exc))
    if "not a database" in message or "malformed" in message:
        return "the database file is damaged or not a flashcards database; left as it is"
    if "readonly" in message or "read-only" in message:
        return "the database is read-only"
    if "unable to open" in message:
        return "cannot open the database file (check the directory and its permissions)"
    if "locked" in message:
        return "the database is busy (another flashcards is writing); try again"
    if "disk" in message and "full" in message:
        return "the disk is full; nothing was written"
    if "disk I/O error" in message:
        return "could not write to the disk (is it full?); nothing was changed"
    return message


def describe(exc: Exception) -> str:
    """A one-line reason for a database error, for the learner."""
    return _reason(exc)


def set_user_version(engine: Engine, version: int) -> None:
    """For tests and migrations: write the schema version."""
    with engine.begin() as conn:
        conn.execute(text(f"PRAGMA user_version = {int(version)}"))
