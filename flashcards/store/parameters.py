"""FSRS parameter sets and the review history behind them, in plain SQL.

- The review log as fitting needs it: every answer still in force (undone ones left out), by
  card, oldest first, with the card's kind and deck.
- A parameter set per deck (or one for the whole collection), kept in the `setting` table as
  JSON under `fsrs.parameters` (the collection) or `fsrs.parameters.<deck id>`: the set in use
  and the one before it, so that a fit can be taken back. No set stored: FSRS' defaults.
- One card's answers, for the card-info dialog, and writing rescheduled cards back.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from sqlite3 import Connection
from typing import Any

from flashcards.domain import CardKind, CardState, Rating, Schedule
from flashcards.errors import StoreError
from flashcards.store.cards import PARAMETERS_KEY

__all__ = [
    "PRODUCTION",
    "RECOGNITION",
    "CardAnswer",
    "CardMemory",
    "HistoryAnswer",
    "ParameterSet",
    "StoredParameters",
    "answered_cards",
    "card_answers",
    "group_of",
    "load",
    "review_history",
    "save",
    "weights_for",
    "write_schedules",
]

#: The setting keeping the collection's parameters; a deck's is this, ".", its id.
SETTING_PREFIX = PARAMETERS_KEY
#: The two groups of card kinds that may have a set of their own.
RECOGNITION = "recognition"  # meaning: see the word, know what it means
PRODUCTION = "production"  # recall, context: produce the word
ALL = "all"


def group_of(kind: CardKind) -> str:
    """The group of a card kind: recognition (meaning) or production (recall, context)."""
    return RECOGNITION if kind == CardKind.MEANING else PRODUCTION


def _key(deck_id: int | None) -> str:
    return SETTING_PREFIX if deck_id is None else f"{SETTING_PREFIX}.{deck_id}"


def _time(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text).replace(tzinfo=UTC)


@dataclass(frozen=True)
class ParameterSet:
    """FSRS weights fitted to a history: one set for every card (`all`), or one for
    recognition and one for production cards. `fit` keeps the figures of the fit."""

    weights: Mapping[str, tuple[float, ...]]
    fitted_at: datetime
    reviews: int
    fit: Mapping[str, Any] = field(default_factory=dict)

    @property
    def per_kind(self) -> bool:
        return RECOGNITION in self.weights

    def for_kind(self, kind: CardKind) -> tuple[float, ...]:
        return self.weights.get(group_of(kind)) or self.weights[ALL]

    def to_json(self) -> dict[str, Any]:
        return {
            "weights": {k: list(v) for k, v in self.weights.items()},
            "fitted_at": self.fitted_at.astimezone(UTC).isoformat(),
            "reviews": self.reviews,
            "fit": dict(self.fit),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ParameterSet:
        return cls(
            weights={k: tuple(float(x) for x in v) for k, v in data["weights"].items()},
            fitted_at=datetime.fromisoformat(data["fitted_at"]),
            reviews=int(data["reviews"]),
            fit=dict(data.get("fit") or {}),
        )


@dataclass(frozen=True)
class StoredParameters:
    """What a deck (or the collection) keeps: the set in use (None: the defaults) and the one
    it replaced (None: the defaults), to go back to."""

    current: ParameterSet | None = None
    previous: ParameterSet | None = None


@dataclass(frozen=True)
class HistoryAnswer:
    """One answer of the review log, as fitting needs it."""

    card_id: int
    kind: CardKind
    rating: Rating
    reviewed_at: datetime


@dataclass(frozen=True)
class CardAnswer:
    """One answer to a card, as its history shows it."""

    reviewed_at: datetime
    rating: Rating
    prior_state: CardState | None
    state: CardState
    due: datetime | None
    stability: float | None
    difficulty: float | None
    duration_ms: int | None
    grade: str | None
    source: str = "here"  # where it was given: here, or anki


#: How many weights an FSRS-6 parameter set has.
WEIGHTS = 21


def _parse(raw: str | None) -> StoredParameters:
    if not raw:
        return StoredParameters()
    try:
        data = json.loads(raw)
        stored = StoredParameters(
            current=ParameterSet.from_json(data["current"]) if data.get("current") else None,
            previous=ParameterSet.from_json(data["previous"]) if data.get("previous") else None,
        )
    except (ValueError, TypeError, KeyError, AttributeError):
        stored = None
    sets = [] if stored is None else [s for s in (stored.current, stored.previous) if s]
    if stored is None or any(len(w) != WEIGHTS for s in sets for w in s.weights.values()):
        raise StoreError(
            f"the stored FSRS parameters are damaged (setting {SETTING_PREFIX}…); "
            "delete that setting to go back to the defaults"
        )
    return stored


@lru_cache(maxsize=64)
def _parse_cached(raw: str) -> StoredParameters:
    return _parse(raw)


def _raw(conn: Connection, deck_id: int | None) -> str | None:
    row = conn.execute("SELECT value FROM setting WHERE key = ?", (_key(deck_id),)).fetchone()
    return None if row is None else str(row[0])


def load(conn: Connection, deck_id: int | None) -> StoredParameters:
    """What the deck `deck_id` (None: the collection) keeps."""
    raw = _raw(conn, deck_id)
    return _parse_cached(raw) if raw else StoredParameters()


def save(conn: Connection, deck_id: int | None, stored: StoredParameters) -> None:
    """Keep `stored` for the deck (None: the collection); nothing in it: the defaults."""
    conn.execute("DELETE FROM setting WHERE key = ?", (_key(deck_id),))
    if stored.current is None and stored.previous is None:
        return
    value = {
        "current": stored.current.to_json() if stored.current else None,
        "previous": stored.previous.to_json() if stored.previous else None,
    }
    conn.execute(
        "INSERT INTO setting (key, value) VALUES (?, ?)", (_key(deck_id), json.dumps(value))
    )


def in_use(conn: Connection, deck_id: int) -> tuple[ParameterSet | None, int | None]:
    """The set a deck's cards are scheduled with and whose it is: the deck's own, else the
    collection's (owner None), else (None, None) for the defaults."""
    own = load(conn, deck_id).current
    if own is not None:
        return own, deck_id
    return load(conn, None).current, None


def weights_of_values(
    own: str | None, collection: str | None, kind: CardKind
) -> tuple[float, ...] | None:
    """`weights_for` from the two settings' stored values (the deck's own, the collection's;
    None: not set), as a statement that reads them with the card gives them."""
    chosen = (_parse_cached(own) if own else StoredParameters()).current
    if chosen is None:
        chosen = (_parse_cached(collection) if collection else StoredParameters()).current
    return None if chosen is None else chosen.for_kind(kind)


def weights_for(conn: Connection, deck_id: int, kind: CardKind) -> tuple[float, ...] | None:
    """The FSRS weights for a card of `kind` in the deck (None: the defaults). Two indexed
    reads of the setting table, the JSON parsed once per stored value."""
    chosen, _owner = in_use(conn, deck_id)
    return None if chosen is None else chosen.for_kind(kind)


_HISTORY = """
SELECT r.card_id, c.kind, r.rating, r.reviewed_at
FROM review_log AS r JOIN card AS c ON c.id = r.card_id
WHERE r.undone = 0 AND r.rating BETWEEN 1 AND 4 {where}
ORDER BY r.card_id, r.reviewed_at, r.id
"""


def review_history(conn: Connection, deck_id: int | None) -> list[HistoryAnswer]:
    """Every answer in force of the deck (None: of every deck), by card, oldest first."""
    where, params = ("AND c.deck_id = ?", (deck_id,)) if deck_id is not None else ("", ())
    rows = conn.execute(_HISTORY.format(where=where), params).fetchall()
    # Enum lookups by value are slow at this scale (a log of 100,000 answers): plain dicts.
    kinds = {k.value: k for k in CardKind}
    ratings = {int(r): r for r in Rating}
    parse = datetime.fromisoformat
    return [
        HistoryAnswer(card, kinds[kind], ratings[rating], parse(at).replace(tzinfo=UTC))
        for card, kind, rating, at in rows
    ]


def card_answers(conn: Connection, card_id: int) -> list[CardAnswer]:
    """A card's answers in force, oldest first."""
    # Where an answer was given ("anki" for one merged from Anki) is kept from schema 4 on.
    columns = {row[1] for row in conn.execute("PRAGMA table_info(review_log)")}
    source = "source" if "source" in columns else "NULL"
    rows = conn.execute(
        "SELECT reviewed_at, rating, prior_state, state, due, stability, difficulty, "
        f"duration_ms, grade, {source} FROM review_log WHERE card_id = ? AND undone = 0 "
        "ORDER BY reviewed_at, id",
        (card_id,),
    ).fetchall()
    return [
        CardAnswer(
            reviewed_at=_time(r[0]) or datetime.now(UTC),
            rating=Rating(r[1]),
            prior_state=CardState(r[2]) if r[2] else None,
            state=CardState(r[3]),
            due=_time(r[4]),
            stability=r[5],
            difficulty=r[6],
            duration_ms=r[7],
            grade=r[8],
            source=r[9] or "here",
        )
        for r in rows
    ]


@dataclass(frozen=True, kw_only=True)
class CardMemory(Schedule):
    """An answered card's schedule, with what picks its scheduler (deck, kind, retention)."""

    id: int
    deck_id: int
    kind: CardKind
    desired_retention: float


def answered_cards(
    conn: Connection, deck_id: int | None, *, logged: bool = False
) -> list[CardMemory]:
    """Every answered card of the deck (None: of every deck), with its schedule; `logged`:
    every card with an answer in force in the log instead, whatever its state says."""
    where, params = ("AND c.deck_id = ?", (deck_id,)) if deck_id is not None else ("", ())
    answered = (
        "c.id IN (SELECT card_id FROM review_log WHERE undone = 0)"
        if logged
        else "c.state != 'new'"
    )
    rows = conn.execute(
        "SELECT c.id, c.deck_id, c.kind, c.state, c.step, c.stability, c.difficulty, c.due, "
        "c.last_review, c.reps, c.lapses, d.desired_retention FROM card AS c "
        f"JOIN deck AS d ON d.id = c.deck_id WHERE {answered} {where} ORDER BY c.id",
        params,
    ).fetchall()
    return [
        CardMemory(
            id=int(r[0]),
            deck_id=int(r[1]),
            kind=CardKind(r[2]),
            state=CardState(r[3]),
            step=r[4],
            stability=r[5],
            difficulty=r[6],
            due=_time(r[7]),
            last_review=_time(r[8]),
            reps=int(r[9]),
            lapses=int(r[10]),
            desired_retention=float(r[11]),
        )
        for r in rows
    ]


def write_schedules(conn: Connection, schedules: Iterable[tuple[int, Any]]) -> int:
    """Write each (card id, schedule) back to its card: state, step, memory, due, last
    review, reps and lapses. The review log is left as it is. Returns how many."""
    values: list[Sequence[Any]] = [
        (
            s.state.value,
            s.step,
            s.stability,
            s.difficulty,
            _db_time(s.due),
            _db_time(s.last_review),
            s.reps,
            s.lapses,
            card_id,
        )
        for card_id, s in schedules
    ]
    for row in values:
        conn.execute(
            "UPDATE card SET state = ?, step = ?, stability = ?, difficulty = ?, due = ?, "
            "last_review = ?, reps = ?, lapses = ? WHERE id = ?",
            tuple(row),
        )
    return len(values)


def _db_time(value: datetime | None) -> str | None:
    # The fixed-width UTC text every datetime column holds (see store.tables).
    return None if value is None else value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
