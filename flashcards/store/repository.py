"""The repository: the learner's database opened, its transactions, and the reads and writes
of decks, settings and notes in domain terms.

Importing a document is in store.importer (`Store.import_document` runs it in one
transaction); the review's queries are in store.cards, store.queues and store.answers.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select, update
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from flashcards.domain import Deck, Document, Note, NoteCard, note_key
from flashcards.errors import FlashcardsError, StoreError
from flashcards.store import db, importer
from flashcards.store.convert import card_from_row, deck_from_row, dump_list, note_from_row
from flashcards.store.importer import NOTE_FIELDS, ImportReport, load_edits
from flashcards.store.tables import CardRow, ContextRow, DeckRow, NoteRow, SettingRow, table_of

DECK = table_of(DeckRow)
NOTE = table_of(NoteRow)
CONTEXT = table_of(ContextRow)
CARD = table_of(CardRow)
SETTING = table_of(SettingRow)

#: The columns a Note is made of (see convert.note_from_row).
_NOTE_COLUMNS = ("id", "deck_id", *NOTE_FIELDS, "in_source", "forms")


class Store:
    """The database of one learner."""

    def __init__(self, engine: Engine, path: Path) -> None:
        self.engine = engine
        self.path = path

    @classmethod
    def open(cls, path: str | Path) -> Store:
        """Open (creating or migrating) the database at `path`."""
        path = Path(path).expanduser()
        engine = db.make_engine(path)
        db.prepare(engine, path)
        return cls(engine, path)

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """One write transaction: all of it lands, or none of it."""
        try:
            with self.engine.begin() as conn:
                yield conn
        except (DBAPIError, SQLAlchemyError) as exc:
            raise StoreError(f"{self.path}: {db.describe(exc)}") from None

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A read-only snapshot that never waits for a writer."""
        try:
            with self.engine.connect().execution_options(reading=True) as conn:
                yield conn
                conn.rollback()
        except (DBAPIError, SQLAlchemyError) as exc:
            raise StoreError(f"{self.path}: {db.describe(exc)}") from None

    # -- decks -------------------------------------------------------------------------------

    def decks(self) -> list[Deck]:
        with self.reading() as conn:
            rows = conn.execute(select(DECK).order_by(DECK.c.id)).mappings().all()
        return [deck_from_row(r) for r in rows]

    def find_deck(self, name: str) -> Deck | None:
        with self.reading() as conn:
            row = conn.execute(select(DECK).where(DECK.c.name == name)).mappings().first()
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
            return conn.execute(select(DECK.c.id).limit(1)).first() is None

    def rename_deck(self, deck_id: int, name: str) -> None:
        """Give a deck another name (its notes, cards and history stay with it)."""
        with self.writing() as conn:
            conn.execute(update(DECK).where(DECK.c.id == deck_id).values(name=name))

    def update_deck_settings(self, deck_id: int, **values: Any) -> None:
        allowed = {"new_per_day", "reviews_per_day", "desired_retention"}
        unknown = set(values) - allowed
        if unknown:
            raise ValueError(f"unknown deck settings: {sorted(unknown)}")
        with self.writing() as conn:
            conn.execute(update(DECK).where(DECK.c.id == deck_id).values(**values))

    # -- settings ----------------------------------------------------------------------------

    def setting(self, key: str, default: str | None = None) -> str | None:
        with self.reading() as conn:
            value = conn.execute(select(SETTING.c.value).where(SETTING.c.key == key)).scalar()
        return default if value is None else value

    def set_setting(self, key: str, value: str) -> None:
        with self.writing() as conn:
            conn.execute(delete(SETTING).where(SETTING.c.key == key))
            conn.execute(insert(SETTING).values(key=key, value=value))

    # -- notes -------------------------------------------------------------------------------

    def notes(
        self, deck_id: int | None = None, *, with_cards: bool = True, note_id: int | None = None
    ) -> list[Note]:
        """Every note (of one deck, or of all; or the one `note_id`), in document order, with
        contexts and cards (`with_cards=False`: an export needs none and saves reading them)."""
        with self.reading() as conn:
            deck_names = dict(conn.execute(select(DECK.c.id, DECK.c.name)).all())
            # Only what a Note holds: the row's times would be parsed for nothing.
            query = select(*(NOTE.c[name] for name in _NOTE_COLUMNS)).order_by(
                NOTE.c.deck_id, NOTE.c.position, NOTE.c.id
            )
            ctx_query = select(CONTEXT.c.note_id, CONTEXT.c.sentence).order_by(
                CONTEXT.c.note_id, CONTEXT.c.position
            )
            card_query = select(CARD).where(CARD.c.retired.is_(False))
            if deck_id is not None:
                query = query.where(NOTE.c.deck_id == deck_id)
                in_deck = select(NOTE.c.id).where(NOTE.c.deck_id == deck_id)
                ctx_query = ctx_query.where(CONTEXT.c.note_id.in_(in_deck))
                card_query = card_query.where(CARD.c.note_id.in_(in_deck))
            if note_id is not None:
                query = query.where(NOTE.c.id == note_id)
                ctx_query = ctx_query.where(CONTEXT.c.note_id == note_id)
                card_query = card_query.where(CARD.c.note_id == note_id)
            rows = conn.execute(query).mappings().all()
            contexts: dict[int, list[str]] = defaultdict(list)
            for note_id, sentence in conn.execute(ctx_query):
                contexts[note_id].append(sentence)
            cards: dict[int, list[NoteCard]] = defaultdict(list)
            if with_cards:
                for row in conn.execute(card_query).mappings():
                    cards[row["note_id"]].append(card_from_row(row))
        return [
            note_from_row(r, deck_names[r["deck_id"]], contexts[r["id"]], cards[r["id"]])
            for r in rows
        ]

    def note(self, note_id: int) -> Note:
        """One note, with its contexts and cards."""
        found = self.notes(note_id=note_id)
        if not found:
            raise StoreError(f"no note with id {note_id}")
        return found[0]

    def edit_note(self, note_id: int, now: datetime, **fields: Any) -> None:
        """Change a note's text; its cards and their history are untouched."""
        allowed = {"word", "ipa", "pos", "definition", "synonyms", "example", "syllables"}
        unknown = set(fields) - allowed
        if unknown:
            raise ValueError(f"unknown note fields: {sorted(unknown)}")
        values = dict(fields)
        if "synonyms" in values:
            values["synonyms"] = dump_list(values["synonyms"])
        with self.writing() as conn:
            row = conn.execute(select(NOTE).where(NOTE.c.id == note_id)).mappings().first()
            if row is None:
                raise StoreError(f"no note with id {note_id}")
            values = {k: v for k, v in values.items() if v != row[k]}
            if not values:
                return
            if "word" in values:
                values["key"] = note_key(values["word"])
                clash = conn.execute(
                    select(NOTE.c.word).where(
                        NOTE.c.deck_id == row["deck_id"],
                        NOTE.c.key == values["key"],
                        NOTE.c.id != note_id,
                    )
                ).scalar()
                if clash is not None:
                    raise FlashcardsError(
                        f"this deck already has a note {clash!r}; choose another word"
                    )
            if "word" in values or "pos" in values:
                values["forms"] = None  # found again by the next import, computed until then
            edits = load_edits(row["edited"])
            for name in fields:
                if name not in values:
                    continue
                original = edits.setdefault(name, row[name])  # the document's value
                if values[name] == original:
                    del edits[name]  # set back to what the document says
            values["edited"] = json.dumps(edits, ensure_ascii=False) if edits else None
            conn.execute(update(NOTE).where(NOTE.c.id == note_id).values(updated_at=now, **values))

    # -- import ------------------------------------------------------------------------------

    def import_document(
        self, document: Document, deck_name: str, now: datetime, source: str | None = None
    ) -> ImportReport:
        """Bring the deck `deck_name` in line with `document`, in one transaction."""
        with self.writing() as conn:
            return importer.import_document(conn, document, deck_name, now, source)
