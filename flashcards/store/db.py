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
from flashcards.store import search, tables, version
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


def _v5_spans(conn: Any) -> None:
    # 4 -> 5: a context keeps where its sentence uses the word, a note where its example
    # does (NULL: found when needed).
    for table, column in (("context", "spans"), ("note", "example_spans")):
        columns = {row[1] for row in conn.exec_driver_sql(f"PRAGMA table_info({table})")}
        if column not in columns:
            conn.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN {column} VARCHAR")


def _v5_search(conn: Any) -> None:
    # 4 -> 5: the search index over each note's text and sentences, kept in step by
    # triggers, filled from the notes there are; and the index Browse pages by.
    for statement in (*search.SCHEMA, *search.FILL):
        conn.exec_driver_sql(statement)


def _v5_counts(conn: Any) -> None:
    # 4 -> 5: the queues on two covering indexes of the live, unsuspended cards (every
    # deck's; each deck's, which the counts read alone), in place of the two that held only
    # (state, due); the log's card index by (card_id, reviewed_at) in place of card_id's;
    # and the indexes that repeated the first column of a unique key go (the unique key's
    # index serves the same lookups).
    for name, table, columns, where in (
        ("ix_card_due", "card", tables.QUEUE_COLUMNS, tables.COUNTED),
        ("ix_card_counts", "card", tables.DECK_QUEUE_COLUMNS, tables.COUNTED),
        ("ix_card_aside", "card", tables.ASIDE_COLUMNS, tables.ASIDE),
        ("ix_review_log_card", "review_log", tables.LOG_CARD_COLUMNS, ""),
    ):
        conn.exec_driver_sql(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({', '.join(columns)})"
            + (f" WHERE {where}" if where else "")
        )
    # The statistics of one deck read the log's deck_id: every answer has it.
    conn.exec_driver_sql(
        "UPDATE review_log SET deck_id = (SELECT deck_id FROM card WHERE card.id = card_id)"
        " WHERE deck_id IS NULL"
    )
    # The log's tally, for the statistics, filled once and then kept by triggers; each
    # answer's group of the young/mature split, from the window function once.
    log_columns = {row[1] for row in conn.exec_driver_sql("PRAGMA table_info(review_log)")}
    if "counted_as" not in log_columns:
        conn.exec_driver_sql("ALTER TABLE review_log ADD COLUMN counted_as VARCHAR")
    conn.exec_driver_sql("UPDATE review_log SET counted_as = NULL WHERE counted_as IS NOT NULL")
    conn.exec_driver_sql(tables.GROUP_FILL)
    tables.table_of(tables.ReviewTallyRow).create(conn, checkfirst=True)
    conn.exec_driver_sql("DELETE FROM review_tally")
    conn.exec_driver_sql(tables.TALLY_FILL)
    for trigger in tables.TALLY_TRIGGERS:
        conn.exec_driver_sql(trigger)
    for name in (
        "ix_review_log_card_id",
        "ix_card_queue",
        "ix_card_deck_queue",
        "ix_note_deck_id",
        "ix_card_note_id",
        "ix_context_note_id",
    ):
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {name}")


def _to_v5(conn: Any) -> None:
    # 4 -> 5, one step made of self-contained parts.
    for part in (_v5_counts, _v5_search, _v5_spans):
        part(conn)


def _v6_tally(conn: Any) -> None:
    # 5 -> 6: the cards by deck, whether answered, suspended, retired and leech, and the
    # notes by deck, kept by triggers and filled once (statistics count neither table); and
    # the few cards buried past their due, which the forecast moves to the day they come back.
    for model in (tables.CardTallyRow, tables.NoteTallyRow):
        tables.table_of(model).create(conn, checkfirst=True)
    for trigger in tables.COUNT_TRIGGERS:
        conn.exec_driver_sql(trigger)
    for statement in tables.COUNT_FILL:
        conn.exec_driver_sql(statement)
    conn.exec_driver_sql(
        f"CREATE INDEX IF NOT EXISTS ix_card_buried ON card ({', '.join(tables.BURIED_COLUMNS)})"
        f" WHERE {tables.BURIED}"
    )


def _v6_search(conn: Any) -> None:
    # 5 -> 6: the search index keeps no copy of the notes' text and no word positions, and
    # lists prefixes of up to 6 letters; its triggers take a note out of it before a write
    # changes the note (search.py). Made anew and filled once, unless it is already so.
    found = conn.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'note_search'"
    ).scalar()
    current = found is not None and search.same_index(found)
    for name in search.TRIGGER_NAMES:
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
    if not current:
        conn.exec_driver_sql("DROP TABLE IF EXISTS note_search")
    for statement in search.SCHEMA:
        conn.exec_driver_sql(statement)
    if not current:
        for statement in search.FILL:
            conn.exec_driver_sql(statement)


def _to_v6(conn: Any) -> None:
    # 5 -> 6, one step made of self-contained parts.
    for part in (_v6_tally, _v6_search):
        part(conn)


def _v7_counts(conn: Any) -> None:
    # 6 -> 7: the review cards by deck and day of due, kept by triggers and filled once (the
    # counts of a review add up days instead of walking every card due); and the cards by
    # the time they are buried until (the few buried at a time, read as a range).
    tables.table_of(tables.DueTallyRow).create(conn, checkfirst=True)
    for trigger in tables.DUE_TRIGGERS:
        conn.exec_driver_sql(trigger)
    for statement in tables.DUE_FILL:
        conn.exec_driver_sql(statement)
    conn.exec_driver_sql(
        "CREATE INDEX IF NOT EXISTS ix_card_buried_at"
        f" ON card ({', '.join(tables.BURIED_AT_COLUMNS)}) WHERE {tables.BURIED_AT}"
    )


def _to_v7(conn: Any) -> None:
    # 6 -> 7, one step made of self-contained parts.
    for part in (_v7_counts,):
        part(conn)


def _v8_hotpath(conn: Any) -> None:
    # 7 -> 8: the log's insert trigger split in three, each fired only when its part has
    # work (tables.HOTPATH_TRIGGERS): the same tally, for less work an answer.
    for name in tables.HOTPATH_REPLACED:
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
    for trigger in tables.HOTPATH_TRIGGERS:
        conn.exec_driver_sql(trigger)


def _v8_stats(conn: Any) -> None:
    # 7 -> 8: the cards in learning and review of every deck by the UTC day and ten minutes
    # they are due, kept by triggers and filled once (the statistics of every deck add up
    # days and tens of minutes instead of walking every card due).
    tables.table_of(tables.ForecastTallyRow).create(conn, checkfirst=True)
    for trigger in tables.FORECAST_TRIGGERS:
        conn.exec_driver_sql(trigger)
    for statement in tables.FORECAST_FILL:
        conn.exec_driver_sql(statement)


def _to_v8(conn: Any) -> None:
    # 7 -> 8, one step made of self-contained parts.
    for part in (_v8_hotpath, _v8_stats):
        part(conn)


def _v9_cut(conn: Any) -> None:
    # 8 -> 9: a note keeps its headword cut into syllables (NULL until the next import cuts
    # it: an export cuts it meanwhile), forgotten by a trigger when what it was cut from
    # changes.
    columns = {row[1] for row in conn.exec_driver_sql("PRAGMA table_info(note)")}
    if "cut" not in columns:
        conn.exec_driver_sql("ALTER TABLE note ADD COLUMN cut VARCHAR")
    for trigger in tables.CUT_TRIGGERS:
        conn.exec_driver_sql(trigger)


def _to_v9(conn: Any) -> None:
    # 8 -> 9, one step made of self-contained parts.
    for part in (_v9_cut,):
        part(conn)


#: Migrations from version N to N + 1, keyed by N. Each runs inside the upgrade transaction.
MIGRATIONS: dict[int, Callable[[Any], None]] = {
    1: _add_note_forms,
    2: _add_note_edits,
    3: _add_review_source,
    4: _to_v5,
    5: _to_v6,
    6: _to_v7,
    7: _to_v8,
    8: _to_v9,
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
                for trigger in (
                    *tables.TALLY_TRIGGERS,
                    *tables.COUNT_TRIGGERS,
                    *tables.DUE_TRIGGERS,
                    *tables.FORECAST_TRIGGERS,
                    *tables.CUT_TRIGGERS,
                ):
                    conn.exec_driver_sql(trigger)
                _v8_hotpath(conn)
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
        tables.ReviewTallyRow.__tablename__,
        tables.CardTallyRow.__tablename__,
        tables.NoteTallyRow.__tablename__,
        tables.DueTallyRow.__tablename__,
        tables.ForecastTallyRow.__tablename__,
    }
    return [t for t in SQLModel.metadata.sorted_tables if t.name in names]
