"""What the Anki round trip reads and writes: every card of a deck with its whole schedule and
review log, answers merged from Anki (marked as such), and a card's rebuilt schedule.

Plain SQL text through the connection's driver, so that it reads the same on any driver.
Every function takes an open connection (`Store.reading()` / `Store.writing()`) so that a
merge is one transaction.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flashcards.domain import CardKind, CardState, Rating, Schedule
from flashcards.store.sqlite import sql

__all__ = [
    "ANKI_SOURCE",
    "AnkiAnswer",
    "LoggedAnswer",
    "SyncCard",
    "SyncNote",
    "add_anki_answers",
    "anki_revlog_ids",
    "card_logs",
    "deck_ids_by_name",
    "scheduled_note_ids",
    "set_schedule",
    "sync_notes",
    "sync_notes_of",
    "unknown_answers",
]

#: The `source` of an answer merged from an Anki package (an answer given here has none).
ANKI_SOURCE = "anki"

_TIME_FORMAT = "%Y-%m-%d %H:%M:%S.%f"


def _exec(conn: Any, text: str, params: Any = ()) -> Any:
    """Run one statement on the store's sqlite3 connection; a list of rows runs it for each."""
    if isinstance(params, list):
        return conn.executemany(text, params)
    return conn.execute(text, params)


def _to_db(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError("naive datetime given to the database; use UTC-aware times")
    return value.astimezone(UTC).strftime(_TIME_FORMAT)


def _from_db(value: str | None) -> datetime | None:
    # Parsed with its zone (seven times faster than `.replace(tzinfo=UTC)` afterwards).
    return None if value is None else datetime.fromisoformat(value + "+00:00")


@dataclass(frozen=True, slots=True)
class LoggedAnswer:
    """One answer of a card's log (undone ones are never read)."""

    id: int
    rating: Rating
    reviewed_at: datetime
    duration_ms: int | None
    prior_state: CardState | None
    state: CardState
    due: datetime | None
    source: str | None  # None: given here; ANKI_SOURCE: merged from Anki
    anki_id: int | None


@dataclass(frozen=True, kw_only=True)
class SyncCard(Schedule):
    """A card with its whole schedule and its log, oldest answer first."""

    id: int
    kind: CardKind
    suspended: bool
    buried_until: datetime | None
    log: tuple[LoggedAnswer, ...]


@dataclass(frozen=True)
class SyncNote:
    """A note as the round trip needs it: its deck, its key (its GUID's source), its fields."""

    id: int
    deck_id: int
    deck: str
    key: str
    word: str
    ipa: str | None
    pos: str
    definition: str
    synonyms: str  # as stored (JSON)
    example: str
    syllables: str
    contexts: tuple[str, ...]
    desired_retention: float
    updated_at: datetime | None
    cards: tuple[SyncCard, ...]

    def card(self, kind: CardKind) -> SyncCard | None:
        return next((c for c in self.cards if c.kind == kind), None)


_NOTES = """
SELECT n.id, n.deck_id, d.name, n.key, n.word, n.ipa, n.pos, n.definition, n.synonyms,
       n.example, n.syllables, d.desired_retention, n.updated_at
FROM note n JOIN deck d ON d.id = n.deck_id
{where}
ORDER BY n.deck_id, n.position, n.id
"""
_CONTEXTS = "SELECT note_id, sentence FROM context {where} ORDER BY note_id, position"
_CARDS = """
SELECT c.id, c.note_id, c.kind, c.state, c.step, c.stability, c.difficulty, c.due,
       c.last_review, c.reps, c.lapses, c.suspended, c.buried_until
FROM card c {where}
"""
# `+r.card_id`: the log read in table order and sorted once, not along the card index with
# a jump into the table for every answer (a third less work for a whole collection's log).
_LOG = """
SELECT r.id, r.card_id, r.rating, r.reviewed_at, r.duration_ms, r.prior_state, r.state, r.due,
       r.source, r.anki_id
FROM review_log r {where}
ORDER BY +r.card_id, r.reviewed_at, r.id
"""


# Enum lookups by value cost more than the rest of a row's reading at this scale (an export
# reads every answer ever given): plain dicts.
_RATINGS = {int(r): r for r in Rating}
_STATES = {s.value: s for s in CardState}
_KINDS = {k.value: k for k in CardKind}
_EARLIEST = datetime.min.replace(tzinfo=UTC)


def _logged(r: Any) -> LoggedAnswer:
    return LoggedAnswer(
        r[0],
        _RATINGS[r[2]],
        _from_db(r[3]) or _EARLIEST,
        r[4],
        _STATES[r[5]] if r[5] else None,
        _STATES[r[6]],
        _from_db(r[7]),
        r[8],
        r[9],
    )


def sync_notes(conn: Any, deck_id: int | None = None, *, with_log: bool = True) -> list[SyncNote]:
    """Every note (of one deck, or of all) with its live cards, their schedules and logs
    (`with_log=False`: the cards' logs left empty; `card_logs` reads the few needed).

    Each table is read once, in one query (never a query a card), and each card's log is
    grouped as the rows come, in card order."""
    params: tuple[Any, ...] = ()
    note_where = card_where = log_where = context_where = ""
    if deck_id is not None:
        params = (deck_id,)
        note_where = "WHERE n.deck_id = ?"
        card_where = "WHERE c.retired = 0 AND c.deck_id = ?"
        log_where = "JOIN card c ON c.id = r.card_id WHERE r.undone = 0 AND c.deck_id = ?"
        context_where = "WHERE note_id IN (SELECT id FROM note WHERE deck_id = ?)"
    else:
        card_where = "WHERE c.retired = 0"
        log_where = "WHERE r.undone = 0"
    return _read_sync_notes(
        conn, params, (note_where, card_where, log_where, context_where), with_log=with_log
    )


def sync_notes_of(conn: Any, note_ids: Sequence[int]) -> list[SyncNote]:
    """:func:`sync_notes` of these notes only (a page of an export), their contexts left
    empty (an export takes the sentences from the notes it lists)."""
    ids = json.dumps([int(i) for i in note_ids])
    chosen = "IN (SELECT value FROM json_each(?))"
    return _read_sync_notes(
        conn,
        (ids,),
        (
            f"WHERE n.id {chosen}",
            f"WHERE c.retired = 0 AND c.note_id {chosen}",
            f"JOIN card c ON c.id = r.card_id WHERE r.undone = 0 AND c.note_id {chosen}",
            None,
        ),
        with_log=True,
    )


def _read_sync_notes(
    conn: Any,
    params: tuple[Any, ...],
    where: tuple[str, str, str, str | None],
    *,
    with_log: bool,
) -> list[SyncNote]:
    note_where, card_where, log_where, context_where = where
    logs: dict[int, list[LoggedAnswer]] = defaultdict(list)
    if with_log:
        for r in _exec(conn, _LOG.format(where=log_where), params):
            logs[r[1]].append(_logged(r))
    cards: dict[int, list[SyncCard]] = defaultdict(list)
    for r in _exec(conn, _CARDS.format(where=card_where), params):
        cards[r[1]].append(
            SyncCard(
                id=r[0],
                kind=_KINDS[r[2]],
                state=_STATES[r[3]],
                step=r[4],
                stability=r[5],
                difficulty=r[6],
                due=_from_db(r[7]),
                last_review=_from_db(r[8]),
                reps=r[9],
                lapses=r[10],
                suspended=bool(r[11]),
                buried_until=_from_db(r[12]),
                log=tuple(logs.pop(r[0], ())),
            )
        )
    contexts: dict[int, list[str]] = defaultdict(list)
    if context_where is not None:
        for note_id, sentence in _exec(conn, _CONTEXTS.format(where=context_where), params):
            contexts[note_id].append(sentence)
    return [
        SyncNote(
            id=r[0],
            deck_id=r[1],
            deck=r[2],
            key=r[3],
            word=r[4],
            ipa=r[5],
            pos=r[6],
            definition=r[7],
            synonyms=r[8],
            example=r[9],
            syllables=r[10],
            contexts=tuple(contexts.pop(r[0], ())),
            desired_retention=r[11],
            updated_at=_from_db(r[12]),
            cards=tuple(cards.pop(r[0], ())),
        )
        for r in _exec(conn, _NOTES.format(where=note_where), params)
    ]


_SCHEDULED_NOTES = sql(
    "anki_sync.scheduled_notes",
    """
SELECT DISTINCT c.note_id FROM card c
WHERE c.retired = 0 AND c.note_id IN (SELECT value FROM json_each(?))
  AND (c.state != 'new' OR c.suspended OR c.buried_until IS NOT NULL
       OR EXISTS (SELECT 1 FROM review_log r WHERE r.card_id = c.id AND r.undone = 0))
""",
)


def scheduled_note_ids(conn: Any, note_ids: Sequence[int]) -> set[int]:
    """Those of these notes with a card that has more than a new card's schedule: answered,
    suspended, buried (perhaps no longer) or with a log. An export reads only their cards
    and logs: the others' cards are new, as a package's cards are unless told otherwise."""
    ids = json.dumps([int(i) for i in note_ids])
    return {r[0] for r in _exec(conn, _SCHEDULED_NOTES, (ids,))}


def anki_revlog_ids(conn: Any, deck_id: int | None = None) -> list[int]:
    """The Anki revlog ids of the answers merged from Anki (of one deck, or of all)."""
    if deck_id is None:
        rows = _exec(conn, _ANKI_IDS.format(where=""))
    else:
        rows = _exec(conn, _ANKI_IDS.format(where="AND deck_id = ?"), (deck_id,))
    return [r[0] for r in rows]


_ANKI_IDS = "SELECT anki_id FROM review_log WHERE undone = 0 AND anki_id IS NOT NULL {where}"


def deck_ids_by_name(conn: Any) -> dict[str, int]:
    """Every deck's id, by its name."""
    return {r[1]: r[0] for r in _exec(conn, "SELECT id, name FROM deck")}


def card_logs(conn: Any, card_ids: Iterable[int]) -> dict[int, tuple[LoggedAnswer, ...]]:
    """The logs of these cards (undone answers left out), oldest first."""
    out: dict[int, list[LoggedAnswer]] = defaultdict(list)
    wanted = sorted(set(card_ids))
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        where = f"WHERE r.undone = 0 AND r.card_id IN ({','.join('?' * len(chunk))})"
        for r in _exec(conn, _LOG.format(where=where), tuple(chunk)):
            out[r[1]].append(_logged(r))
    return {card_id: tuple(out.get(card_id, ())) for card_id in wanted}


#: Within this many milliseconds of an answer given here, a revlog row of the same card is
#: that answer come back (an export moves a revlog id by a millisecond when two share one).
SAME_ANSWER_MS = 1000

_CANDIDATES = "CREATE TEMP TABLE IF NOT EXISTS anki_candidate (card_id INTEGER, revlog_id INTEGER)"
_UNKNOWN = """
SELECT t.card_id, t.revlog_id FROM anki_candidate t
WHERE NOT EXISTS (
    SELECT 1 FROM review_log r
    WHERE r.card_id = t.card_id AND r.undone = 0
      AND (r.anki_id = t.revlog_id
           OR (r.source IS NULL
               AND abs((julianday(r.reviewed_at) - 2440587.5) * 86400000.0 - t.revlog_id) <= ?))
)
"""


def unknown_answers(conn: Any, candidates: Iterable[tuple[int, int]]) -> set[tuple[int, int]]:
    """Of these (card id, Anki revlog id) pairs, those our log does not have: neither merged
    before (the same revlog id) nor given here (an answer of that card at that time)."""
    _exec(conn, _CANDIDATES)
    _exec(conn, "DELETE FROM anki_candidate")
    rows = list(candidates)
    if rows:
        _exec(conn, "INSERT INTO anki_candidate VALUES (?, ?)", rows)
    found = {(r[0], r[1]) for r in _exec(conn, _UNKNOWN, (SAME_ANSWER_MS,))}
    _exec(conn, "DELETE FROM anki_candidate")
    return found


@dataclass(frozen=True)
class AnkiAnswer:
    """An answer given in Anki, to be added to a card's log: its revlog id, rating, time and
    duration, and the card's state before and after it (as the merge's replay found them)."""

    anki_id: int
    rating: Rating
    reviewed_at: datetime
    duration_ms: int | None
    prior_state: CardState
    state: CardState
    due: datetime | None
    stability: float | None
    difficulty: float | None


_INSERT_ANSWER = """
INSERT INTO review_log (card_id, deck_id, rating, reviewed_at, duration_ms, state_before,
                        prior_state, state, due, stability, difficulty, undone, source, anki_id)
SELECT ?, c.deck_id, ?, ?, ?, '{}', ?, ?, ?, ?, ?, 0, ?, ?
FROM card c WHERE c.id = ?
"""


def add_anki_answers(conn: Any, card_id: int, answers: Sequence[AnkiAnswer]) -> int:
    """Add answers given in Anki to a card's log, marked as from Anki. Returns how many.

    They carry no undo snapshot: an undo in the app takes back only its own answers.
    """
    rows = [
        (
            card_id,
            int(a.rating),
            _to_db(a.reviewed_at),
            a.duration_ms,
            a.prior_state.value,
            a.state.value,
            _to_db(a.due),
            a.stability,
            a.difficulty,
            ANKI_SOURCE,
            a.anki_id,
            card_id,
        )
        for a in answers
    ]
    if rows:
        _exec(conn, _INSERT_ANSWER, rows)
    return len(rows)


_SET_SCHEDULE = """
UPDATE card SET state = ?, step = ?, stability = ?, difficulty = ?, due = ?, last_review = ?,
                reps = ?, lapses = ?
WHERE id = ?
"""


def set_schedule(conn: Any, card_id: int, schedule: Schedule) -> None:
    """Write a card's rebuilt schedule."""
    _exec(
        conn,
        _SET_SCHEDULE,
        (
            schedule.state.value,
            schedule.step,
            schedule.stability,
            schedule.difficulty,
            _to_db(schedule.due),
            _to_db(schedule.last_review),
            schedule.reps,
            schedule.lapses,
            card_id,
        ),
    )


def schedules_of(notes: Iterable[SyncNote]) -> dict[int, SyncCard]:
    """Every card of these notes, by id."""
    return {card.id: card for note in notes for card in note.cards}
