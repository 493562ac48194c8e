"""Today's review: which card comes next and what an answer does, with Anki's daily rules.

The service behind the review screen (and the tests); it has no user interface and no SQL.

- A day starts at 4 a.m. local time (the `day_start_hour` setting, $FLASHCARDS_DAY_START, or
  the constructor's `day_hour`). Each deck has its limits of new cards and of reviews a day;
  what was already answered today counts, from the review log, so a restart resets nothing.
- The queue: learning cards due now come first; then reviews due today and new cards,
  interleaved evenly; when nothing else is left, a learning card due within 20 minutes is
  shown early (Anki's "learn ahead" limit).
- An answer is one committed transaction: the review log row (with a snapshot of the card
  before it), the card's new schedule, its new and review siblings buried until the next day,
  and at the 8th lapse the card tagged leech and suspended.
- Undo takes the session's actions back one at a time, the most recent first: an answer
  (restoring all of the above), a bury or a suspend (restoring the card's `buried_until` or
  `suspended`). It refuses when the card changed since in another way.
- The "new" count is of notes, not cards: answering a card buries its note's other new cards,
  so a day can show one new card a note.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime, timedelta, tzinfo
from typing import Any, Literal

from flashcards.clock import DEFAULT_DAY_START_HOUR, day_start, local_zone, next_day_start, utc_now
from flashcards.domain import Answer, CardChange, CardKind, CardRecord, CardState, Rating
from flashcards.errors import FlashcardsError
from flashcards.scheduling import scheduler_for
from flashcards.store import Store
from flashcards.store.queues import DeckLimits, ReviewSnapshot, Scope
from flashcards.study_types import (
    LEECH_THRESHOLD,
    TYPED_KINDS,
    AnswerResult,
    DayPlan,
    DeckSize,
    Outlook,
    QueueCounts,
    SessionAction,
    SessionAnswer,
    SessionMark,
    SessionSummary,
    StudyCard,
    context_sentence,
    is_leech,
)
from flashcards.text.grading import Grade
from flashcards.text.grading import grade as grade_answer

__all__ = [
    "DAY_START_ENV",
    "DAY_START_SETTING",
    "LEARN_AHEAD",
    "LEECH_THRESHOLD",
    "AnswerResult",
    "QueueCounts",
    "SessionSummary",
    "Study",
    "StudyCard",
    "day_start_hour",
]

DAY_START_SETTING = "day_start_hour"
DAY_START_ENV = "FLASHCARDS_DAY_START"
LEARN_AHEAD = timedelta(minutes=20)


def day_start_hour(store: Store, explicit: int | None = None) -> int:
    """The local hour at which a day starts: `explicit`, else $FLASHCARDS_DAY_START, else the
    `day_start_hour` setting, else 4."""
    if explicit is not None:
        raw: Any = explicit
        origin = "day_hour"
    elif os.environ.get(DAY_START_ENV, "").strip():
        raw = os.environ[DAY_START_ENV].strip()
        origin = f"${DAY_START_ENV}"
    else:
        raw = store.setting(DAY_START_SETTING)
        origin = f"the {DAY_START_SETTING!r} setting"
        if raw is None:
            return DEFAULT_DAY_START_HOUR
    try:
        hour = int(raw)
    except ValueError:
        hour = -1
    if not 0 <= hour <= 23:
        raise FlashcardsError(f"{origin}: a day starts at an hour from 0 to 23, not {raw!r}")
    return hour


class Study:
    """A review session over one deck (or every deck)."""

    def __init__(
        self,
        store: Store,
        deck_id: int | None = None,
        *,
        clock: Callable[[], datetime] = utc_now,
        fuzz: bool = True,
        day_hour: int | None = None,
        zone: tzinfo | None = None,
    ) -> None:
        self.store = store
        self.deck_id = deck_id
        self.clock = clock
        self.fuzz = fuzz
        self.day_hour = day_start_hour(store, day_hour)
        self.zone = zone or local_zone()
        self._actions: list[SessionAction] = []  # what undo takes back, most recent last
        self._since_new = 0  # reviews shown since the last new card, to spread new cards
        self._size_cache: dict[int, DeckSize] = {}
        self._sizes_until: datetime | None = None

    # -- the day -----------------------------------------------------------------------------

    def _now(self) -> datetime:
        now = self.clock()
        if now.tzinfo is None:
            raise ValueError("the clock gave a naive datetime; give UTC-aware times")
        return now

    def _today(self, now: datetime) -> tuple[datetime, datetime]:
        return (
            day_start(now, self.day_hour, self.zone),
            next_day_start(now, self.day_hour, self.zone),
        )

    # -- choosing ----------------------------------------------------------------------------

    def _plan(self, snap: ReviewSnapshot, now: datetime) -> DayPlan:
        start, tomorrow = self._today(now)
        done = snap.answered_between(start, tomorrow, self.deck_id)
        limits = snap.deck_limits(self.deck_id)
        sizes = self._sizes(snap, now, tomorrow, limits)
        plan = DayPlan({}, {})
        for deck in limits:
            counts = done.get(deck.id, {})
            new_left = max(0, deck.new_per_day - counts.get(CardState.NEW, 0))
            reviews_left = max(0, deck.reviews_per_day - counts.get(CardState.REVIEW, 0))
            plan.new_left[deck.id] = new_left
            plan.reviews_left[deck.id] = reviews_left
            plan.new += min(new_left, sizes[deck.id].new)
            plan.review += min(reviews_left, sizes[deck.id].review)
        return plan

    def _sizes(
        self, snap: ReviewSnapshot, now: datetime, tomorrow: datetime, limits: list[DeckLimits]
    ) -> dict[int, DeckSize]:
        """New cards (one a note: see `queues.count_new`) and reviews due today in each deck,
        up to the deck's daily limits.

        Kept for the day and recounted for a deck when this session changes one of its cards:
        after the first call, choosing a card costs a few indexed lookups, not a count per
        deck. (A change made by another program meanwhile shows from the next session.)
        """
        if self._sizes_until != tomorrow:
            self._size_cache.clear()
            self._sizes_until = tomorrow
        stale = [
            d
            for d in limits
            if (size := self._size_cache.get(d.id)) is None
            or size.limits != (d.new_per_day, d.reviews_per_day)
        ]
        if len(stale) > 1:  # every deck: one pass over the queues, grouped by deck
            new = snap.new_by_deck(now)
            review = snap.reviews_by_deck(tomorrow, now)
            for d in stale:
                self._size_cache[d.id] = DeckSize(
                    (d.new_per_day, d.reviews_per_day),
                    min(new.get(d.id, 0), d.new_per_day),
                    min(review.get(d.id, 0), d.reviews_per_day),
                )
        elif stale:  # one deck: counted up to its limits along its index
            d = stale[0]
            scope = Scope(deck=d.id)
            self._size_cache[d.id] = DeckSize(
                (d.new_per_day, d.reviews_per_day),
                snap.count_new(now, scope, d.new_per_day),
                snap.count_reviews(tomorrow, now, scope, d.reviews_per_day),
            )
        return self._size_cache

    def _changed(self, deck_id: int | None = None) -> None:
        """Forget the queue sizes of a deck whose cards this session changed (None: all)."""
        if deck_id is None:
            self._size_cache.clear()
        else:
            self._size_cache.pop(deck_id, None)

    @property
    def _all(self) -> Scope:
        return Scope(deck=self.deck_id)

    def _open(self, left: dict[int, int]) -> Scope | None:
        """Where a queue with these allowances may take cards from; None when nowhere."""
        if self.deck_id is not None:
            return self._all if left.get(self.deck_id, 0) > 0 else None
        full = tuple(deck for deck, n in left.items() if n <= 0)
        return None if len(full) == len(left) else Scope(exclude=full)

    def _pick(self, snap: ReviewSnapshot, now: datetime) -> int | None:
        card_id = snap.first_learning(now, now, self._all)
        if card_id is not None:
            return card_id
        plan = self._plan(snap, now)
        new, review = plan.new, plan.review
        _, tomorrow = self._today(now)
        # Spread new cards evenly among the reviews: after n reviews out of r, one new card
        # when n / r reaches the share of new cards still to come.
        new_first = bool(new) and (not review or self._since_new * new >= review)
        for kind in ("new", "review") if new_first else ("review", "new"):
            if kind == "new" and new and (scope := self._open(plan.new_left)):
                card_id = snap.first_new(now, scope)
            elif kind == "review" and review and (scope := self._open(plan.reviews_left)):
                card_id = snap.first_review(tomorrow, now, scope)
            if card_id is not None:
                return card_id
        return snap.first_learning(now + LEARN_AHEAD, now, self._all)

    def next_card(self) -> StudyCard | None:
        """The card to show now, or None when today's work is done."""
        now = self._now()
        with self.store.snapshot() as snap:
            card_id = self._pick(snap, now)
            return None if card_id is None else self._study_card(snap, card_id)

    def counts(self) -> QueueCounts:
        """New, learning and review cards still to do today, within the daily limits."""
        now = self._now()
        with self.store.snapshot() as snap:
            plan = self._plan(snap, now)
            learning = snap.count_learning(now + LEARN_AHEAD, now, self._all)
        return QueueCounts(new=plan.new, learning=learning, review=plan.review)

    def _study_card(self, snap: ReviewSnapshot, card_id: int) -> StudyCard:
        record = snap.card(card_id)
        note, title = snap.note(record.note_id)
        sentence = blanked = None
        expected = note.word
        if record.kind == CardKind.CONTEXT and note.contexts:
            sentence, blanked, expected = context_sentence(note, record.context_turn)
        return StudyCard(
            card_id=record.id,
            kind=record.kind,
            state=record.state,
            note=note,
            deck=note.deck,
            title=title,
            sentence=sentence,
            blanked=blanked,
            expected=expected,
            typed=record.kind in TYPED_KINDS,
        )

    # -- answering ---------------------------------------------------------------------------

    def intervals(self, card: StudyCard) -> dict[Rating, timedelta]:
        """The interval each rating would give if answered now (without fuzz)."""
        now = self._now()
        record = self.store.card_record(card.card_id)
        weights = self.store.fsrs_weights(record.deck_id, record.kind)
        scheduler = scheduler_for(record.desired_retention, self.fuzz, weights)
        return scheduler.preview(record.id, record, now)

    def grade(self, card: StudyCard, typed: str) -> Grade:
        """Grade a typed answer against the card's expected form (and the headword's forms)."""
        # A context card's sentence needs its own form of the word; a recall card takes any.
        form = card.expected if card.kind == CardKind.CONTEXT else None
        return grade_answer(typed, card.note.word, card.note.pos, expected_form=form)

    def answer(
        self,
        card: StudyCard,
        rating: Rating,
        *,
        typed: str | None = None,
        grade: Grade | None = None,
        duration_ms: int | None = None,
    ) -> AnswerResult:
        """Record an answer and reschedule the card, committed before this returns."""
        rating = Rating(rating)
        if grade is None and typed is not None and card.typed:
            grade = self.grade(card, typed)
        now = self._now()
        _, tomorrow = self._today(now)
        fuzz = self.fuzz
        # The fitted parameters of the card's deck and kind (None: FSRS's defaults).
        shown = self.store.card_record(card.card_id)
        weights = self.store.fsrs_weights(shown.deck_id, shown.kind)

        def decide(before: CardRecord) -> CardChange:
            scheduler = scheduler_for(before.desired_retention, fuzz, weights)
            after = scheduler.review(before.id, before, rating, now)
            turn = before.context_turn + (1 if before.kind == CardKind.CONTEXT else 0)
            return CardChange(
                state=after.state,
                step=after.step,
                stability=after.stability,
                difficulty=after.difficulty,
                due=after.due,
                last_review=after.last_review,
                reps=after.reps,
                lapses=after.lapses,
                context_turn=turn,
                leech=after.lapses > before.lapses and is_leech(after.lapses),
            )

        log_id, before, after = self.store.record_answer(
            card.card_id,
            decide,
            Answer(
                rating=rating,
                reviewed_at=now,
                duration_ms=duration_ms,
                typed=typed,
                grade=grade.verdict.value if grade else None,
                shown=card.sentence,
            ),
            bury_siblings_until=tomorrow,
        )
        leech = after.leech
        self._changed(before.deck_id)
        self._actions.append(
            SessionAnswer(
                log_id, card.card_id, before.deck_id, rating, duration_ms, self._since_new
            )
        )
        if before.state == CardState.NEW:
            self._since_new = 0
        elif before.state == CardState.REVIEW:
            self._since_new += 1
        assert after.due is not None
        message = None
        if leech:
            message = (
                f"{card.note.word} is a leech ({after.lapses} lapses): suspended. "
                "Edit it or unsuspend it in Browse."
            )
        return AnswerResult(card.card_id, rating, after.state, after.due, leech, message)

    # -- undo --------------------------------------------------------------------------------

    @property
    def _answers(self) -> list[SessionAnswer]:
        return [a for a in self._actions if isinstance(a, SessionAnswer)]

    @property
    def can_undo(self) -> bool:
        """Whether this session has an answer, a bury or a suspend left to undo."""
        return bool(self._actions)

    @property
    def last_action(self) -> str | None:
        """What the next `undo()` would take back: "answer", "bury" or "suspend" (None when
        nothing)."""
        return self._actions[-1].action if self._actions else None

    def undo(self) -> StudyCard | None:
        """Undo this session's last answer, bury or suspend (again for the one before) and
        return its card, as it was, to be shown again. None when there is nothing to undo.

        A FlashcardsError, and nothing undone, when the card changed since (answered again,
        or changed in another session): that action stays the one to undo."""
        if not self._actions:
            return None
        last = self._actions[-1]
        if isinstance(last, SessionAnswer):
            self.store.undo_answer(last.log_id)
        else:
            self.store.undo_mark(last.mark)
        self._actions.pop()
        self._changed(last.deck_id)
        if isinstance(last, SessionAnswer):
            self._since_new = last.since_new
        with self.store.snapshot() as snap:
            return self._study_card(snap, last.card_id)

    # -- bury and suspend --------------------------------------------------------------------

    def bury(self, card: StudyCard) -> None:
        """Hide a card until the next day starts (undoable)."""
        _, tomorrow = self._today(self._now())
        mark = self.store.bury_card(card.card_id, tomorrow)
        self._changed(mark.deck_id)
        self._actions.append(SessionMark("bury", mark))

    def suspend(self, card: StudyCard) -> None:
        """Take a card out of review until it is unsuspended (undoable)."""
        mark = self.store.suspend_card(card.card_id)
        self._changed(mark.deck_id)
        self._actions.append(SessionMark("suspend", mark))

    def set_note_suspended(self, note_id: int, suspended: bool) -> None:
        """Suspend or unsuspend every card of a note (as Browse does: not undone by `undo`)."""
        self.store.set_suspended(suspended, note_id=note_id)
        self._changed()

    # -- the end -----------------------------------------------------------------------------

    def summary(self) -> SessionSummary:
        """How this session went, and what tomorrow holds."""
        now = self._now()
        _, tomorrow = self._today(now)
        day_after = next_day_start(tomorrow, self.day_hour, self.zone)
        with self.store.snapshot() as snap:
            due_tomorrow = snap.count_due(day_after, self._all)
        given = self._answers
        answered = len(given)
        correct = sum(1 for a in given if a.rating != Rating.AGAIN)
        return SessionSummary(
            answered=answered,
            correct=correct,
            seconds=sum(a.duration_ms or 0 for a in given) / 1000,
            accuracy=correct / answered if answered else None,
            due_tomorrow=due_tomorrow,
        )

    # -- setting a card aside: its siblings wait ---------------------------------------------

    def set_aside(self, card: StudyCard, how: Literal["bury", "suspend"]) -> int:
        """Bury or suspend `card`; then, while the next card would be one of the same note's
        and another card is available, bury that sibling until tomorrow too (Anki's rule: a
        word's other cards wait, rather than following straight after). Returns how many
        undoable actions this was: `undo()` that many times takes it all back."""
        if how == "bury":
            self.bury(card)
        else:
            self.suspend(card)
        passed = 0
        following = self.next_card()
        while following is not None and following.note.id == card.note.id:
            self.bury(following)
            passed += 1
            following = self.next_card()
        if following is None and passed:  # only the word's own cards are left: show them
            for _ in range(passed):
                self.undo()
            passed = 0
        return 1 + passed

    # -- after today ---------------------------------------------------------------------------

    def outlook(self) -> Outlook:
        """When the next card is due, and tomorrow's new and due cards (for the summary)."""
        now = self._now()
        _, tomorrow = self._today(now)
        day_after = next_day_start(tomorrow, self.day_hour, self.zone)
        far = now + timedelta(days=36500)
        with self.store.snapshot() as snap:
            limits = snap.deck_limits(self.deck_id)
            new = snap.new_by_deck(tomorrow)
            new_tomorrow = sum(min(new.get(d.id, 0), d.new_per_day) for d in limits)
            due_tomorrow = snap.count_due(day_after, self._all)
            soonest = [
                snap.first_learning(far, now, self._all),
                snap.first_review(far, now, self._all),
            ]
            dues = [snap.card(i).due for i in soonest if i is not None]
        times = [d for d in dues if d is not None]
        if new_tomorrow:
            times.append(tomorrow)
        return Outlook(min(times) if times else None, tomorrow, new_tomorrow, due_tomorrow)

    def set_card_suspended(self, card_id: int, suspended: bool) -> None:
        """Suspend or unsuspend one card (as Browse does: not undone by `undo`)."""
        self.store.set_suspended(suspended, card_ids=[card_id])
        self._changed()
