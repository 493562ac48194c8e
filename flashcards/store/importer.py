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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flashcards.domain import EDITABLE_FIELDS, CardKind, Document, Entry, ImportReport, note_key
from flashcards.store.convert import dump_list
from flashcards.store.sqlite import id_list, sql, to_db_time

#: The text fields of a note, as an entry of a document gives them.
NOTE_FIELDS = EDITABLE_FIELDS

#: Each headword's forms as stored with its note (`flashcards.text.forms.dump_forms`), by
#: (word, part of speech): computed by the caller, before any transaction, and stored as
#: given. A headword without an entry here is stored without forms.
Forms = Mapping[tuple[str, str], str]

#: The headword cut into syllables from its word, IPA, part of speech and definition, as
#: stored with its note (`flashcards.text.syllables.syllable_text`): given by the caller,
#: which the store cannot import. Without one, notes are stored without their cut.
Cut = Callable[[str, "str | None", str, str], str]


_NOTES_OF_DECK = sql("import.notes", "SELECT * FROM note WHERE deck_id = ?")
_CONTEXTS_OF = sql(
    "import.contexts",
    "SELECT note_id, sentence, spans FROM context WHERE note_id IN (SELECT value FROM json_each(?))"
    " ORDER BY note_id, position",
)
_UPDATE_NOTE = sql(
    "import.update_note",
    "UPDATE note SET word = :word, ipa = :ipa, pos = :pos, definition = :definition,"
    " synonyms = :synonyms, example = :example, syllables = :syllables, forms = :forms,"
    " example_spans = :example_spans, cut = :cut,"
    " position = :position, line = :line, updated_at = :updated_at, in_source = 1"
    " WHERE id = :id",
)
_INSERT_NOTE = sql(
    "import.insert_note",
    "INSERT INTO note (deck_id, key, word, ipa, pos, definition, synonyms, example, syllables,"
    " forms, example_spans, cut, position, line, in_source, created_at, updated_at) VALUES"
    " (:deck_id, :key, :word, :ipa, :pos, :definition, :synonyms, :example, :syllables, :forms,"
    " :example_spans, :cut, :position, :line, 1, :created_at, :updated_at)",
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
    "import.insert_context",
    "INSERT INTO context (note_id, position, sentence, spans) VALUES (?, ?, ?, ?)",
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


_FINGERPRINT = sql(
    "import.fingerprint",
    "SELECT (SELECT count(*) FROM deck WHERE name = :name),"
    " (SELECT coalesce(max(id), 0) FROM deck WHERE name = :name),"
    " (SELECT count(*) FROM note WHERE deck_id = :deck),"
    " (SELECT coalesce(max(updated_at), '') FROM note WHERE deck_id = :deck),"
    " (SELECT total(in_source) + total(id) FROM note WHERE deck_id = :deck),"
    " (SELECT total(length(word) + coalesce(length(ipa), 0) + length(pos) + length(definition)"
    " + length(synonyms) + length(example) + length(syllables) + coalesce(length(edited), 0))"
    " FROM note WHERE deck_id = :deck),"
    " (SELECT coalesce(max(id), 0) FROM note),"
    " (SELECT coalesce(max(id), 0) FROM card),"
    " (SELECT coalesce(max(id), 0) FROM context),"
    " (SELECT total(retired) FROM card WHERE deck_id = :deck)",
)


@dataclass
class ImportPlan:
    """What an import writes, computed from the document and the deck as it was read: the
    write transaction that applies it is short (issue: an answer given during a long import
    must not wait past the busy timeout)."""

    report: ImportReport
    deck_id: int | None  # None: the deck is created
    deck_values: dict[str, Any] | None  # the deck's new title, source and tags (None: as is)
    changed_rows: list[dict[str, Any]]
    new_rows: list[dict[str, Any]]
    new_contexts: list[Contexts]  # of each new row
    new_kinds: list[list[str]]  # the card kinds of each new row
    missing: list[int]
    contexts: list[tuple[int, Contexts]]  # existing notes whose contexts change
    new_cards: list[tuple[int, str]]  # (note id, kind) for existing notes
    retire: list[int]
    revive: list[int]
    fingerprint: tuple[Any, ...]


def _fingerprint(conn: sqlite3.Connection, deck_name: str, deck_id: int | None) -> tuple[Any, ...]:
    # Everything an import plan depends on: a change to any of it (another import, an edit of
    # a note) means the plan is made again; an answer changes none of it.
    row = conn.execute(_FINGERPRINT, {"name": deck_name, "deck": deck_id or -1}).fetchone()
    return tuple(row)


#: A note's contexts as stored: each sentence with where it uses the word (JSON, or None).
Contexts = Sequence[tuple[str, str | None]]


def _contexts(entry: Entry) -> tuple[tuple[str, str | None], ...]:
    known = len(entry.spans) == len(entry.contexts)
    return tuple(
        (sentence, dump_spans(entry.spans[i]) if known else None)
        for i, sentence in enumerate(entry.contexts)
    )


def dump_spans(spans: Sequence[tuple[int, int]]) -> str:
    """Spans as stored: JSON [[start, end], ...]."""
    return "[" + ",".join(f"[{int(start)},{int(end)}]" for start, end in spans) + "]"


def _card_kinds(entry: Entry) -> list[str]:
    kinds = [CardKind.MEANING.value, CardKind.RECALL.value]
    if entry.contexts:
        kinds.append(CardKind.CONTEXT.value)
    return kinds


#: A stored row as plain data (a dict, or an sqlite3.Row read by column name).
Row = Mapping[str, Any]


@dataclass(frozen=True)
class DeckState:
    """The deck as an import finds it, read in one snapshot: its row (None: no such deck
    yet), its notes, their contexts and their cards (by note id, then kind)."""

    name: str
    deck: Row | None
    notes: Sequence[Row]
    contexts: Mapping[int, Sequence[str]]
    cards: Mapping[int, Mapping[str, Row]]
    fingerprint: tuple[Any, ...] = ()


def read_deck(conn: sqlite3.Connection, deck_name: str) -> DeckState:
    """The deck `deck_name` as it is, within `conn`'s transaction."""
    deck_row = conn.execute(_DECK, (deck_name,)).fetchone()
    deck_id = None if deck_row is None else int(deck_row["id"])
    notes = [dict(r) for r in conn.execute(_NOTES_OF_DECK, (deck_id or -1,))]
    note_ids = id_list(r["id"] for r in notes)
    contexts: dict[int, list[str]] = defaultdict(list)
    for note_id, sentence, _spans in conn.execute(_CONTEXTS_OF, (note_ids,)):
        contexts[note_id].append(sentence)
    cards: dict[int, dict[str, Row]] = defaultdict(dict)
    for row in conn.execute(_CARDS_OF, (note_ids,)):
        cards[row["note_id"]][row["kind"]] = dict(row)
    return DeckState(
        deck_name,
        None if deck_row is None else dict(deck_row),
        notes,
        contexts,
        cards,
        _fingerprint(conn, deck_name, deck_id),
    )


def plan_import(
    conn: sqlite3.Connection,
    document: Document,
    deck_name: str,
    now: datetime,
    source: str | None = None,
    forms: Forms | None = None,
    cut: Cut | None = None,
) -> ImportPlan:
    """What bringing the deck `deck_name` in line with `document` writes, read (not written)
    within `conn`'s transaction."""
    return make_plan(read_deck(conn, deck_name), document, now, source, forms, cut)


def make_plan(
    state: DeckState,
    document: Document,
    now: datetime,
    source: str | None = None,
    forms: Forms | None = None,
    cut: Cut | None = None,
) -> ImportPlan:
    """What bringing the deck `state` in line with `document` writes: a function of its
    arguments (no database)."""
    forms = forms or {}
    cutter = _Cutter(cut)
    report = ImportReport(deck=state.name)
    stamp = to_db_time(now)
    deck_row = state.deck
    deck_values: dict[str, Any] | None = {
        "title": document.title,
        "source": source,
        "tags": dump_list(document.tags),
    }
    deck_id: int | None = None
    if deck_row is None:
        report.created_deck = True
    else:
        deck_id = int(deck_row["id"])
        assert deck_values is not None
        if all(deck_row[k] == v for k, v in deck_values.items()):
            deck_values = None
    rows = state.notes
    existing = {r["key"]: r for r in rows}
    # A note the learner renamed is still the document's entry of its original word.
    for r in rows:
        original = load_edits(r["edited"]).get("word")
        if original is not None:
            existing.setdefault(note_key(original), r)
    old_contexts = state.contexts
    have = state.cards

    plan = ImportPlan(report, deck_id, deck_values, [], [], [], [], [], [], [], [], [], ())
    seen: set[str] = set()
    matched: set[int] = set()
    for position, entry in enumerate(document.entries):
        key = note_key(entry.word)
        if key in seen:
            continue
        seen.add(key)
        values = _note_values(entry, position, forms)
        row = existing.get(key)
        report.contexts += len(entry.contexts)
        if row is not None and row["id"] in matched:
            # The learner renamed another entry's note to this word: that note keeps it.
            report.kept_edits.append(f"{row['word']} (also listed as {entry.word!r}: kept once)")
            continue
        if row is None:
            plan.new_rows.append(dict(values, key=key, created_at=stamp, updated_at=stamp))
            plan.new_contexts.append(_contexts(entry))
            plan.new_kinds.append(_card_kinds(entry))
            report.added.append(entry.word)
            continue
        matched.add(row["id"])
        _keep_learner_edits(row, values, report, forms)
        values["cut"] = cutter.of(values, row)  # of the fields as they will be stored
        # Syllables the document does not give ("": cut when shown) replace computed ones
        # silently: what is shown stays the same.
        differs = any(row[k] != values[k] for k in NOTE_FIELDS if k != "syllables" or values[k])
        stale = (
            row["position"] != position
            or row["forms"] != values["forms"]
            or row.get("example_spans") != values["example_spans"]
            or row["syllables"] != values["syllables"]
            or row.get("cut") != values["cut"]
        )
        if differs or stale or not row["in_source"]:
            updated = stamp if differs else row["updated_at"]
            plan.changed_rows.append(dict(values, updated_at=updated, id=row["id"]))
        new_contexts = list(entry.contexts) != list(old_contexts.get(row["id"], ()))
        if new_contexts:
            plan.contexts.append((row["id"], _contexts(entry)))
        if not row["in_source"]:
            report.returned.append(entry.word)
        elif differs or new_contexts:
            report.updated.append(entry.word)
        else:
            report.unchanged += 1
        _plan_cards(plan, row["id"], entry, have.get(row["id"], {}))

    for new_row in plan.new_rows:  # last: a large import's cuts are being made meanwhile
        new_row["cut"] = cutter.of(new_row)
    gone = [r for r in rows if r["id"] not in matched and r["in_source"]]
    plan.missing = [r["id"] for r in gone]
    report.missing.extend(r["word"] for r in gone)
    report.cards_added = (
        len(plan.new_cards) + len(plan.revive) + sum(len(k) for k in plan.new_kinds)
    )
    report.cards_retired = len(plan.retire)
    plan.fingerprint = state.fingerprint
    return plan


def _plan_cards(plan: ImportPlan, note_id: int, entry: Entry, have: Mapping[str, Row]) -> None:
    """Give a note of the document its cards; retire or revive its context card."""
    for kind in _card_kinds(entry):
        card = have.get(kind)
        if card is None:
            plan.new_cards.append((note_id, kind))
        elif card["retired"]:
            plan.revive.append(card["id"])
    context_card = have.get(CardKind.CONTEXT.value)
    if not entry.contexts and context_card is not None and not context_card["retired"]:
        plan.retire.append(context_card["id"])


def is_current(conn: sqlite3.Connection, plan: ImportPlan) -> bool:
    """Whether the deck is still as it was when `plan` was made."""
    return _fingerprint(conn, plan.report.deck, plan.deck_id) == plan.fingerprint


#: The page cache (KiB) while a plan is written: room for a large deck's pages, so that
#: SQLite need not spill them to the log and read them back before the commit.
WRITE_CACHE_KIB = 64 * 1024


def apply_plan(conn: sqlite3.Connection, plan: ImportPlan, now: datetime) -> ImportReport:
    """Write `plan` within the write transaction `conn` (the deck is as the plan read it)."""
    cache = int(conn.execute("PRAGMA cache_size").fetchone()[0])
    conn.execute(f"PRAGMA cache_size = {-WRITE_CACHE_KIB}")
    try:
        return _apply_plan(conn, plan, now)
    finally:
        conn.execute(f"PRAGMA cache_size = {cache}")  # the connection's own, for what follows


def _apply_plan(conn: sqlite3.Connection, plan: ImportPlan, now: datetime) -> ImportReport:
    stamp = to_db_time(now)
    deck_id = plan.deck_id
    if deck_id is None:
        values = plan.deck_values or {}
        cursor = conn.execute(_INSERT_DECK, dict(values, name=plan.report.deck, created_at=stamp))
        assert cursor.lastrowid is not None
        deck_id = int(cursor.lastrowid)
    elif plan.deck_values is not None:
        conn.execute(_UPDATE_DECK, dict(plan.deck_values, id=deck_id))
    if plan.changed_rows:
        conn.executemany(_UPDATE_NOTE, plan.changed_rows)
    contexts = list(plan.contexts)
    new_cards = [(note_id, deck_id, kind, stamp) for note_id, kind in plan.new_cards]
    if plan.new_rows:
        conn.executemany(_INSERT_NOTE, [dict(row, deck_id=deck_id) for row in plan.new_rows])
        ids = dict(conn.execute(_NOTE_IDS, (deck_id,)).fetchall())
        for row, sentences, kinds in zip(
            plan.new_rows, plan.new_contexts, plan.new_kinds, strict=True
        ):
            note_id = ids[row["key"]]
            contexts.append((note_id, sentences))
            new_cards.extend((note_id, deck_id, kind, stamp) for kind in kinds)
    if plan.missing:
        conn.execute(_MISSING, (id_list(plan.missing),))
    _replace_contexts(conn, contexts)
    if new_cards:
        conn.executemany(_INSERT_CARD, new_cards)
    if plan.retire:
        conn.execute(_RETIRE, (1, id_list(plan.retire)))
    if plan.revive:
        conn.execute(_RETIRE, (0, id_list(plan.revive)))
    return plan.report


def _replace_contexts(conn: sqlite3.Connection, notes: list[tuple[int, Contexts]]) -> None:
    if not notes:
        return
    conn.execute(_DELETE_CONTEXTS, (id_list(n for n, _ in notes),))
    conn.executemany(
        _INSERT_CONTEXT,
        (
            (note_id, i, sentence, spans)
            for note_id, contexts in notes
            for i, (sentence, spans) in enumerate(contexts)
        ),
    )


def load_edits(raw: str | None) -> dict[str, Any]:
    """A note's edits by the learner: each edited field with the document's value it replaced."""
    return dict(json.loads(raw)) if raw else {}


def _keep_learner_edits(
    row: Row, values: dict[str, Any], report: ImportReport, forms: Forms
) -> None:
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
        if name in ("word", "pos"):  # the forms of the learner's word, if given, else as stored
            values["forms"] = forms.get((values["word"], values["pos"]), row["forms"])
        if name in ("word", "pos", "example"):  # the document's spans are not the learner's
            values["example_spans"] = None


class _Cutter:
    """The cut each note is stored with: kept from its row while what it was cut from is
    unchanged, else cut anew (None without a :data:`Cut`)."""

    __slots__ = ("_cut",)

    def __init__(self, cut: Cut | None) -> None:
        self._cut = cut

    def of(self, values: Mapping[str, Any], row: Mapping[str, Any] | None = None) -> str | None:
        if self._cut is None:
            return None if row is None else row.get("cut")
        if (
            row is not None
            and row.get("cut") is not None
            and all(row[k] == values[k] for k in _CUT_FROM)
        ):
            return str(row["cut"])
        return self._cut(values["word"], values["ipa"], values["pos"], values["definition"])


#: The fields a note's cut is made from (and that CUT_TRIGGERS watch).
_CUT_FROM = ("word", "ipa", "pos", "definition")


def _note_values(entry: Entry, position: int, forms: Forms) -> dict[str, Any]:
    return {
        "word": entry.word,
        "ipa": entry.ipa,
        "pos": entry.pos,
        "definition": entry.definition,
        "synonyms": dump_list(entry.synonyms),
        "example": entry.example,
        "syllables": entry.syllables,
        "forms": forms.get((entry.word, entry.pos)),
        "example_spans": None if entry.example_spans is None else dump_spans(entry.example_spans),
        "position": position,
        "line": entry.line,
    }
