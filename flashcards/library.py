"""The library: what the home, browse and statistics screens show, and editing a note.

A thin service over the store: deck overviews, one row per note for browsing, note edits with
their history kept, and the numbers behind the statistics charts. No SQL here and no UI.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from flashcards.clock import day_start, local_zone, utc_now
from flashcards.domain import EDITABLE_FIELDS, POS_NAMES, CardState, Deck, Note, normalise_pos
from flashcards.errors import FlashcardsError
from flashcards.store import Store
from flashcards.store.browse import PageKey, note_counts, note_page, review_times
from flashcards.store.search import note_matches
from flashcards.text.syllables import normalise_syllables, syllable_text

__all__ = ["DeckOverview", "Library", "NoteRow", "PageKey", "RowPage", "Statistics"]

#: Notes a browse page holds.
PAGE_SIZE = 100

STATE_ORDER = (CardState.NEW, CardState.LEARNING, CardState.RELEARNING, CardState.REVIEW)
EDITABLE = EDITABLE_FIELDS
#: The parts of speech a note may be given, by their full names.
KNOWN_POS = tuple(dict.fromkeys(POS_NAMES.values()))


@dataclass(frozen=True)
class DeckOverview:
    """A deck as the home screen lists it."""

    deck: Deck
    notes: int

    @property
    def id(self) -> int:
        return self.deck.id

    @property
    def name(self) -> str:
        return self.deck.name


@dataclass(frozen=True)
class NoteRow:
    """One note as the browse table shows it."""

    note: Note
    state: str  # the states of its live cards ("new", "learning/review", "suspended")
    due: datetime | None  # the soonest due of its scheduled, unsuspended cards
    lapses: int
    suspended: bool  # every card suspended

    @property
    def id(self) -> int:
        return self.note.id


@dataclass(frozen=True)
class RowPage:
    """A page of browse rows and where the next one starts (None: this was the last)."""

    rows: list[NoteRow]
    after: PageKey | None


@dataclass(frozen=True)
class Statistics:
    """Numbers for the statistics screen."""

    counts: dict[str, Any]  # flashcards.stats.collection_stats
    days: tuple[date, ...]  # the last N learner days, oldest first (the last one is today)
    reviews_per_day: tuple[int, ...]  # answers given on each of `days`
    forecast: tuple[int, ...]  # cards falling due on each of the coming days (today first)
    retention: float | None  # share of review answers that were not Again


def summarise(note: Note) -> NoteRow:
    """A note's browse row: its cards' states, the soonest due and the lapses."""
    live = [c for c in note.cards if not c.suspended]
    states = {c.state for c in live}
    if note.cards and not live:
        state = "suspended"
    else:
        names = [s.value for s in STATE_ORDER if s in states]
        state = "/".join(names) or "—"
        if len(live) < len(note.cards):
            state += " (some suspended)"
    dues = [c.due for c in live if c.due is not None and c.state is not CardState.NEW]
    return NoteRow(
        note=note,
        state=state,
        due=min(dues) if dues else None,
        lapses=sum(c.lapses for c in note.cards),
        suspended=bool(note.cards) and not live,
    )


def matches(note: Note, query: str) -> bool:
    """Whether the note matches a search: every word of `query` begins a word of its word,
    part of speech, definition, synonyms, example or sentences (case and accents aside).
    The one search rule (store.search), which Browse runs in SQLite."""
    return note_matches(note, query)


class Library:
    """Deck overviews, note rows and edits, statistics — for one learner's store."""

    def __init__(
        self,
        store: Store,
        *,
        clock: Callable[[], datetime] | None = None,
        day_hour: int | None = None,
        zone: tzinfo | None = None,
    ) -> None:
        """`clock` is accepted for older callers and ignored: each call takes its `now`."""
        self.store = store
        self.day_hour = day_hour  # None: the learner's setting (see study.day_start_hour)
        self.zone = zone

    def decks(self) -> list[DeckOverview]:
        """Every deck with its number of notes, in the order they were made."""
        counts = note_counts(self.store)
        return [DeckOverview(deck, counts.get(deck.id, 0)) for deck in self.store.decks()]

    def deck_id(self, name: str | None) -> int | None:
        """The id of the deck called `name` (None for every deck); a FlashcardsError if none."""
        return None if name is None else self.store.deck(name).id

    def page(
        self,
        deck_id: int | None = None,
        query: str = "",
        after: PageKey | None = None,
        size: int = PAGE_SIZE,
    ) -> RowPage:
        """One page of browse rows: a deck's notes (or all) in document order, or those that
        match `query` in the order they were added; `after` is the previous page's end."""
        found = note_page(self.store, deck_id, query, after, size)
        return RowPage([summarise(n) for n in found.notes], found.after)

    def rows(self, deck_id: int | None = None, query: str = "") -> list[NoteRow]:
        """Every browse row of a deck's notes (or all), page after page (see `page`)."""
        rows: list[NoteRow] = []
        after: PageKey | None = None
        while True:
            found = self.page(deck_id, query, after, size=1000)
            rows += found.rows
            if found.after is None:
                return rows
            after = found.after

    def note(self, note_id: int) -> Note:
        return self.store.note(note_id)

    def edit_note(self, note_id: int, now: datetime | None = None, **fields: Any) -> Note:
        """Change a note's text (its cards and their history are kept); the note as stored.
        `now` is when (None: the current time).

        Only fields that differ are written. A changed word gets fresh syllables unless they
        were edited too. An empty word or definition is refused with a FlashcardsError.
        """
        unknown = set(fields) - set(EDITABLE)
        if unknown:
            raise ValueError(f"unknown note fields: {sorted(unknown)}")
        note = self.store.note(note_id)
        values = _clean_fields(fields, note.word)
        changed = {k: v for k, v in values.items() if getattr(note, k) != v}
        if "pos" in changed and changed["pos"] not in KNOWN_POS:
            raise FlashcardsError(
                f"{changed['pos']!r} is not a part of speech: write one of {', '.join(KNOWN_POS)}"
            )
        if ("word" in changed or "ipa" in changed) and "syllables" not in changed:
            word = changed.get("word", note.word)
            changed["syllables"] = syllable_text(
                word,
                changed.get("ipa", note.ipa),
                definition=changed.get("definition", note.definition),
                pos=changed.get("pos", note.pos),
            )
            if changed["syllables"] == note.syllables:
                del changed["syllables"]
        if changed:
            self.store.edit_note(note_id, now or utc_now(), **changed)
        return self.store.note(note_id)

    def statistics(
        self,
        deck_id: int | None = None,
        days: int = 30,
        *,
        now: datetime | None = None,
        detail: bool = True,
    ) -> Statistics:
        """Counts, answers per day over the last `days` days up to `now` (None: the current
        time), forecast and retention (`detail`: with `retention_detail`, see
        flashcards.stats.collection_stats)."""
        from flashcards.stats import collection_stats
        from flashcards.study import day_start_hour

        now = now or utc_now()
        zone = self.zone or local_zone()
        hour = day_start_hour(self.store, self.day_hour)
        counts = collection_stats(self.store, now, deck_id, hour, zone, detail=detail)
        today = day_start(now, hour, zone)
        starts = [
            day_start(today - timedelta(days=back) + timedelta(hours=12), hour, zone)
            for back in range(days - 1, -1, -1)
        ]
        index = {start: i for i, start in enumerate(starts)}
        per_day = [0] * days
        for when in review_times(self.store, starts[0], deck_id):
            slot = index.get(day_start(when, hour, zone))
            if slot is not None:
                per_day[slot] += 1
        forecast = counts.get("forecast") or ()
        retention = counts.get("retention")
        return Statistics(
            counts=counts,
            days=tuple(s.astimezone(zone).date() for s in starts),
            reviews_per_day=tuple(per_day),
            forecast=tuple(int(x) for x in forecast),
            retention=None if retention is None else float(retention),
        )


def _clean_fields(fields: dict[str, Any], word: str) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, value in fields.items():
        if key == "syllables":
            values[key] = normalise_syllables(value or "", fields.get("word") or word)
            continue
        if key == "synonyms":
            items: Sequence[str] = value.split(",") if isinstance(value, str) else value
            values[key] = tuple(s.strip() for s in items if s.strip())
        elif key == "ipa":
            ipa = (value or "").strip().strip("/[]").strip()
            values[key] = ipa or None
        elif key == "pos":
            values[key] = normalise_pos(value or "")
        else:
            values[key] = " ".join((value or "").split()) if key != "example" else value.strip()
    for key in ("word", "definition", "pos"):
        if key in values and not values[key]:
            raise FlashcardsError(f"the {key} of a note cannot be empty")
    return values
