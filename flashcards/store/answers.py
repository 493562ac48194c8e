"""Answers and what else a review does to a card: the review log (an answer written, undone,
read back), burying and suspending (one card's, undone too).

Every function takes an open connection so that a service can do several of them in one
transaction (an answer is one write transaction: its log row, the card's new schedule, its
siblings buried, and a leech's suspension, as the service decides).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, func, insert, or_, select, update

from flashcards.domain import CardState, Rating
from flashcards.errors import StoreError
from flashcards.store.cards import CardRecord, card_record
from flashcards.store.tables import CardRow, ReviewRow, UTCDateTime, table_of, to_db_time

CARD = table_of(CardRow)
REVIEW = table_of(ReviewRow)

#: The columns of a card an answer changes; an undo puts them back from the snapshot.
SNAPSHOT_COLUMNS = (
    "state",
    "step",
    "stability",
    "difficulty",
    "due",
    "last_review",
    "reps",
    "lapses",
    "suspended",
    "leech",
    "buried_until",
    "context_turn",
)
_TIME_COLUMNS = {"due", "last_review", "buried_until"}


# -- answers and undo ----------------------------------------------------------------------


def _snapshot(card: CardRecord) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for column in SNAPSHOT_COLUMNS:
        value = getattr(card, column)
        if column in _TIME_COLUMNS and value is not None:
            value = to_db_time(value)
        elif column == "state":
            value = CardState(value).value
        elif isinstance(value, bool):
            value = int(value)
        out[column] = value
    return out


# As Anki: new and review siblings wait; learning ones are mid-way and stay.
_SIBLINGS_TO_BURY = select(CARD.c.id, CARD.c.buried_until).where(
    CARD.c.note_id == bindparam("note_id"),
    CARD.c.id != bindparam("card_id"),
    CARD.c.retired.is_(False),
    CARD.c.state.in_([CardState.NEW.value, CardState.REVIEW.value]),
    or_(CARD.c.buried_until.is_(None), CARD.c.buried_until < bindparam("until")),
)
_INSERT_ANSWER = insert(REVIEW).returning(REVIEW.c.id)
_SET_CARD = (
    update(CARD)
    .where(CARD.c.id == bindparam("b_id"))
    .values({column: bindparam(f"b_{column}") for column in SNAPSHOT_COLUMNS})
)
_SET_BURIED = (
    update(CARD)
    .where(CARD.c.id == bindparam("b_id"))
    .values(buried_until=bindparam("b_until", type_=UTCDateTime()))
)
_ANSWER_ROW = select(REVIEW.c.card_id, REVIEW.c.state_before, REVIEW.c.undone).where(
    REVIEW.c.id == bindparam("log_id")
)
_LAST_ANSWER = select(func.max(REVIEW.c.id)).where(
    REVIEW.c.card_id == bindparam("card_id"), REVIEW.c.undone.is_(False)
)
_MARK_UNDONE = update(REVIEW).where(REVIEW.c.id == bindparam("log_id")).values(undone=True)


def _set_card(conn: Connection, card_id: int, values: Mapping[str, Any]) -> None:
    conn.execute(_SET_CARD, {"b_id": card_id, **{f"b_{k}": v for k, v in values.items()}})


def record_answer(
    conn: Connection,
    before: CardRecord,
    changes: Mapping[str, Any],
    *,
    rating: Rating,
    reviewed_at: datetime,
    duration_ms: int | None,
    typed: str | None,
    grade: str | None,
    shown: str | None,
    bury_siblings_until: datetime | None,
) -> int:
    """Log an answer and apply it: the card's new columns (`changes`), and its siblings buried
    until `bury_siblings_until`. Returns the review log row's id.

    The log row keeps a snapshot of the card before the answer and of the siblings' burying,
    which is all an undo needs.
    """
    unknown = set(changes) - set(SNAPSHOT_COLUMNS)
    if unknown:
        raise ValueError(f"not card columns an answer may change: {sorted(unknown)}")
    siblings: dict[int, str | None] = {}
    if bury_siblings_until is not None:
        rows = conn.execute(
            _SIBLINGS_TO_BURY,
            {"note_id": before.note_id, "card_id": before.id, "until": bury_siblings_until},
        )
        for sibling_id, until in rows:
            siblings[sibling_id] = to_db_time(until) if until is not None else None
    card_before = _snapshot(before)
    after = {
        **card_before,
        **{k: (v.value if isinstance(v, CardState) else v) for k, v in changes.items()},
    }
    snapshot = {"card": card_before, "siblings": {str(k): v for k, v in siblings.items()}}
    log_id = conn.execute(
        _INSERT_ANSWER,
        {
            "card_id": before.id,
            "deck_id": before.deck_id,
            "rating": int(rating),
            "reviewed_at": reviewed_at,
            "duration_ms": duration_ms,
            "answer": typed,
            "grade": grade,
            "shown": shown,
            "state_before": json.dumps(snapshot, ensure_ascii=False),
            "prior_state": before.state.value,
            "state": after["state"],
            "due": after["due"],
            "stability": after["stability"],
            "difficulty": after["difficulty"],
            "buried_note_until": bury_siblings_until if siblings else None,
            "undone": False,
        },
    ).scalar_one()
    _set_card(conn, before.id, after)
    for sibling_id in siblings:
        conn.execute(_SET_BURIED, {"b_id": sibling_id, "b_until": bury_siblings_until})
    return int(log_id)


def undo_answer(conn: Connection, log_id: int) -> int:
    """Mark the answer `log_id` undone and put its card and the siblings' burying back as they
    were before it. Returns the card's id. Refuses when the card was answered since."""
    row = conn.execute(_ANSWER_ROW, {"log_id": log_id}).mappings().first()
    if row is None:
        raise StoreError(f"no answer with id {log_id}")
    if row["undone"]:
        raise StoreError("that answer was already undone")
    if conn.execute(_LAST_ANSWER, {"card_id": row["card_id"]}).scalar() != log_id:
        raise StoreError("the card was answered again since; undo that answer first")
    snapshot = json.loads(row["state_before"])
    _set_card(conn, row["card_id"], snapshot["card"])
    for sibling_id, until in snapshot.get("siblings", {}).items():
        conn.execute(_SET_BURIED, {"b_id": int(sibling_id), "b_until": until})
    conn.execute(_MARK_UNDONE, {"log_id": log_id})
    return int(row["card_id"])


# -- the review log ------------------------------------------------------------------------


@dataclass(frozen=True)
class LogEntry:
    """One non-undone answer of a card's review log."""

    id: int
    rating: Rating
    reviewed_at: datetime
    state: CardState
    due: datetime | None
    stability: float | None
    difficulty: float | None


def review_history(conn: Connection, card_id: int) -> list[LogEntry]:
    """The answers a card was given, oldest first, undone answers left out."""
    query = (
        select(
            REVIEW.c.id,
            REVIEW.c.rating,
            REVIEW.c.reviewed_at,
            REVIEW.c.state,
            REVIEW.c.due,
            REVIEW.c.stability,
            REVIEW.c.difficulty,
        )
        .where(REVIEW.c.card_id == card_id, REVIEW.c.undone.is_(False))
        .order_by(REVIEW.c.id)
    )
    return [
        LogEntry(
            id=r.id,
            rating=Rating(r.rating),
            reviewed_at=r.reviewed_at,
            state=CardState(r.state),
            due=r.due,
            stability=r.stability,
            difficulty=r.difficulty,
        )
        for r in conn.execute(query)
    ]


# -- bury and suspend ----------------------------------------------------------------------


def bury(conn: Connection, card_ids: Iterable[int], until: datetime) -> None:
    """Hide cards until `until` (a card buried longer already stays buried longer)."""
    conn.execute(
        update(CARD)
        .where(
            CARD.c.id.in_(list(card_ids)),
            or_(CARD.c.buried_until.is_(None), CARD.c.buried_until < until),
        )
        .values(buried_until=until)
    )


def set_suspended(
    conn: Connection,
    suspended: bool,
    *,
    card_ids: Iterable[int] | None = None,
    note_id: int | None = None,
) -> int:
    """Suspend or unsuspend some cards, or every card of a note. Returns how many."""
    query = update(CARD).values(suspended=suspended)
    if card_ids is not None:
        query = query.where(CARD.c.id.in_(list(card_ids)))
    elif note_id is not None:
        query = query.where(CARD.c.note_id == note_id)
    else:
        raise ValueError("say which cards: card_ids or note_id")
    return int(conn.execute(query).rowcount)


# -- one card buried or suspended, and undone ------------------------------------------------


@dataclass(frozen=True)
class CardMark:
    """A bury or a suspend of one card, as its undo needs it: the column it set, as it was
    before, and the card as the action left it (the SNAPSHOT_COLUMNS, stored form), for the
    undo to check that nothing changed the card since."""

    card_id: int
    deck_id: int
    column: str  # "buried_until" or "suspended"
    before: Any  # the column's stored value before the action
    after: tuple[tuple[str, Any], ...]


def _columns(conn: Connection, card_id: int) -> tuple[tuple[str, Any], ...]:
    return tuple(_snapshot(card_record(conn, card_id)).items())


def _mark(conn: Connection, card_id: int, column: str, value: Any) -> CardMark:
    card = card_record(conn, card_id)
    before = _snapshot(card)[column]
    query = update(CARD).where(CARD.c.id == card_id).values({column: value})
    if column == "buried_until":  # a card buried longer already stays buried longer
        query = query.where(or_(CARD.c.buried_until.is_(None), CARD.c.buried_until < value))
    conn.execute(query)
    return CardMark(card_id, card.deck_id, column, before, _columns(conn, card_id))


def bury_card(conn: Connection, card_id: int, until: datetime) -> CardMark:
    """Hide one card until `until` (unless buried longer already), undoably."""
    return _mark(conn, card_id, "buried_until", until)


def suspend_card(conn: Connection, card_id: int) -> CardMark:
    """Suspend one card, undoably."""
    return _mark(conn, card_id, "suspended", True)


def undo_mark(conn: Connection, mark: CardMark) -> None:
    """Put back the column a bury or a suspend set, as it was before. Refuses (StoreError) when
    the card changed since (answered, buried, suspended or unsuspended after it)."""
    if _columns(conn, mark.card_id) != mark.after:
        done = "buried" if mark.column == "buried_until" else "suspended"
        raise StoreError(f"the card changed since it was {done} (answered, perhaps elsewhere)")
    conn.execute(update(CARD).where(CARD.c.id == mark.card_id).values({mark.column: mark.before}))
