"""Every note of one deck (or of all), read a page at a time in list order: what `list`
streams, in memory that does not grow with the collection.

Pages are keyset-paged on (deck, position, id) through the `ix_note_browse` index, so
each page is an index seek, never a sort of what is left; a page's contexts and cards are
read with one query each. The whole stream is one read snapshot.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from flashcards.domain import CardState, Note, NoteCard, Spans
from flashcards.store.convert import card_from_row, load_spans, note_from_row, read, time_or_none
from flashcards.store.importer import NOTE_FIELDS
from flashcards.store.parameters import CardMemory
from flashcards.store.sqlite import Database, id_list, sql

__all__ = [
    "PAGE_SIZE",
    "ExportRow",
    "ListedNote",
    "export_pages",
    "listed_notes",
    "note_counts",
    "note_pages",
]

#: Notes a page: large enough that a query's cost is spread, small enough to stay flat.
PAGE_SIZE = 500

_COLUMNS = ", ".join(
    ("id", "deck_id", *NOTE_FIELDS, "in_source", "forms", "example_spans", "position")
)
_DECK_NAMES = sql("list.deck_names", "SELECT id, name, desired_retention FROM deck")
_PAGE_ALL = sql(
    "list.page.all",
    f"SELECT {_COLUMNS} FROM note WHERE (deck_id, position, id) > (:deck, :position, :id)"
    " ORDER BY deck_id, position, id LIMIT :size",
)
_PAGE_DECK = sql(
    "list.page.deck",
    f"SELECT {_COLUMNS} FROM note WHERE deck_id = :deck AND (position, id) > (:position, :id)"
    " ORDER BY position, id LIMIT :size",
)
_CONTEXTS = sql(
    "list.contexts",
    "SELECT note_id, sentence, spans FROM context"
    " WHERE note_id IN (SELECT value FROM json_each(?)) ORDER BY note_id, position",
)
_EXPORT_PAGE = sql(
    "list.export.page",
    "SELECT id, word, ipa, pos, definition, synonyms, example, syllables, cut, example_spans,"
    " position FROM note WHERE deck_id = :deck AND (position, id) > (:position, :id)"
    " ORDER BY position, id LIMIT :size",
)
_COUNTS = sql("list.counts", "SELECT deck_id, count(*) FROM note GROUP BY deck_id")
_CARDS = sql(
    "list.cards",
    "SELECT id, note_id, deck_id, kind, state, step, stability, difficulty, due, last_review,"
    " reps, lapses, suspended FROM card"
    " WHERE retired = 0 AND note_id IN (SELECT value FROM json_each(?))",
)


@dataclass(frozen=True)
class ListedNote:
    """A note with its cards, and the schedules of those that have been answered."""

    note: Note
    answered: tuple[CardMemory, ...]


def listed_notes(
    database: Database, deck_id: int | None, *, page_size: int = PAGE_SIZE
) -> Iterator[list[ListedNote]]:
    """The notes of deck `deck_id` (None: of every deck, deck by deck) in list order, a page
    of at most `page_size` at a time, all from one read snapshot."""
    with database.reading() as conn:
        yield from note_pages(conn, deck_id, page_size=page_size)


def note_pages(
    conn: sqlite3.Connection,
    deck_id: int | None,
    *,
    page_size: int = PAGE_SIZE,
    with_cards: bool = True,
) -> Iterator[list[ListedNote]]:
    """:func:`listed_notes` on an open read snapshot `conn` (an export reads its schedules
    from the same one); `with_cards=False` reads neither cards nor schedules."""
    decks = {r[0]: (r[1], r[2]) for r in conn.execute(_DECK_NAMES)}
    last = {"deck": deck_id if deck_id is not None else -1, "position": -(2**62), "id": -1}
    page_query = _PAGE_ALL if deck_id is None else _PAGE_DECK
    while True:
        rows = conn.execute(page_query, last | {"size": page_size}).fetchall()
        if not rows:
            return
        yield _page(conn, rows, decks, with_cards)
        end = rows[-1]
        last = {"deck": end["deck_id"], "position": end["position"], "id": end["id"]}
        if len(rows) < page_size:
            return


#: A note as an export reads it, its stored values as they are: id, word, IPA, part of
#: speech, definition, synonyms (JSON), example, syllables, the stored cut (or None), the
#: example's spans (JSON), and its contexts in order, each a sentence and its spans (JSON,
#: or None).
ExportRow = tuple[
    int,
    str,
    str | None,
    str,
    str,
    str | None,
    str,
    str,
    str | None,
    str | None,
    list[tuple[str, str | None]],
]


def export_pages(
    conn: sqlite3.Connection, deck_id: int, *, page_size: int = PAGE_SIZE
) -> Iterator[list[ExportRow]]:
    """The notes of deck `deck_id` in list order, a page at a time, as an export reads
    them: only the columns it uses, as stored (plain tuples, nothing parsed)."""
    cursor = conn.cursor()
    cursor.row_factory = None
    last = {"deck": deck_id, "position": -(2**62), "id": -1}
    while True:
        rows = cursor.execute(_EXPORT_PAGE, last | {"size": page_size}).fetchall()
        if not rows:
            return
        contexts: dict[int, list[tuple[str, str | None]]] = defaultdict(list)
        for owner, sentence, spans in cursor.execute(_CONTEXTS, (id_list(r[0] for r in rows),)):
            contexts[owner].append((sentence, spans))
        yield [(*r[:10], contexts.get(r[0], [])) for r in rows]
        last = {"deck": deck_id, "position": rows[-1][10], "id": rows[-1][0]}
        if len(rows) < page_size:
            return


def sentences_of(
    conn: sqlite3.Connection, ids: str
) -> tuple[dict[int, list[str]], dict[int, list[Spans | None]]]:
    """The talk's sentences of the notes `ids` (an `id_list`), by note in their order, and
    where each uses the word (None: not stored)."""
    contexts: dict[int, list[str]] = defaultdict(list)
    spans: dict[int, list[Spans | None]] = defaultdict(list)
    for owner, sentence, found in conn.execute(_CONTEXTS, (ids,)):
        contexts[owner].append(sentence)
        spans[owner].append(load_spans(found))
    return contexts, spans


def note_counts(conn: sqlite3.Connection) -> dict[int, int]:
    """How many notes each deck has (decks without any left out)."""
    return {r[0]: r[1] for r in conn.execute(_COUNTS)}


def _page(
    conn: sqlite3.Connection,
    rows: list[sqlite3.Row],
    decks: dict[int, tuple[str, float]],
    with_cards: bool,
) -> list[ListedNote]:
    ids = id_list(r["id"] for r in rows)
    contexts, spans = sentences_of(conn, ids)
    cards: dict[int, list[NoteCard]] = defaultdict(list)
    answered: dict[int, list[CardMemory]] = defaultdict(list)
    for row in conn.execute(_CARDS, (ids,)) if with_cards else ():
        card = card_from_row(row)
        cards[row["note_id"]].append(card)
        if card.state is not CardState.NEW:
            answered[row["note_id"]].append(_answered(row, card, decks[row["deck_id"]][1]))
    return [
        ListedNote(
            note_from_row(
                r, decks[r["deck_id"]][0], contexts[r["id"]], cards[r["id"]], spans[r["id"]]
            ),
            tuple(answered[r["id"]]),
        )
        for r in rows
    ]


def _answered(row: sqlite3.Row, card: NoteCard, desired_retention: float) -> CardMemory:
    return CardMemory(
        id=card.id,
        deck_id=row["deck_id"],
        kind=card.kind,
        state=card.state,
        step=row["step"],
        stability=row["stability"],
        difficulty=row["difficulty"],
        due=card.due,
        last_review=read(row, "card", "last_review", time_or_none),
        reps=card.reps,
        lapses=card.lapses,
        desired_retention=desired_retention,
    )
