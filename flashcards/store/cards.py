"""Cards in review: the queues, answers and the review log, burying, suspending and undo.

Every function takes an open connection so that a service can do several of them in one
transaction (an answer is one write transaction; choosing a card is one read snapshot).
Queue queries walk the `(state, due)` index in order and stop at LIMIT: their cost does not
grow with the size of the collection.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    Connection,
    Integer,
    and_,
    bindparam,
    func,
    insert,
    literal,
    or_,
    select,
    union_all,
    update,
)
from sqlalchemy.sql import Select

from flashcards.domain import CardKind, CardState, Note, Rating
from flashcards.errors import StoreError
from flashcards.store.convert import card_from_row, note_from_row
from flashcards.store.tables import (
    CardRow,
    ContextRow,
    DeckRow,
    NoteRow,
    ReviewRow,
    UTCDateTime,
    table_of,
    to_db_time,
)

DECK = table_of(DeckRow)
NOTE = table_of(NoteRow)
CONTEXT = table_of(ContextRow)
CARD = table_of(CardRow)
REVIEW = table_of(ReviewRow)

LEARNING_STATES = (CardState.LEARNING.value, CardState.RELEARNING.value)

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


@dataclass(frozen=True)
class CardRecord:
    """A stored card with its schedule, and the deck settings that apply to it."""

    id: int
    note_id: int
    deck_id: int
    kind: CardKind
    state: CardState
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime | None
    last_review: datetime | None
    reps: int
    lapses: int
    suspended: bool
    leech: bool
    buried_until: datetime | None
    context_turn: int
    desired_retention: float


@dataclass(frozen=True)
class DeckLimits:
    """A deck's daily limits and desired retention."""

    id: int
    new_per_day: int
    reviews_per_day: int
    desired_retention: float


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


# -- reading cards -------------------------------------------------------------------------


_CARD_RECORD = (
    select(CARD, DECK.c.desired_retention)
    .join(DECK, DECK.c.id == CARD.c.deck_id)
    .where(CARD.c.id == bindparam("card_id"))
)
_NOTE_WITH_DECK = (
    select(NOTE, DECK.c.name.label("deck_name"), DECK.c.title.label("deck_title"))
    .join(DECK, DECK.c.id == NOTE.c.deck_id)
    .where(NOTE.c.id == bindparam("note_id"))
)
_NOTE_CONTEXTS = (
    select(CONTEXT.c.sentence)
    .where(CONTEXT.c.note_id == bindparam("note_id"))
    .order_by(CONTEXT.c.position)
)
_NOTE_CARDS = select(CARD).where(CARD.c.note_id == bindparam("note_id"), CARD.c.retired.is_(False))


def card_record(conn: Connection, card_id: int) -> CardRecord:
    """The card `card_id`, or a StoreError."""
    row = conn.execute(_CARD_RECORD, {"card_id": card_id}).mappings().first()
    if row is None:
        raise StoreError(f"no card with id {card_id}")
    return CardRecord(
        id=row["id"],
        note_id=row["note_id"],
        deck_id=row["deck_id"],
        kind=CardKind(row["kind"]),
        state=CardState(row["state"]),
        step=row["step"],
        stability=row["stability"],
        difficulty=row["difficulty"],
        due=row["due"],
        last_review=row["last_review"],
        reps=row["reps"],
        lapses=row["lapses"],
        suspended=bool(row["suspended"]),
        leech=bool(row["leech"]),
        buried_until=row["buried_until"],
        context_turn=row["context_turn"],
        desired_retention=row["desired_retention"],
    )


def load_note(conn: Connection, note_id: int) -> tuple[Note, str | None]:
    """One note with its contexts and live cards, and its deck's talk title."""
    params = {"note_id": note_id}
    row = conn.execute(_NOTE_WITH_DECK, params).mappings().first()
    if row is None:
        raise StoreError(f"no note with id {note_id}")
    contexts = conn.execute(_NOTE_CONTEXTS, params).scalars()
    cards = conn.execute(_NOTE_CARDS, params).mappings()
    note = note_from_row(row, row["deck_name"], list(contexts), [card_from_row(c) for c in cards])
    return note, row["deck_title"]


def deck_limits(conn: Connection, deck_id: int | None) -> list[DeckLimits]:
    """The limits of one deck, or of every deck."""
    query = select(
        DECK.c.id, DECK.c.new_per_day, DECK.c.reviews_per_day, DECK.c.desired_retention
    ).order_by(DECK.c.id)
    if deck_id is not None:
        query = query.where(DECK.c.id == deck_id)
    return [DeckLimits(*row) for row in conn.execute(query)]


# -- queues ------------------------------------------------------------------------------
#
# The statements are built once per shape, with bound parameters (`now`, `by`, `before`,
# `deck`, `exclude`, `limit`), so that choosing a card does not rebuild SQL expressions.


@dataclass(frozen=True)
class Scope:
    """Which cards a queue takes from: one deck or every deck, less some decks (those whose
    daily limit is reached)."""

    deck: int | None = None
    exclude: tuple[int, ...] = ()

    @property
    def shape(self) -> tuple[bool, bool]:
        return self.deck is not None, bool(self.exclude)

    def params(self, **values: Any) -> dict[str, Any]:
        if self.deck is not None:
            values["deck"] = self.deck
        if self.exclude:
            values["exclude"] = list(self.exclude)
        return values


EVERY_DECK = Scope()

#: Cards that may be shown at `now`: live, not suspended, not buried.
_AVAILABLE = and_(
    CARD.c.suspended.is_(False),
    CARD.c.retired.is_(False),
    or_(CARD.c.buried_until.is_(None), CARD.c.buried_until <= bindparam("now")),
)
_REVIEW_DUE = and_(
    CARD.c.state == CardState.REVIEW.value, CARD.c.due < bindparam("before"), _AVAILABLE
)
# New cards have no due: `due IS NULL` lets the index hand them out in id order, which is
# the order they were added (a document's order).
_NEW = and_(CARD.c.state == CardState.NEW.value, CARD.c.due.is_(None), _AVAILABLE)
_LEARNING_DUE = and_(CARD.c.state.in_(LEARNING_STATES), CARD.c.due <= bindparam("by"), _AVAILABLE)
# Due before `before`, and shown before it: not suspended, not buried until then or later.
_SCHEDULED_DUE = and_(
    CARD.c.state.in_([*LEARNING_STATES, CardState.REVIEW.value]),
    CARD.c.due < bindparam("before"),
    CARD.c.suspended.is_(False),
    CARD.c.retired.is_(False),
    or_(CARD.c.buried_until.is_(None), CARD.c.buried_until < bindparam("before")),
)
_CONDITIONS = {"review": _REVIEW_DUE, "new": _NEW, "learning": _LEARNING_DUE, "due": _SCHEDULED_DUE}


def _scoped(query: Select[Any], shape: tuple[bool, bool]) -> Select[Any]:
    # One deck walks the (deck_id, state, due) index, every deck the (state, due) one.
    by_deck, excluding = shape
    if by_deck:
        query = query.where(CARD.c.deck_id == bindparam("deck"))
    if excluding:
        query = query.where(CARD.c.deck_id.not_in(bindparam("exclude", expanding=True)))
    return query


@lru_cache(maxsize=64)
def _first_statement(kind: str, shape: tuple[bool, bool]) -> Select[Any]:
    if kind == "learning":
        # One index walk per state, LIMIT 1 each: an IN would sort every learning card due.
        firsts = [
            _scoped(
                select(CARD.c.due, CARD.c.id)
                .where(CARD.c.state == state, CARD.c.due <= bindparam("by"), _AVAILABLE)
                .order_by(CARD.c.due)
                .limit(1),
                shape,
            ).subquery()
            for state in LEARNING_STATES
        ]
        both = union_all(*(select(first.c.due, first.c.id) for first in firsts)).subquery()
        return select(both.c.id).order_by(both.c.due, both.c.id).limit(1)
    order = CARD.c.id if kind == "new" else CARD.c.due
    return _scoped(select(CARD.c.id).where(_CONDITIONS[kind]).order_by(order).limit(1), shape)


@lru_cache(maxsize=64)
def _count_statement(kind: str, shape: tuple[bool, bool], limited: bool) -> Select[Any]:
    inner = _scoped(select(literal(1)).where(_CONDITIONS[kind]), shape)
    if limited:
        inner = inner.limit(bindparam("limit", type_=Integer))
    return select(func.count()).select_from(inner.subquery())


def _count(conn: Connection, kind: str, scope: Scope, limit: int | None, **values: Any) -> int:
    if limit is not None and limit <= 0:
        return 0
    if limit is not None:
        values["limit"] = limit
    statement = _count_statement(kind, scope.shape, limit is not None)
    return int(conn.execute(statement, scope.params(**values)).scalar_one())


def first_learning(conn: Connection, due_by: datetime, now: datetime, scope: Scope) -> int | None:
    """The learning or relearning card due soonest, if one is due by `due_by`."""
    statement = _first_statement("learning", scope.shape)
    return conn.execute(statement, scope.params(by=due_by, now=now)).scalar()


def first_review(conn: Connection, due_before: datetime, now: datetime, scope: Scope) -> int | None:
    """The most overdue review card due before `due_before`."""
    statement = _first_statement("review", scope.shape)
    return conn.execute(statement, scope.params(before=due_before, now=now)).scalar()


def first_new(conn: Connection, now: datetime, scope: Scope) -> int | None:
    """The first new card, in the order the cards were added."""
    statement = _first_statement("new", scope.shape)
    return conn.execute(statement, scope.params(now=now)).scalar()


def count_learning(conn: Connection, due_by: datetime, now: datetime, scope: Scope) -> int:
    """Learning and relearning cards due by `due_by`."""
    return _count(conn, "learning", scope, None, by=due_by, now=now)


def count_reviews(
    conn: Connection, due_before: datetime, now: datetime, scope: Scope, limit: int | None
) -> int:
    """Review cards due before `due_before`, counted up to `limit`."""
    return _count(conn, "review", scope, limit, before=due_before, now=now)


def count_new(conn: Connection, now: datetime, scope: Scope, limit: int | None) -> int:
    """New cards that may be shown, counted up to `limit`."""
    return _count(conn, "new", scope, limit, now=now)


def count_due(conn: Connection, due_before: datetime, scope: Scope) -> int:
    """Learning and review cards due before `due_before` that can be shown before it."""
    return _count(conn, "due", scope, None, before=due_before)


def new_by_deck(conn: Connection, now: datetime) -> dict[int, int]:
    """New cards that may be shown, by deck (one pass over the new cards of every deck)."""
    query = select(CARD.c.deck_id, func.count()).where(_NEW).group_by(CARD.c.deck_id)
    return {int(deck): int(count) for deck, count in conn.execute(query, {"now": now})}


def reviews_by_deck(conn: Connection, due_before: datetime, now: datetime) -> dict[int, int]:
    """Review cards due before `due_before`, by deck."""
    query = select(CARD.c.deck_id, func.count()).where(_REVIEW_DUE).group_by(CARD.c.deck_id)
    rows = conn.execute(query, {"before": due_before, "now": now})
    return {int(deck): int(count) for deck, count in rows}


_ANSWERED_SINCE = (
    select(REVIEW.c.deck_id, REVIEW.c.prior_state, func.count())
    .where(REVIEW.c.reviewed_at >= bindparam("since"), REVIEW.c.undone.is_(False))
    .group_by(REVIEW.c.deck_id, REVIEW.c.prior_state)
)
_ANSWERED_SINCE_IN_DECK = _ANSWERED_SINCE.where(REVIEW.c.deck_id == bindparam("deck"))


def answered_since(
    conn: Connection, since: datetime, deck_id: int | None
) -> dict[int, dict[CardState, int]]:
    """Answers given since `since` (undone ones left out), by deck and by the state the card
    was in before the answer: what counts against the daily limits. Read from the
    (reviewed_at, deck_id, prior_state, undone) index alone."""
    statement = _ANSWERED_SINCE if deck_id is None else _ANSWERED_SINCE_IN_DECK
    rows = conn.execute(statement, {"since": since, "deck": deck_id})
    out: dict[int, dict[CardState, int]] = {}
    for deck, state, count in rows:
        if deck is not None and state is not None:
            out.setdefault(deck, {})[CardState(state)] = int(count)
    return out


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
