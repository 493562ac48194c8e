"""What is due: the queues of new, learning and review cards, their sizes, the next card of
each, and what was answered today (which counts against the decks' daily limits).

:class:`ReviewSnapshot` reads them within one read transaction (choosing a card, counting the
queues and previewing the intervals is one snapshot). Queue queries walk the `(state, due)`
index in order and stop at LIMIT: their cost does not grow with the size of the collection.
Every statement is written once per shape (one deck, every deck, every deck but some), with
named parameters.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flashcards.domain import CardKind, CardRecord, CardState, Note
from flashcards.store import cards
from flashcards.store.sqlite import id_list, sql, to_db_time

#: The card shown, its note, its deck's talk title, its FSRS weights (see `cards.Shown`).
Shown = cards.Shown

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

    def params(self, **times: datetime) -> dict[str, Any]:
        out: dict[str, Any] = {k: to_db_time(v) for k, v in times.items()}
        if self.deck is not None:
            out["deck"] = self.deck
        if self.exclude:
            out["exclude"] = id_list(self.exclude)
        return out


EVERY_DECK = Scope()

_SHAPES = ((False, False), (False, True), (True, False), (True, True))

#: Cards that may be shown at `now`: live, not suspended, not buried.
_AVAILABLE = "suspended = 0 AND retired = 0 AND (buried_until IS NULL OR buried_until <= :now)"
_REVIEW_DUE = f"state = 'review' AND due < :before AND {_AVAILABLE}"
# New cards have no due: `due IS NULL` lets the index hand them out in id order, which is
# the order they were added (a document's order).
_NEW = f"state = 'new' AND due IS NULL AND {_AVAILABLE}"
_LEARNING_DUE = f"state IN ('learning', 'relearning') AND due <= :by AND {_AVAILABLE}"
#: Due before `before`, and shown before it: not suspended, not buried until then or later
#: ("due today" with `before` the next day's start: the one rule, for the queues and stats).
DUE_BEFORE = (
    "state IN ('learning', 'relearning', 'review') AND due < :before AND suspended = 0"
    " AND retired = 0 AND (buried_until IS NULL OR buried_until < :before)"
)
_CONDITIONS = {"review": _REVIEW_DUE, "new": _NEW, "learning": _LEARNING_DUE, "due": DUE_BEFORE}


def _scoped(condition: str, shape: tuple[bool, bool]) -> str:
    # One deck walks the (deck_id, state, due) index, every deck the (state, due) one.
    by_deck, excluding = shape
    if by_deck:
        condition += " AND deck_id = :deck"
    if excluding:
        condition += " AND deck_id NOT IN (SELECT value FROM json_each(:exclude))"
    return condition


def _shape_name(shape: tuple[bool, bool]) -> str:
    return f"{'deck' if shape[0] else 'all'}{'-but' if shape[1] else ''}"


def _first_text(kind: str, shape: tuple[bool, bool]) -> str:
    if kind == "learning":
        # One index walk per state, LIMIT 1 each: an IN would sort every learning card due.
        firsts = " UNION ALL ".join(
            "SELECT due, id FROM (SELECT due, id FROM card WHERE "
            + _scoped(f"state = '{state}' AND due <= :by AND {_AVAILABLE}", shape)
            + " ORDER BY due LIMIT 1)"
            for state in ("learning", "relearning")
        )
        return f"SELECT id FROM ({firsts}) ORDER BY due, id LIMIT 1"
    order = "id" if kind == "new" else "due"
    return f"SELECT id FROM card WHERE {_scoped(_CONDITIONS[kind], shape)} ORDER BY {order} LIMIT 1"


#: The counts read only the covering index of live, unsuspended cards (store.tables.COUNTED):
#: never the table. Named, so that the plan cannot drift to an index that misses a column.
_COUNTED_CARDS = "card INDEXED BY ix_card_counts"


def _deck_count(kind: str, limited: bool, deck: str = ":deck") -> str:
    """Count `kind` in one deck (`deck`: a parameter, or a column of the enclosing query)."""
    condition = f"{_CONDITIONS[kind]} AND deck_id = {deck}"
    # New: one a note (answering a card buries the note's other new cards).
    what = "DISTINCT note_id" if kind == "new" else "1"
    inner = f"SELECT {what} FROM {_COUNTED_CARDS} WHERE {condition}"
    if limited:
        return f"SELECT count(*) FROM ({inner} LIMIT :limit)"
    if kind == "new":
        return f"SELECT count(*) FROM ({inner})"
    return f"SELECT count(*) FROM {_COUNTED_CARDS} WHERE {condition}"


def _count_text(kind: str, by_deck: bool, limited: bool) -> str:
    if by_deck:
        return _deck_count(kind, limited)
    # Every deck: the deck's count, deck by deck along the index (no scan of the table).
    return f"SELECT coalesce(sum(({_deck_count(kind, limited, 'deck.id')})), 0) FROM deck"


#: The learning card due soonest, read whole as `cards.shown_text` reads it: choosing the
#: next card and reading it is one statement when a learning card is due.
_SHOWN_FIRST_LEARNING = {
    shape: sql(
        f"queue.shown_first.learning.{_shape_name(shape)}",
        cards.shown_text(f"({_first_text('learning', shape)})"),
    )
    for shape in _SHAPES
}
_FIRST = {
    (kind, shape): sql(f"queue.first.{kind}.{_shape_name(shape)}", _first_text(kind, shape))
    for kind in ("learning", "review", "new")
    for shape in _SHAPES
}
_COUNT = {
    (kind, by_deck, limited): sql(
        f"queue.count.{kind}.{'deck' if by_deck else 'all'}{'.limited' if limited else ''}",
        _count_text(kind, by_deck, limited),
    )
    for kind in _CONDITIONS
    for by_deck in (False, True)
    for limited in ((False, True) if kind in ("new", "review") else (False,))
}
#: Each deck's learning cards due by `by`, along its part of the index.
_DECK_LEARNING = (
    f"(SELECT count(*) FROM {_COUNTED_CARDS} WHERE deck_id = deck.id"
    " AND state IN ('learning', 'relearning') AND due <= :by AND suspended = 0"
    " AND retired = 0)"
)


def _deck_sizes_text(learning: bool) -> str:
    """Every deck's queues in one query, each deck's from its tallies and the edge of its
    part of the index, never a walk of every card due: reviews are the due tally's days
    before the day of `before` plus that day's part before it; new notes are the deck's new
    cards over the cards a note can have, once that reaches the cap, else counted along the
    index (a deck with few new cards); learning cards due along the index (`learning`), or
    none (a total is read on its own). Buried cards are counted here and taken off after
    (`_BURIED_AT`: the few buried at `now`)."""
    return (
        "SELECT d.id, CASE WHEN (d.new_cards - :aside_new) / :kinds >= :new_cap"
        " THEN :new_cap ELSE ("
        + _deck_count("new", True, "d.id").replace(":limit", ":new_cap")
        + ") END, d.reviews, d.learning FROM (SELECT deck.id AS id,"
        " (SELECT coalesce(sum(cards), 0) FROM card_tally WHERE deck_id = deck.id"
        " AND answered = 0 AND suspended = 0 AND retired = 0) AS new_cards,"
        " (SELECT coalesce(sum(cards), 0) FROM due_tally WHERE deck_id = deck.id"
        " AND day < :before_day)"
        f" + (SELECT count(*) FROM {_COUNTED_CARDS} WHERE deck_id = deck.id"
        " AND state = 'review' AND due >= :before_day AND due < :before AND suspended = 0"
        f" AND retired = 0) AS reviews, {_DECK_LEARNING if learning else '0'} AS learning"
        " FROM deck) AS d ORDER BY d.id"
    )


_DECK_SIZES = {
    learning: sql(
        f"queue.deck_sizes{'' if learning else '.no_learning'}", _deck_sizes_text(learning)
    )
    for learning in (True, False)
}
#: Every deck's learning cards due by `by` (buried ones too: taken off after), in one walk
#: of the learning part of every deck's queue index.
_LEARNING_DUE = sql(
    "queue.learning_due",
    "SELECT count(*) FROM card INDEXED BY ix_card_due WHERE state IN ('learning', 'relearning')"
    " AND due <= :by AND suspended = 0 AND retired = 0",
)
#: The cards buried at `now` (not yet back), with what the counts need to take them off.
_BURIED_AT = sql(
    "queue.buried_at",
    "SELECT deck_id, state, due FROM card INDEXED BY ix_card_buried_at"
    " WHERE buried_until > :now AND buried_until IS NOT NULL AND suspended = 0"
    " AND retired = 0",
)
#: New cards with a due (none that this program writes; a file may hold them): the new
#: queue leaves them out, so the new cards' tally may count them; one seek of every deck's
#: queue index.
_NEW_WITH_DUE = sql(
    "queue.new_with_due",
    "SELECT count(*) FROM card INDEXED BY ix_card_due WHERE state = 'new' AND due IS NOT NULL"
    " AND suspended = 0 AND retired = 0",
)
#: The most cards a note has (one of each kind: the card table's unique key).
_KINDS = len(CardKind)
_LIMITS = "SELECT id, new_per_day, reviews_per_day, desired_retention FROM deck"
_DECK_LIMITS = sql("queue.deck_limits", f"{_LIMITS} ORDER BY id")
_ONE_DECK_LIMITS = sql("queue.deck_limits.one", f"{_LIMITS} WHERE id = :deck")
_ANSWERED = (
    "SELECT deck_id, prior_state, count(*) FROM review_log INDEXED BY ix_review_log_day"
    " WHERE reviewed_at >= :since AND reviewed_at < :until AND undone = 0{deck}"
    " GROUP BY deck_id, prior_state"
)
_ANSWERED_SINCE = sql("queue.answered_since", _ANSWERED.format(deck=""))
_ANSWERED_SINCE_IN_DECK = sql(
    "queue.answered_since.deck", _ANSWERED.format(deck=" AND deck_id = :deck")
)


# -- daily limits --------------------------------------------------------------------------


@dataclass(frozen=True)
class DeckLimits:
    """A deck's daily limits and desired retention."""

    id: int
    new_per_day: int
    reviews_per_day: int
    desired_retention: float


class ReviewSnapshot:
    """The queues, read within one read transaction (see `Store.snapshot`)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def _one(self, text: str, params: dict[str, Any]) -> Any:
        row = self._conn.execute(text, params).fetchone()
        return None if row is None else row[0]

    def _count(self, kind: str, scope: Scope, limit: int | None, **times: datetime) -> int:
        if limit is not None and limit <= 0:
            return 0
        params = scope.params(**times)
        if limit is not None:
            params["limit"] = limit
        statement = _COUNT[kind, scope.deck is not None, limit is not None]
        return int(self._one(statement, params))

    def first_learning(self, due_by: datetime, now: datetime, scope: Scope) -> int | None:
        """The learning or relearning card due soonest, if one is due by `due_by`."""
        found = self._one(_FIRST["learning", scope.shape], scope.params(by=due_by, now=now))
        return None if found is None else int(found)

    def shown_first_learning(self, due_by: datetime, now: datetime, scope: Scope) -> Shown | None:
        """`shown_weighted` of the card `first_learning` gives, in one statement (None when
        no learning card is due by `due_by`)."""
        statement = _SHOWN_FIRST_LEARNING[scope.shape]
        row = self._conn.execute(statement, scope.params(by=due_by, now=now)).fetchone()
        return None if row is None else cards.shown_from_row(self._conn, row)

    def first_review(self, due_before: datetime, now: datetime, scope: Scope) -> int | None:
        """The most overdue review card due before `due_before`."""
        params = scope.params(before=due_before, now=now)
        found = self._one(_FIRST["review", scope.shape], params)
        return None if found is None else int(found)

    def first_new(self, now: datetime, scope: Scope) -> int | None:
        """The first new card, in the order the cards were added."""
        found = self._one(_FIRST["new", scope.shape], scope.params(now=now))
        return None if found is None else int(found)

    def count_learning(self, due_by: datetime, now: datetime, scope: Scope) -> int:
        """Learning and relearning cards due by `due_by`."""
        return self._count("learning", scope, None, by=due_by, now=now)

    def count_reviews(
        self, due_before: datetime, now: datetime, scope: Scope, limit: int | None
    ) -> int:
        """Review cards due before `due_before`, counted up to `limit`."""
        return self._count("review", scope, limit, before=due_before, now=now)

    def count_new(self, now: datetime, scope: Scope, limit: int | None) -> int:
        """Notes with a new card that may be shown, counted up to `limit`: the new cards a day
        can show, since answering a card buries its note's other new cards until the next
        day."""
        return self._count("new", scope, limit, now=now)

    def count_due(self, due_before: datetime, scope: Scope) -> int:
        """Learning and review cards due before `due_before` that can be shown before it."""
        return self._count("due", scope, None, before=due_before)

    def deck_sizes(
        self,
        now: datetime,
        due_before: datetime,
        learning_by: datetime,
        new_cap: int,
        review_cap: int,
        *,
        learning_by_deck: bool = True,
    ) -> dict[int, tuple[int, int, int]]:
        """Every deck's new notes (up to `new_cap`), reviews due before `due_before` (up to
        `review_cap`) and learning cards due by `learning_by`, in one query of the tallies
        and the index: its cost follows the number of decks, the days with reviews overdue
        and the learning cards due, not the collection (see `_deck_sizes_text`). Without
        `learning_by_deck`, every deck's learning count is 0: `learning_due` is the total."""
        before, by = to_db_time(due_before), to_db_time(learning_by)
        buried = self._conn.execute(_BURIED_AT, {"now": to_db_time(now)}).fetchall()
        params = {
            "now": to_db_time(now),
            "before": before,
            "before_day": before[:10],
            "by": by,
            "new_cap": max(0, new_cap),
            "kinds": _KINDS,
            # Cards in the new cards' tally but not in the new queue, in any deck: a deck's
            # tally less these is the fewest new cards it can show.
            "aside_new": sum(1 for _, state, _ in buried if state == "new")
            + int(self._one(_NEW_WITH_DUE, {})),
        }
        found = {
            int(deck): [int(new), int(review), int(learning)]
            for deck, new, review, learning in self._conn.execute(
                _DECK_SIZES[learning_by_deck], params
            )
        }
        for deck, state, due in buried:
            sizes = found.get(deck)
            if sizes is None or due is None:
                continue
            if state == "review" and due < before:
                sizes[1] -= 1
            elif state in ("learning", "relearning") and due <= by and learning_by_deck:
                sizes[2] -= 1
        cap = max(0, review_cap)
        return {
            deck: (new, min(review, cap), learning)
            for deck, (new, review, learning) in found.items()
        }

    def learning_due(self, due_by: datetime, now: datetime) -> int:
        """Learning and relearning cards of every deck due by `due_by` (as `count_learning`
        of every deck), in one walk of the queue index less the few cards buried at `now`."""
        by = to_db_time(due_by)
        buried = self._conn.execute(_BURIED_AT, {"now": to_db_time(now)})
        aside = sum(
            1
            for _, state, due in buried
            if state in ("learning", "relearning") and due is not None and due <= by
        )
        return int(self._one(_LEARNING_DUE, {"by": by})) - aside

    def deck_limits(self, deck_id: int | None) -> list[DeckLimits]:
        """The limits of one deck, or of every deck."""
        if deck_id is None:
            rows = self._conn.execute(_DECK_LIMITS)
        else:
            rows = self._conn.execute(_ONE_DECK_LIMITS, {"deck": deck_id})
        return [DeckLimits(*row) for row in rows]

    def answered_between(
        self, since: datetime, until: datetime, deck_id: int | None
    ) -> dict[int, dict[CardState, int]]:
        """Answers given from `since` to before `until` (undone ones left out), by deck and by
        the state the card was in before the answer: what counts against the daily limits.
        Both ends count: an answer recorded under a clock set to the future never blocks a
        later day. Read from the (reviewed_at, deck_id, prior_state, undone) index alone."""
        statement = _ANSWERED_SINCE if deck_id is None else _ANSWERED_SINCE_IN_DECK
        params = {"since": to_db_time(since), "until": to_db_time(until), "deck": deck_id}
        rows = self._conn.execute(statement, params)
        out: dict[int, dict[CardState, int]] = {}
        for deck, state, count in rows:
            if deck is not None and state is not None:
                out.setdefault(deck, {})[CardState(state)] = int(count)
        return out

    def card(self, card_id: int) -> CardRecord:
        """The card `card_id` with its schedule, or a StoreError."""
        return cards.card_record(self._conn, card_id)

    def weights(self, deck_id: int, kind: CardKind) -> tuple[float, ...] | None:
        """The FSRS parameters fitted for this deck and kind of card (None: the defaults)."""
        from flashcards.store import parameters

        return parameters.weights_for(self._conn, deck_id, kind)

    def shown(self, card_id: int) -> tuple[CardRecord, Note, str | None]:
        """The card `card_id` (or a StoreError), its note with contexts and live cards, and
        its deck's talk title: what the review shows of it, in one read."""
        return cards.shown_card(self._conn, card_id)

    def shown_weighted(self, card_id: int) -> Shown:
        """`shown`, and the FSRS weights the card is scheduled with (None: the defaults)."""
        return cards.shown_weighted(self._conn, card_id)

    def note(self, note_id: int) -> tuple[Note, str | None]:
        """One note with its contexts and live cards, and its deck's talk title."""
        return cards.load_note(self._conn, note_id)
