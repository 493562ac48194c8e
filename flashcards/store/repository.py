"""The repository: every query and write of the program, in domain terms.

Imports are one transaction of bulk Core statements. A re-import updates entries' text in
place, keeps every card and its history, and never deletes a note.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Column, Connection, Engine, Table, bindparam, delete, insert, select, update
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from flashcards.domain import CardKind, Deck, Document, Entry, Note, NoteCard, note_key
from flashcards.errors import StoreError
from flashcards.store import db
from flashcards.store.convert import (
    card_from_row,
    deck_from_row,
    dump_list,
    note_from_row,
)
from flashcards.store.tables import (
    CardRow,
    ContextRow,
    DeckRow,
    NoteRow,
    SettingRow,
    table_of,
    to_db_time,
)
from flashcards.text.forms import dump_forms

DECK = table_of(DeckRow)
NOTE = table_of(NoteRow)
CONTEXT = table_of(ContextRow)
CARD = table_of(CardRow)
SETTING = table_of(SettingRow)

_NOTE_FIELDS = ("word", "ipa", "pos", "definition", "synonyms", "example", "syllables")
#: The columns a Note is made of (see convert.note_from_row).
_NOTE_COLUMNS = ("id", "deck_id", *_NOTE_FIELDS, "in_source", "forms")


@dataclass
class ImportReport:
    """What an import did to a deck."""

    deck: str
    created_deck: bool = False
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    missing: list[str] = field(default_factory=list)  # kept, but no longer in the document
    returned: list[str] = field(default_factory=list)  # back in the document
    cards_added: int = 0
    cards_retired: int = 0
    contexts: int = 0

    @property
    def changed(self) -> bool:
        return bool(
            self.created_deck
            or self.added
            or self.updated
            or self.returned
            or self.missing
            or self.cards_added
            or self.cards_retired
        )


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

    def notes(self, deck_id: int | None = None, *, with_cards: bool = True) -> list[Note]:
        """Every note (of one deck, or of all), in document order, with contexts and cards
        (without cards, `with_cards=False`: an export needs none and saves reading them)."""
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
        with self.reading() as conn:
            deck_id = conn.execute(select(NOTE.c.deck_id).where(NOTE.c.id == note_id)).scalar()
        if deck_id is None:
            raise StoreError(f"no note with id {note_id}")
        return next(n for n in self.notes(deck_id) if n.id == note_id)

    def edit_note(self, note_id: int, now: datetime, **fields: Any) -> None:
        """Change a note's text; its cards and their history are untouched."""
        allowed = {"word", "ipa", "pos", "definition", "synonyms", "example", "syllables"}
        unknown = set(fields) - allowed
        if unknown:
            raise ValueError(f"unknown note fields: {sorted(unknown)}")
        values = dict(fields)
        if "synonyms" in values:
            values["synonyms"] = dump_list(values["synonyms"])
        if "word" in values:
            values["key"] = note_key(values["word"])
        if "word" in values or "pos" in values:
            values["forms"] = None  # found again by the next import, computed until then
        with self.writing() as conn:
            conn.execute(update(NOTE).where(NOTE.c.id == note_id).values(updated_at=now, **values))

    # -- import ------------------------------------------------------------------------------

    def import_document(
        self, document: Document, deck_name: str, now: datetime, source: str | None = None
    ) -> ImportReport:
        """Bring the deck `deck_name` in line with `document`, in one transaction."""
        report = ImportReport(deck=deck_name)
        with self.writing() as conn:
            deck_id = self._upsert_deck(conn, document, deck_name, now, source, report)
            existing = {
                r["key"]: r
                for r in conn.execute(select(NOTE).where(NOTE.c.deck_id == deck_id)).mappings()
            }
            old_contexts: dict[int, list[str]] = defaultdict(list)
            for note_id, sentence in conn.execute(
                select(CONTEXT.c.note_id, CONTEXT.c.sentence)
                .where(CONTEXT.c.note_id.in_([r["id"] for r in existing.values()]))
                .order_by(CONTEXT.c.note_id, CONTEXT.c.position)
            ):
                old_contexts[note_id].append(sentence)

            new_rows: list[dict[str, Any]] = []
            new_entries: list[Entry] = []
            changed_rows: list[dict[str, Any]] = []
            context_notes: list[tuple[int, Sequence[str]]] = []
            seen: set[str] = set()
            ids_in_document: dict[int, Entry] = {}
            for position, entry in enumerate(document.entries):
                key = note_key(entry.word)
                if key in seen:
                    continue
                seen.add(key)
                values = _note_values(entry, position)
                row = existing.get(key)
                report.contexts += len(entry.contexts)
                if row is None:
                    new_rows.append(
                        dict(values, deck_id=deck_id, key=key, created_at=now, updated_at=now)
                    )
                    new_entries.append(entry)
                    continue
                ids_in_document[row["id"]] = entry
                differs = any(row[k] != values[k] for k in _NOTE_FIELDS)
                stale = row["position"] != position or row["forms"] != values["forms"]
                if differs or stale or not row["in_source"]:
                    changed = dict(values, updated_at=now if differs else row["updated_at"])
                    changed_rows.append({f"b_{k}": v for k, v in changed.items()})
                    changed_rows[-1]["b_id"] = row["id"]
                new_contexts = list(entry.contexts) != old_contexts.get(row["id"], [])
                if new_contexts:
                    context_notes.append((row["id"], entry.contexts))
                if not row["in_source"]:
                    report.returned.append(entry.word)
                elif differs or new_contexts:
                    report.updated.append(entry.word)
                else:
                    report.unchanged += 1

            if changed_rows:
                conn.execute(
                    update(NOTE)
                    .where(NOTE.c.id == bindparam("b_id"))
                    .values({k[2:]: bindparam(k) for k in changed_rows[0] if k != "b_id"})
                    .values(in_source=True),
                    changed_rows,
                )
            if new_rows:
                bulk_insert(conn, NOTE, new_rows)
                ids = dict(
                    conn.execute(
                        select(NOTE.c.key, NOTE.c.id).where(NOTE.c.deck_id == deck_id)
                    ).all()
                )
                for new_row, entry in zip(new_rows, new_entries, strict=True):
                    note_id = ids[new_row["key"]]
                    ids_in_document[note_id] = entry
                    context_notes.append((note_id, entry.contexts))
                    report.added.append(entry.word)

            gone = [r for k, r in existing.items() if k not in seen and r["in_source"]]
            if gone:
                conn.execute(
                    update(NOTE)
                    .where(NOTE.c.id.in_([r["id"] for r in gone]))
                    .values(in_source=False)
                )
                report.missing.extend(r["word"] for r in gone)

            self._replace_contexts(conn, context_notes)
            self._sync_cards(conn, deck_id, ids_in_document, now, report)
        return report

    @staticmethod
    def _upsert_deck(
        conn: Connection,
        document: Document,
        name: str,
        now: datetime,
        source: str | None,
        report: ImportReport,
    ) -> int:
        row = conn.execute(select(DECK).where(DECK.c.name == name)).mappings().first()
        values = {"title": document.title, "source": source, "tags": dump_list(document.tags)}
        if row is None:
            report.created_deck = True
            return int(
                conn.execute(
                    insert(DECK).values(name=name, created_at=now, **values).returning(DECK.c.id)
                ).scalar_one()
            )
        if any(row[k] != v for k, v in values.items()):
            conn.execute(update(DECK).where(DECK.c.id == row["id"]).values(**values))
        return int(row["id"])

    @staticmethod
    def _replace_contexts(conn: Connection, notes: list[tuple[int, Sequence[str]]]) -> None:
        if not notes:
            return
        conn.execute(delete(CONTEXT).where(CONTEXT.c.note_id.in_([n for n, _ in notes])))
        rows = [
            {"note_id": note_id, "position": i, "sentence": sentence}
            for note_id, sentences in notes
            for i, sentence in enumerate(sentences)
        ]
        if rows:
            bulk_insert(conn, CONTEXT, rows)

    @staticmethod
    def _sync_cards(
        conn: Connection, deck_id: int, notes: dict[int, Entry], now: datetime, report: ImportReport
    ) -> None:
        """Give each note of the document its cards; retire or revive context cards."""
        have: dict[int, dict[str, Any]] = defaultdict(dict)
        for row in conn.execute(
            select(CARD.c.id, CARD.c.note_id, CARD.c.kind, CARD.c.retired).where(
                CARD.c.note_id.in_(list(notes))
            )
        ).mappings():
            have[row["note_id"]][row["kind"]] = row
        new_cards: list[dict[str, Any]] = []
        retire: list[int] = []
        revive: list[int] = []
        for note_id, entry in notes.items():
            kinds = [CardKind.MEANING, CardKind.RECALL]
            if entry.contexts:
                kinds.append(CardKind.CONTEXT)
            for kind in kinds:
                card = have[note_id].get(kind.value)
                if card is None:
                    new_cards.append(
                        {
                            "note_id": note_id,
                            "deck_id": deck_id,
                            "kind": kind.value,
                            "created_at": now,
                        }
                    )
                elif card["retired"]:
                    revive.append(card["id"])
            context_card = have[note_id].get(CardKind.CONTEXT.value)
            if not entry.contexts and context_card is not None and not context_card["retired"]:
                retire.append(context_card["id"])
        if new_cards:
            bulk_insert(conn, CARD, new_cards)
        if retire:
            conn.execute(update(CARD).where(CARD.c.id.in_(retire)).values(retired=True))
        if revive:
            conn.execute(update(CARD).where(CARD.c.id.in_(revive)).values(retired=False))
        report.cards_added = len(new_cards) + len(revive)
        report.cards_retired = len(retire)


def bulk_insert(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert many rows through the driver's executemany: Core's per-row parameter
    processing costs several times the insert itself on large imports. Column defaults
    of the table apply; datetimes are written in the stored UTC text form."""
    columns = [c for c in table.columns if c.name in rows[0] or _default(c) is not None]
    names = [c.name for c in columns]
    defaults = [_default(c) for c in columns]
    times = {id(v): v for row in rows[:1] for v in row.values() if isinstance(v, datetime)}
    plain = {key: to_db_time(v) for key, v in times.items()}  # one `now` for every row

    def convert(value: Any) -> Any:
        if isinstance(value, datetime):
            return plain.get(id(value)) or to_db_time(value)
        return int(value) if isinstance(value, bool) else value

    values = [
        tuple(convert(row.get(n, d)) for n, d in zip(names, defaults, strict=True)) for row in rows
    ]
    marks = ", ".join("?" for _ in columns)
    conn.exec_driver_sql(f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({marks})", values)


def _default(column: Column[Any]) -> Any:
    default = column.default
    return getattr(default, "arg", None) if default is not None and default.is_scalar else None


def _note_values(entry: Entry, position: int) -> dict[str, Any]:
    return {
        "word": entry.word,
        "ipa": entry.ipa,
        "pos": entry.pos,
        "definition": entry.definition,
        "synonyms": dump_list(entry.synonyms),
        "example": entry.example,
        "syllables": entry.syllables,
        "forms": dump_forms(entry.word, entry.pos),
        "position": position,
        "line": entry.line,
    }
