"""What is due: the queues of new, learning and review cards, their sizes, the next card of
each, and what was answered today (which counts against the decks' daily limits).

Every function takes an open connection so that a service can do several of them in one
transaction (choosing a card is one read snapshot). Queue queries walk the `(state, due)`
index in order and stop at LIMIT: their cost does not grow with the size of the collection.

The statements are built once per shape, with bound parameters (`now`, `by`, `before`,
`deck`, `exclude`, `limit`), so that choosing a card does not rebuild SQL expressions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Integer, and_, bindparam, func, literal, or_, select, union_all
from sqlalchemy.sql import Select

from flashcards.domain import CardState
from flashcards.store.tables import CardRow, DeckRow, ReviewRow, table_of

DECK = table_of(DeckRow)
CARD = table_of(CardRow)
REVIEW = table_of(ReviewRow)

LEARNING_STATES = (CardState.LEARNING.value, CardState.RELEARNING.value)


# -- queues --------------------------------------------------------------------------------


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
    if kind == "new":  # one a note: answering a card buries the note's other new cards
        inner = _scoped(select(CARD.c.note_id).where(_NEW).distinct(), shape)
    else:
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
    """Notes with a new card that may be shown, counted up to `limit`: the new cards a day
    can show, since answering a card buries its note's other new cards until the next day."""
    return _count(conn, "new", scope, limit, now=now)


def count_due(conn: Connection, due_before: datetime, scope: Scope) -> int:
    """Learning and review cards due before `due_before` that can be shown before it."""
    return _count(conn, "due", scope, None, before=due_before)


def new_by_deck(conn: Connection, now: datetime) -> dict[int, int]:
    """Notes with a new card that may be shown, by deck (one pass over the new cards of every
    deck): what `count_new` counts, without a limit."""
    query = (
        select(CARD.c.deck_id, func.count(CARD.c.note_id.distinct()))
        .where(_NEW)
        .group_by(CARD.c.deck_id)
    )
    return {int(deck): int(count) for deck, count in conn.execute(query, {"now": now})}


def reviews_by_deck(conn: Connection, due_before: datetime, now: datetime) -> dict[int, int]:
    """Review cards due before `due_before`, by deck."""
    query = select(CARD.c.deck_id, func.count()).where(_REVIEW_DUE).group_by(CARD.c.deck_id)
    rows = conn.execute(query, {"before": due_before, "now": now})
    return {int(deck): int(count) for deck, count in rows}


# -- daily limits --------------------------------------------------------------------------


@dataclass(frozen=True)
class DeckLimits:
    """A deck's daily limits and desired retention."""

    id: int
    new_per_day: int
    reviews_per_day: int
    desired_retention: float


def deck_limits(conn: Connection, deck_id: int | None) -> list[DeckLimits]:
    """The limits of one deck, or of every deck."""
    query = select(
        DECK.c.id, DECK.c.new_per_day, DECK.c.reviews_per_day, DECK.c.desired_retention
    ).order_by(DECK.c.id)
    if deck_id is not None:
        query = query.where(DECK.c.id == deck_id)
    return [DeckLimits(*row) for row in conn.execute(query)]


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
