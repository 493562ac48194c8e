"""The repository: the learner's database opened, and every read and write in domain terms —
decks, settings, notes, the review's snapshot and its single-transaction writes (an answer,
its undo, a bury, a suspend), the import of a document.

Connections, rows and column names stay in `flashcards.store`. The daily path runs on the
standard `sqlite3` driver (store.sqlite); SQLModel is imported only when a database must be
created or migrated (store.db).
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flashcards.domain import (
    EDITABLE_FIELDS,
    Answer,
    CardChange,
    CardKind,
    CardMark,
    CardRecord,
    Deck,
    Document,
    ImportReport,
    LogEntry,
    Note,
    NoteCard,
    Recorded,
    Spans,
    note_key,
)
from flashcards.errors import FlashcardsError, StoreError
from flashcards.store import answers, cards, files, version
from flashcards.store.convert import (
    card_from_row,
    deck_from_row,
    dump_list,
    load_spans,
    note_from_row,
    read,
)
from flashcards.store.queues import ReviewSnapshot
from flashcards.store.sqlite import Database, sql, to_db_time

if TYPE_CHECKING:  # what the review does not need is imported by the method that does
    from flashcards.store import importer, listing
    from flashcards.store.work import Work

#: A note's text fields, as the importer stores them (store.importer's NOTE_FIELDS).
NOTE_FIELDS = EDITABLE_FIELDS

_DECKS = sql("deck.all", "SELECT * FROM deck ORDER BY id")
_DECK_BY_NAME = sql("deck.by_name", "SELECT * FROM deck WHERE name = ?")
_DECK_NAMES = sql("deck.names", "SELECT id, name FROM deck")
_RENAME_DECK = sql("deck.rename", "UPDATE deck SET name = ? WHERE id = ?")
_ANY_DECK = sql("deck.any", "SELECT id FROM deck LIMIT 1")
_DECK_SETTINGS = sql(
    "deck.settings",
    "UPDATE deck SET new_per_day = coalesce(:new_per_day, new_per_day),"
    " reviews_per_day = coalesce(:reviews_per_day, reviews_per_day),"
    " desired_retention = coalesce(:desired_retention, desired_retention) WHERE id = :id",
)
_SETTING = sql("setting.get", "SELECT value FROM setting WHERE key = ?")
_SET_SETTING = sql(
    "setting.set",
    "INSERT INTO setting (key, value) VALUES (?, ?)"
    " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
)

#: The columns a Note is made of (see convert.note_from_row).
_NOTE_COLUMNS = ", ".join(("id", "deck_id", *NOTE_FIELDS, "in_source", "forms", "example_spans"))
_NOTES_WHERE = {"all": "", "deck": " WHERE deck_id = :deck", "note": " WHERE id = :note"}
_IN_SCOPE = {
    "all": "",
    "deck": " AND note_id IN (SELECT id FROM note WHERE deck_id = :deck)",
    "note": " AND note_id = :note",
}
_NOTES = {
    scope: sql(
        f"note.list.{scope}",
        f"SELECT {_NOTE_COLUMNS} FROM note{where} ORDER BY deck_id, position, id",
    )
    for scope, where in _NOTES_WHERE.items()
}
_NOTE_CONTEXTS = {
    scope: sql(
        f"note.list.contexts.{scope}",
        f"SELECT note_id, sentence, spans FROM context WHERE 1{where} ORDER BY note_id, position",
    )
    for scope, where in _IN_SCOPE.items()
}
_NOTE_CARDS = {
    scope: sql(f"note.list.cards.{scope}", f"SELECT * FROM card WHERE retired = 0{where}")
    for scope, where in _IN_SCOPE.items()
}
_NOTE_ROW = sql("note.row", "SELECT * FROM note WHERE id = ?")
_NOTE_CLASH = sql(
    "note.clash", "SELECT word FROM note WHERE deck_id = ? AND key = ? AND id != ? LIMIT 1"
)
_EDIT_NOTE = sql(
    "note.edit",
    "UPDATE note SET "
    + ", ".join(
        f"{name} = :{name}" for name in (*NOTE_FIELDS, "key", "forms", "example_spans", "edited")
    )
    + ", updated_at = :updated_at WHERE id = :id",
)


class _Snapshot:
    """A read transaction handing out a ReviewSnapshot (a class: it runs for every card)."""

    __slots__ = ("_transaction",)

    def __init__(self, transaction: AbstractContextManager[sqlite3.Connection]) -> None:
        self._transaction = transaction

    def __enter__(self) -> ReviewSnapshot:
        return ReviewSnapshot(self._transaction.__enter__())

    def __exit__(self, kind: Any, exc: Any, trace: Any) -> bool | None:
        return self._transaction.__exit__(kind, exc, trace)


#: Plans made outside the write lock before one is made under it (the deck kept changing).
_PLAN_TRIES = 3


class Store:
    """The database of one learner."""

    def __init__(self, database: Database, path: Path) -> None:
        self.database = database
        self.path = path

    @classmethod
    def open(cls, path: str | Path) -> Store:
        """Open (creating or migrating) the database at `path`. A file that is not a
        flashcards database is refused before anything is written to it."""
        path = Path(path).expanduser()
        found = files.inspect(path)
        if found is None or found.version != version.SCHEMA_VERSION:
            from flashcards.store import schema  # only to create

            new = found is None or found.is_new
            if not (new and schema.create(path)):
                from flashcards.store import db  # SQLModel: only to create or migrate

                db.prepare(path)
        return cls(Database(path), path)

    def close(self) -> None:
        self.database.close()

    def writing(self) -> AbstractContextManager[sqlite3.Connection]:
        """One raw write transaction (for the store's modules, maintenance and tests)."""
        return self.database.writing()

    def reading(self) -> AbstractContextManager[sqlite3.Connection]:
        """One raw read snapshot (for the store's modules, maintenance and tests)."""
        return self.database.reading()

    @contextmanager
    def work(self, *, write: bool = False) -> Iterator[Work]:
        """One transaction's reads (`write`: and writes, all or none of them) in domain
        terms, for a service whose reads must agree or whose writes land together."""
        from flashcards.store.work import Work

        with self.database.writing() if write else self.database.reading() as conn:
            yield Work(conn)

    # -- decks -------------------------------------------------------------------------------

    def decks(self) -> list[Deck]:
        with self.reading() as conn:
            return [deck_from_row(r) for r in conn.execute(_DECKS)]

    def find_deck(self, name: str) -> Deck | None:
        with self.reading() as conn:
            row = conn.execute(_DECK_BY_NAME, (name,)).fetchone()
            return deck_from_row(row) if row else None

    def deck(self, name: str) -> Deck:
        """The deck called `name`, or a StoreError listing the decks there are."""
        found = self.find_deck(name)
        if found is None:
            names = ", ".join(repr(d.name) for d in self.decks()) or "none yet"
            raise StoreError(f"no deck named {name!r} (decks: {names})")
        return found

    def is_empty(self) -> bool:
        with self.reading() as conn:
            return conn.execute(_ANY_DECK).fetchone() is None

    def rename_deck(self, deck_id: int, name: str) -> None:
        """Give a deck another name (its notes, cards and history stay with it)."""
        with self.writing() as conn:
            conn.execute(_RENAME_DECK, (name, deck_id))

    def update_deck_settings(self, deck_id: int, **values: Any) -> None:
        allowed = {"new_per_day", "reviews_per_day", "desired_retention"}
        unknown = set(values) - allowed
        if unknown:
            raise ValueError(f"unknown deck settings: {sorted(unknown)}")
        with self.writing() as conn:
            conn.execute(
                _DECK_SETTINGS, {name: values.get(name) for name in allowed} | {"id": deck_id}
            )

    # -- settings ----------------------------------------------------------------------------

    def setting(self, key: str, default: str | None = None) -> str | None:
        with self.reading() as conn:
            row = conn.execute(_SETTING, (key,)).fetchone()
        return default if row is None or row[0] is None else str(row[0])

    def set_setting(self, key: str, value: str) -> None:
        with self.writing() as conn:
            conn.execute(_SET_SETTING, (key, value))

    # -- notes -------------------------------------------------------------------------------

    def notes(
        self, deck_id: int | None = None, *, with_cards: bool = True, note_id: int | None = None
    ) -> list[Note]:
        """Every note (of one deck, or of all; or the one `note_id`), in document order, with
        contexts and cards (`with_cards=False`: an export needs none and saves reading them)."""
        scope = "note" if note_id is not None else "deck" if deck_id is not None else "all"
        params = {"deck": deck_id, "note": note_id}
        with self.reading() as conn:
            deck_names = dict(conn.execute(_DECK_NAMES).fetchall())
            rows = conn.execute(_NOTES[scope], params).fetchall()
            contexts: dict[int, list[str]] = defaultdict(list)
            spans: dict[int, list[Spans | None]] = defaultdict(list)
            for owner, sentence, found in conn.execute(_NOTE_CONTEXTS[scope], params):
                contexts[owner].append(sentence)
                spans[owner].append(load_spans(found))
            note_cards: dict[int, list[NoteCard]] = defaultdict(list)
            if with_cards:
                for row in conn.execute(_NOTE_CARDS[scope], params):
                    note_cards[row["note_id"]].append(card_from_row(row))
            return [
                note_from_row(
                    r,
                    deck_names[r["deck_id"]],
                    contexts[r["id"]],
                    note_cards[r["id"]],
                    spans[r["id"]],
                )
                for r in rows
            ]

    def listed(
        self, deck_id: int | None = None, *, page_size: int | None = None
    ) -> Iterator[list[listing.ListedNote]]:
        """Every note (of one deck, or of all) as `notes` gives them, with the schedules of
        their answered cards, a page at a time from one read snapshot: memory stays flat
        whatever the size of the collection (pages of `listing.PAGE_SIZE` unless told)."""
        from flashcards.store import listing

        size = listing.PAGE_SIZE if page_size is None else page_size
        return listing.listed_notes(self.database, deck_id, page_size=size)

    def note(self, note_id: int) -> Note:
        """One note, with its contexts and cards."""
        found = self.notes(note_id=note_id)
        if not found:
            raise StoreError(f"no note with id {note_id}")
        return found[0]

    def edit_note(self, note_id: int, now: datetime, **fields: Any) -> None:
        """Change a note's text; its cards and their history are untouched."""
        from flashcards.store import search

        with self.writing() as conn:
            if write_note_edit(conn, note_id, now, fields):
                search.refresh(conn)

    # -- the review --------------------------------------------------------------------------

    def snapshot(self, *, one_state: bool = True) -> AbstractContextManager[ReviewSnapshot]:
        """One read snapshot of the queues, the cards and their notes (choosing the next card,
        counting the queues and previewing intervals read one state of the database).
        `one_state=False`: each statement reads the database as it is when it runs, for a
        caller whose reads do not need to agree (and which then pays no BEGIN and COMMIT)."""
        return _Snapshot(self.database.reading() if one_state else self.database.unbound())

    def fsrs_weights(self, deck_id: int, kind: CardKind) -> tuple[float, ...] | None:
        """The FSRS parameters fitted for this deck and kind of card (None: the defaults)."""
        from flashcards.store import parameters

        with self.reading() as conn:
            return parameters.weights_for(conn, deck_id, kind)

    def card_record(self, card_id: int) -> CardRecord:
        """One card's schedule (with its deck's desired retention)."""
        with self.reading() as conn:
            return cards.card_record(conn, card_id)

    def review_history(self, card_id: int) -> list[LogEntry]:
        """The answers a card was given, oldest first, undone answers left out."""
        with self.reading() as conn:
            return answers.review_history(conn, card_id)

    def record_answer(
        self,
        card_id: int,
        decide: Callable[[CardRecord], CardChange],
        answer: Answer,
        *,
        bury_siblings_until: datetime | None,
        shown: CardRecord | None = None,
    ) -> Recorded:
        """One write transaction: the card as it is is given to `decide`; its change, the
        review log row and the siblings' burying are written. `shown`: the card as the
        review read it (not read again while it is still so)."""
        with self.writing() as conn:
            return answers.record_answer(conn, card_id, decide, answer, bury_siblings_until, shown)

    def undo_answer(self, log_id: int) -> int:
        """Take an answer back (its card and its siblings' burying as they were). Returns the
        card's id; a StoreError when the card was answered since."""
        with self.writing() as conn:
            return answers.undo_answer(conn, log_id)

    def bury_card(self, card_id: int, until: datetime) -> CardMark:
        """Hide one card until `until`, undoably (`undo_mark`)."""
        with self.writing() as conn:
            return answers.bury_card(conn, card_id, until)

    def suspend_card(self, card_id: int) -> CardMark:
        """Suspend one card, undoably (`undo_mark`)."""
        with self.writing() as conn:
            return answers.suspend_card(conn, card_id)

    def undo_mark(self, mark: CardMark) -> None:
        """Take a bury or a suspend back; a StoreError when the card changed since."""
        with self.writing() as conn:
            answers.undo_mark(conn, mark)

    def set_suspended(
        self,
        suspended: bool,
        *,
        card_ids: Iterable[int] | None = None,
        note_id: int | None = None,
    ) -> int:
        """Suspend or unsuspend some cards, or every card of a note. Returns how many."""
        with self.writing() as conn:
            return answers.set_suspended(conn, suspended, card_ids=card_ids, note_id=note_id)

    # -- import ------------------------------------------------------------------------------

    def import_document(
        self,
        document: Document,
        deck_name: str,
        now: datetime,
        source: str | None = None,
        forms: importer.Forms | None = None,
        cut: importer.Cut | None = None,
    ) -> ImportReport:
        """Bring the deck `deck_name` in line with `document`, in one transaction.

        The plan is made from a read snapshot, without the write lock; the write transaction
        only applies it (after checking that the deck is still as the plan read it), so that
        an answer given meanwhile waits a moment, never past the busy timeout."""
        from flashcards.store import importer

        for _ in range(_PLAN_TRIES):
            with self.reading() as conn:
                plan = importer.plan_import(conn, document, deck_name, now, source, forms, cut)
            with self.writing() as conn:
                if importer.is_current(conn, plan):
                    return importer.apply_plan(conn, plan, now)
        with self.writing() as conn:  # the deck keeps changing: planned under the lock
            plan = importer.plan_import(conn, document, deck_name, now, source, forms, cut)
            return importer.apply_plan(conn, plan, now)


def write_note_edit(
    conn: sqlite3.Connection, note_id: int, now: datetime, fields: dict[str, Any]
) -> bool:
    """Change a note's text inside the caller's write transaction (its cards and their
    history are untouched); False when nothing differed. Raises before writing anything
    when the note is missing or its new word is taken in its deck; the caller refreshes the
    search index once its writes are done."""
    from flashcards.store.importer import load_edits

    unknown = set(fields) - set(NOTE_FIELDS)
    if unknown:
        raise ValueError(f"unknown note fields: {sorted(unknown)}")
    values = dict(fields)
    if "synonyms" in values:
        values["synonyms"] = dump_list(values["synonyms"])
    row = conn.execute(_NOTE_ROW, (note_id,)).fetchone()
    if row is None:
        raise StoreError(f"no note with id {note_id}")
    values = {k: v for k, v in values.items() if v != row[k]}
    if not values:
        return False
    key, forms = row["key"], row["forms"]
    if "word" in values:
        key = note_key(values["word"])
        clash = conn.execute(_NOTE_CLASH, (row["deck_id"], key, note_id)).fetchone()
        if clash is not None:
            raise FlashcardsError(f"this deck already has a note {clash[0]!r}; choose another word")
    if "word" in values or "pos" in values:
        forms = None  # found again by the next import, computed until then
    example_spans = row["example_spans"]
    if {"word", "pos", "example"} & set(values):
        example_spans = None  # found when needed
    edits = read(row, "note", "edited", load_edits)  # a hand-edited one: a BadValue
    for name in values:
        original = edits.setdefault(name, row[name])  # the document's value
        if values[name] == original:
            del edits[name]  # set back to what the document says
    merged = {name: values.get(name, row[name]) for name in NOTE_FIELDS}
    conn.execute(
        _EDIT_NOTE,
        merged
        | {
            "key": key,
            "forms": forms,
            "example_spans": example_spans,
            "edited": json.dumps(edits, ensure_ascii=False) if edits else None,
            "updated_at": to_db_time(now),
            "id": note_id,
        },
    )
    return True
