"""Importing a document into a deck: one transaction of bulk Core statements.

A re-import updates entries' text in place, keeps every card and its history, and never
deletes a note: entries gone from the document are kept and marked missing, and come back
when they return. A note gets its meaning and recall cards, and a context card while it has
sentences (retired when it has none, revived when they come back).
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flashcards.domain import CardKind, Document, Entry, note_key
from flashcards.store.convert import dump_list
from flashcards.store.sqlite import id_list, sql, to_db_time
from flashcards.text.forms import dump_forms

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


_NOTES_OF_DECK = sql("import.notes", "SELECT * FROM note WHERE deck_id = ?")
_CONTEXTS_OF = sql(
    "import.contexts",
    "SELECT note_id, sentence FROM context WHERE note_id IN (SELECT value FROM json_each(?))"
    " ORDER BY note_id, position",
)
_UPDATE_NOTE = sql(
    "import.update_note",
    "UPDATE note SET word = :word, ipa = :ipa, pos = :pos, definition = :definition,"
    " synonyms = :synonyms, example = :example, syllables = :syllables, forms = :forms,"
    " position = :position, line = :line, updated_at = :updated_at, in_source = 1"
    " WHERE id = :id",
)
_INSERT_NOTE = sql(
    "import.insert_note",
    "INSERT INTO note (deck_id, key, word, ipa, pos, definition, synonyms, example, syllables,"
    " forms, position, line, in_source, created_at, updated_at) VALUES (:deck_id, :key, :word,"
    " :ipa, :pos, :definition, :synonyms, :example, :syllables, :forms, :position, :line, 1,"
    " :created_at, :updated_at)",
)
_NOTE_IDS = sql("import.note_ids", "SELECT key, id FROM note WHERE deck_id = ?")
_MISSING = sql(
    "import.missing",
    "UPDATE note SET in_source = 0 WHERE id IN (SELECT value FROM json_each(?))",
)
_DECK = sql("import.deck", "SELECT * FROM deck WHERE name = ?")
_INSERT_DECK = sql(
    "import.insert_deck",
    "INSERT INTO deck (name, title, source, tags, new_per_day, reviews_per_day,"
    " desired_retention, created_at) VALUES (:name, :title, :source, :tags, 20, 200, 0.9,"
    " :created_at)",
)
_UPDATE_DECK = sql(
    "import.update_deck",
    "UPDATE deck SET title = :title, source = :source, tags = :tags WHERE id = :id",
)
_DELETE_CONTEXTS = sql(
    "import.delete_contexts",
    "DELETE FROM context WHERE note_id IN (SELECT value FROM json_each(?))",
)
_INSERT_CONTEXT = sql(
    "import.insert_context", "INSERT INTO context (note_id, position, sentence) VALUES (?, ?, ?)"
)
_CARDS_OF = sql(
    "import.cards",
    "SELECT id, note_id, kind, retired FROM card WHERE note_id IN (SELECT value FROM json_each(?))",
)
_INSERT_CARD = sql(
    "import.insert_card",
    "INSERT INTO card (note_id, deck_id, kind, state, reps, lapses, suspended, leech, retired,"
    " context_turn, created_at) VALUES (?, ?, ?, 'new', 0, 0, 0, 0, 0, 0, ?)",
)
_RETIRE = sql(
    "import.retire",
    "UPDATE card SET retired = ? WHERE id IN (SELECT value FROM json_each(?))",
)


def import_document(
    conn: sqlite3.Connection,
    document: Document,
    deck_name: str,
    now: datetime,
    source: str | None = None,
) -> ImportReport:
    """Bring the deck `deck_name` in line with `document`, within the transaction `conn`."""
    report = ImportReport(deck=deck_name)
    deck_id = _upsert_deck(conn, document, deck_name, now, source, report)
    rows = conn.execute(_NOTES_OF_DECK, (deck_id,)).fetchall()
    existing = {r["key"]: r for r in rows}
    # A note the learner renamed is still the document's entry of its original word.
    for r in rows:
        original = load_edits(r["edited"]).get("word")
        if original is not None:
            existing.setdefault(note_key(original), r)
    old_contexts: dict[int, list[str]] = defaultdict(list)
    for note_id, sentence in conn.execute(
        _CONTEXTS_OF, (id_list(r["id"] for r in existing.values()),)
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
            stamp = to_db_time(now)
            new_rows.append(
                dict(values, deck_id=deck_id, key=key, created_at=stamp, updated_at=stamp)
            )
            new_entries.append(entry)
            continue
        matched.add(row["id"])
        _keep_learner_edits(row, values, report)
        ids_in_document[row["id"]] = entry
        differs = any(row[k] != values[k] for k in NOTE_FIELDS)
        stale = row["position"] != position or row["forms"] != values["forms"]
        if differs or stale or not row["in_source"]:
            stamp = to_db_time(now) if differs else row["updated_at"]
            changed_rows.append(dict(values, updated_at=stamp, id=row["id"]))
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
        conn.executemany(_UPDATE_NOTE, changed_rows)
    if new_rows:
        conn.executemany(_INSERT_NOTE, new_rows)
        ids = dict(conn.execute(_NOTE_IDS, (deck_id,)).fetchall())
        for new_row, entry in zip(new_rows, new_entries, strict=True):
            note_id = ids[new_row["key"]]
            ids_in_document[note_id] = entry
            context_notes.append((note_id, entry.contexts))
            report.added.append(entry.word)

    gone = [r for r in rows if r["id"] not in matched and r["in_source"]]
    if gone:
        conn.execute(_MISSING, (id_list(r["id"] for r in gone),))
        report.missing.extend(r["word"] for r in gone)

    _replace_contexts(conn, context_notes)
    _sync_cards(conn, deck_id, ids_in_document, now, report)
    return report


def _upsert_deck(
    conn: sqlite3.Connection,
    document: Document,
    name: str,
    now: datetime,
    source: str | None,
    report: ImportReport,
) -> int:
    row = conn.execute(_DECK, (name,)).fetchone()
    values = {"title": document.title, "source": source, "tags": dump_list(document.tags)}
    if row is None:
        report.created_deck = True
        cursor = conn.execute(_INSERT_DECK, dict(values, name=name, created_at=to_db_time(now)))
        assert cursor.lastrowid is not None
        return int(cursor.lastrowid)
    if any(row[k] != v for k, v in values.items()):
        conn.execute(_UPDATE_DECK, dict(values, id=row["id"]))
    return int(row["id"])


def _replace_contexts(conn: sqlite3.Connection, notes: list[tuple[int, Sequence[str]]]) -> None:
    if not notes:
        return
    conn.execute(_DELETE_CONTEXTS, (id_list(n for n, _ in notes),))
    conn.executemany(
        _INSERT_CONTEXT,
        (
            (note_id, i, sentence)
            for note_id, sentences in notes
            for i, sentence in enumerate(sentences)
        ),
    )


def _sync_cards(
    conn: sqlite3.Connection,
    deck_id: int,
    notes: dict[int, Entry],
    now: datetime,
    report: ImportReport,
) -> None:
    """Give each note of the document its cards; retire or revive context cards."""
    have: dict[int, dict[str, Any]] = defaultdict(dict)
    for row in conn.execute(_CARDS_OF, (id_list(notes),)):
        have[row["note_id"]][row["kind"]] = row
    new_cards: list[tuple[int, int, str, str]] = []
    stamp = to_db_time(now)
    retire: list[int] = []
    revive: list[int] = []
    for note_id, entry in notes.items():
        kinds = [CardKind.MEANING, CardKind.RECALL]
        if entry.contexts:
            kinds.append(CardKind.CONTEXT)
        for kind in kinds:
            card = have[note_id].get(kind.value)
            if card is None:
                new_cards.append((note_id, deck_id, kind.value, stamp))
            elif card["retired"]:
                revive.append(card["id"])
        context_card = have[note_id].get(CardKind.CONTEXT.value)
        if not entry.contexts and context_card is not None and not context_card["retired"]:
            retire.append(context_card["id"])
    if new_cards:
        conn.executemany(_INSERT_CARD, new_cards)
    if retire:
        conn.execute(_RETIRE, (1, id_list(retire)))
    if revive:
        conn.execute(_RETIRE, (0, id_list(revive)))
    report.cards_added = len(new_cards) + len(revive)
    report.cards_retired = len(retire)


def load_edits(raw: str | None) -> dict[str, Any]:
    """A note's edits by the learner: each edited field with the document's value it replaced."""
    return dict(json.loads(raw)) if raw else {}


def _keep_learner_edits(row: sqlite3.Row, values: dict[str, Any], report: ImportReport) -> None:
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
