"""The database on the standard `sqlite3` driver: connections, transactions, stored times and
the registry of every hand-written statement.

Every connection opens a real filesystem path (never a URL: `--db 'my%20deck.db'` opens
exactly that file), runs with busy_timeout, foreign keys, WAL and synchronous NORMAL, and
leaves transaction control to us (`isolation_level=None`): writers `BEGIN IMMEDIATE` (they
wait for the write lock on the busy timeout instead of failing when a read lock is
upgraded), readers a deferred `BEGIN` (in WAL they never wait for a writer).

A small pool keeps connections open (opening one, and the checkpoint SQLite runs when the last
one closes, costs more than the queries of a review); the app's workers are threads, and each
takes a connection for itself while it runs one transaction.

Statements are registered with :func:`sql` at import time of the module that runs them, so a
contract test can run each one with EXPLAIN against the schema SQLModel creates. Lists are
passed as one JSON parameter (`IN (SELECT value FROM json_each(?))`), so every statement is
one fixed text.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from pathlib import Path

from flashcards.errors import StoreError

BUSY_TIMEOUT_MS = 15_000
_POOL_SIZE = 4

#: name -> statement text; every statement the store runs, for the contract test.
STATEMENTS: dict[str, str] = {}


def sql(name: str, text: str) -> str:
    """Register a statement under `name` (unique) and return its text."""
    if STATEMENTS.get(name, text) != text:
        raise ValueError(f"two statements named {name!r}")
    STATEMENTS[name] = text
    return text


# -- stored values -------------------------------------------------------------------------

_TIME_FORMAT = "%Y-%m-%d %H:%M:%S.%f"


#: The stored text of the times written or read lately. A review writes the same few times
#: again and again (now, tomorrow's start, the due it just read), and formatting one costs
#: more than looking it up. Only UTC times are kept: two times of another zone can compare
#: equal and be different instants (the repeated hour when clocks go back differs in `fold`
#: alone), while a UTC time equal to another aware time is its instant.
_TEXTS: dict[datetime, str] = {}
_TEXTS_KEPT = 256


def _remember(value: datetime, text: str) -> None:
    if len(_TEXTS) >= _TEXTS_KEPT:
        _TEXTS.clear()
    _TEXTS[value] = text


def to_db_time(value: datetime) -> str:
    """The stored text of a UTC-aware datetime: fixed width, so that text order is time order."""
    text = _TEXTS.get(value)
    if text is not None:
        return text
    if value.tzinfo is UTC and value.year >= 1000:  # the usual case, twice as fast
        text = value.isoformat(" ", "microseconds")[:26]  # less its "+00:00"
    elif value.tzinfo is None:
        raise ValueError("naive datetime given to the database; use UTC-aware times")
    else:
        return value.astimezone(UTC).strftime(_TIME_FORMAT)
    _remember(value, text)
    return text


def db_time(value: datetime | None) -> str | None:
    """`to_db_time`, None kept."""
    return None if value is None else to_db_time(value)


def from_db_time(value: str | None) -> datetime | None:
    """A stored time as a UTC-aware datetime (None kept). A ValueError for text that is not
    a time (a hand-edited row)."""
    if value is None:
        return None
    try:  # parsing the offset is several times faster than setting it afterwards
        parsed = datetime.fromisoformat(value + "+00:00")
    except ValueError:  # text with an offset of its own, or not a time
        parsed = None
    if parsed is None or parsed.tzinfo is None:  # (a date alone drops the offset)
        parsed = datetime.fromisoformat(value)
        if parsed.tzinfo is None:
            return parsed.replace(tzinfo=UTC)
        return parsed.astimezone(UTC)  # a hand-edited time with its own offset: that instant
    if len(value) == 26 and value[10] == " " and value[19] == ".":  # as to_db_time writes it
        _remember(parsed, value)
    return parsed


def id_list(ids: Iterable[int]) -> str:
    """Ids as one parameter, for `IN (SELECT value FROM json_each(?))`."""
    return "[" + ",".join([str(int(i)) for i in ids]) + "]"


# -- connections ---------------------------------------------------------------------------

#: The oldest SQLite the statements run on: an answer's update returns the siblings it
#: buries (UPDATE ... RETURNING: SQLite 3.35, whose last fixes to it came in 3.35.5).
MIN_SQLITE = (3, 35, 5)


def check_sqlite(version: tuple[int, ...]) -> None:
    """A StoreError naming both versions when `version` is older than `MIN_SQLITE`."""
    if tuple(version) < MIN_SQLITE:
        found = ".".join(str(part) for part in version)
        raise StoreError(
            f"flashcards needs SQLite {'.'.join(map(str, MIN_SQLITE))} or newer; this Python's"
            f" sqlite3 has SQLite {found}"
        )


def connect(path: Path) -> sqlite3.Connection:
    """A connection to the file at `path`, with our pragmas (a StoreError, before the file is
    opened, on an SQLite older than `MIN_SQLITE`)."""
    check_sqlite(sqlite3.sqlite_version_info)
    # An absolute path never starts with "file:", so no build of SQLite reads it as a URI.
    conn = sqlite3.connect(
        str(path.absolute()),
        isolation_level=None,
        check_same_thread=False,
        timeout=BUSY_TIMEOUT_MS / 1000,
    )
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    return conn


def reason(exc: BaseException) -> str:
    """A one-line reason for a database error, for the learner."""
    message = str(getattr(exc, "orig", exc))
    if "no such module: fts5" in message:
        from flashcards.store.search import NO_FTS5

        return NO_FTS5
    if "not a database" in message or "malformed" in message:
        return "the database file is damaged or not a flashcards database; left as it is"
    if "readonly" in message or "read-only" in message:
        return "the database is read-only"
    if "unable to open" in message:
        return "cannot open the database file (check the directory and its permissions)"
    if "locked" in message or "busy" in message:
        return "the database is busy (another flashcards is writing); try again"
    if "disk" in message and "full" in message:
        return "the disk is full; nothing was written"
    if "disk I/O error" in message:
        return "could not write to the disk (is it full?); nothing was changed"
    return message


class Transaction:
    """One transaction on a pooled connection: committed when the block ends, rolled back
    when it raises. A database error becomes a StoreError (and the connection is dropped).
    A class rather than a generator: it runs twice for every card of a review."""

    __slots__ = ("_begin", "_conn", "_database")

    def __init__(self, database: Database, begin: str) -> None:
        self._database = database
        self._begin = begin

    def __enter__(self) -> sqlite3.Connection:
        database = self._database
        conn = self._conn = database._take()
        if not self._begin:  # statements each on their own (`Database.unbound`)
            return conn
        try:
            conn.execute(self._begin)
        except sqlite3.Error as exc:
            raise database._lost(conn, exc) from None
        except BaseException:
            database._give_back(conn)
            raise
        return conn

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        trace: object,
    ) -> None:
        database, conn = self._database, self._conn
        try:
            if self._begin:
                conn.execute("COMMIT" if kind is None else "ROLLBACK")
        except sqlite3.Error as error:
            raise database._lost(conn, error) from None
        except BaseException:
            database._give_back(conn)
            raise
        if isinstance(exc, sqlite3.Error):
            raise database._lost(conn, exc) from None
        database._give_back(conn)


class Database:
    """A pool of connections to one file, handing out transactions."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._idle: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._closed = False

    def _take(self) -> sqlite3.Connection:
        with self._lock:
            if self._idle:
                return self._idle.pop()
        try:
            return connect(self.path)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: {reason(exc)}") from None

    def _give_back(self, conn: sqlite3.Connection) -> None:
        with self._lock:
            if not self._closed and len(self._idle) < _POOL_SIZE and not conn.in_transaction:
                self._idle.append(conn)
                return
        conn.close()

    def _lost(self, conn: sqlite3.Connection, exc: sqlite3.Error) -> StoreError:
        """A connection a database error left in doubt: rolled back, closed, and the error
        for the learner."""
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        conn.close()
        return StoreError(f"{self.path}: {reason(exc)}")

    def writing(self) -> AbstractContextManager[sqlite3.Connection]:
        """One write transaction: all of it lands, or none of it."""
        return Transaction(self, "BEGIN IMMEDIATE")

    def reading(self) -> AbstractContextManager[sqlite3.Connection]:
        """A read snapshot that never waits for a writer (ended with a commit: nothing to
        write)."""
        return Transaction(self, "BEGIN")

    def unbound(self) -> AbstractContextManager[sqlite3.Connection]:
        """A connection whose statements each read the database as it is when they run, with
        no transaction around them (a read needing one statement saves its BEGIN and COMMIT)."""
        return Transaction(self, "")

    def close(self) -> None:
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()
