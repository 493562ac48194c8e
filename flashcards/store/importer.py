"""Importing a document into a deck: one transaction of bulk Core statements.

A re-import updates entries' text in place, keeps every card and its history, and never
deletes a note: entries gone from the document are kept and marked missing, and come back
when they return. A note gets its meaning and recall cards, and a context card while it has
sentences (retired when it has none, revived when they come back).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Column, Connection, Table, bindparam, delete, insert, select, update

from flashcards.domain import CardKind, Document, Entry, note_key
from flashcards.store.convert import dump_list
from flashcards.store.tables import CardRow, ContextRow, DeckRow, NoteRow, table_of, to_db_time
from flashcards.text.forms import dump_forms

DECK = table_of(DeckRow)
NOTE = table_of(NoteRow)
CONTEXT = table_of(ContextRow)
CARD = table_of(CardRow)

#: The text fields of a note, as an entry of a document gives them.
NOTE_FIELDS = ("word", "ipa", "pos", "definition", "synonyms", "example", "syllables")


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
    kept_edits: list[str] = field(default_factory=list)  # the learner's edits, kept
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


def import_document(
    conn: Connection, document: Document, deck_name: str, now: datetime, source: str | None = None
) -> ImportReport:
    """Bring the deck `deck_name` in line with `document`, within the transaction `conn`."""
    report = ImportReport(deck=deck_name)
    deck_id = _upsert_deck(conn, document, deck_name, now, source, report)
    rows = list(conn.execute(select(NOTE).where(NOTE.c.deck_id == deck_id)).mappings())
    existing = {r["key"]: r for r in rows}
    # A note the learner renamed is still the document's entry of its original word.
    for r in rows:
        original = load_edits(r["edited"]).get("word")
        if original is not None:
            existing.setdefault(note_key(original), r)
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
    matched: set[int] = set()
    ids_in_document: dict[int, Entry] = {}
    for position, entry in enumerate(document.entries):
        key = note_key(entry.word)
        if key in seen:
            continue
        seen.add(key)
        values = _note_values(entry, position)
        row = existing.get(key)
        report.contexts += len(entry.contexts)
        if row is not None and row["id"] in matched:
            # The learner renamed another entry's note to this word: that note keeps it.
            report.kept_edits.append(f"{row['word']} (also listed as {entry.word!r}: kept once)")
            continue
        if row is None:
            new_rows.append(dict(values, deck_id=deck_id, key=key, created_at=now, updated_at=now))
            new_entries.append(entry)
            continue
        matched.add(row["id"])
        _keep_learner_edits(row, values, report)
        ids_in_document[row["id"]] = entry
        differs = any(row[k] != values[k] for k in NOTE_FIELDS)
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
            conn.execute(select(NOTE.c.key, NOTE.c.id).where(NOTE.c.deck_id == deck_id)).all()
        )
        for new_row, entry in zip(new_rows, new_entries, strict=True):
            note_id = ids[new_row["key"]]
            ids_in_document[note_id] = entry
            context_notes.append((note_id, entry.contexts))
            report.added.append(entry.word)

    gone = [r for r in rows if r["id"] not in matched and r["in_source"]]
    if gone:
        conn.execute(
            update(NOTE).where(NOTE.c.id.in_([r["id"] for r in gone])).values(in_source=False)
        )
        report.missing.extend(r["word"] for r in gone)

    _replace_contexts(conn, context_notes)
    _sync_cards(conn, deck_id, ids_in_document, now, report)
    return report


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


def load_edits(raw: str | None) -> dict[str, Any]:
    """A note's edits by the learner: each edited field with the document's value it replaced."""
    return dict(json.loads(raw)) if raw else {}


def _keep_learner_edits(row: Any, values: dict[str, Any], report: ImportReport) -> None:
    """Fields the learner edited keep the learner's value. Where the document itself has
    changed such a field since, the learner's value still wins, and the report says so."""
    for name, original in load_edits(row["edited"]).items():
        if name not in values:
            continue
        if values[name] != original and values[name] != row[name]:
            said = values[name]
            report.kept_edits.append(f"{row['word']} ({name}; the document now says {said!r})")
        else:
            report.kept_edits.append(f"{row['word']} ({name})")
        values[name] = row[name]
        if name in ("word", "pos"):
            values["forms"] = dump_forms(values["word"], values["pos"])


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
