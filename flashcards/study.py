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

from flashcards import study_queues
from flashcards.clock import DEFAULT_DAY_START_HOUR, day_start, local_zone, next_day_start, utc_now
from flashcards.domain import (
    Answer,
    CardChange,
    CardKind,
    CardRecord,
    CardState,
    Rating,
)
from flashcards.errors import FlashcardsError
from flashcards.scheduling import scheduler_for
from flashcards.store import Store
from flashcards.store.queues import ReviewSnapshot, Scope, Shown
from flashcards.study_queues import LEARN_AHEAD, SessionQueues
from flashcards.study_types import (
    LEECH_THRESHOLD,
    TYPED_KINDS,
    AnswerResult,
    DayPlan,
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


def _configured_hour(explicit: int | None) -> int | None:
    """The day's start hour given explicitly or by $FLASHCARDS_DAY_START (None: neither),
    checked; no database."""
    if explicit is not None:
        raw: Any = explicit
        origin = "day_hour"
    elif os.environ.get(DAY_START_ENV, "").strip():
        raw = os.environ[DAY_START_ENV].strip()
        origin = f"${DAY_START_ENV}"
    else:
        return None
    return _hour(raw, origin)


def _hour(raw: Any, origin: str) -> int:
    try:
        hour = int(raw)
    except ValueError:
        hour = -1
    if not 0 <= hour <= 23:
        raise FlashcardsError(f"{origin}: a day starts at an hour from 0 to 23, not {raw!r}")
    return hour


def day_start_hour(store: Store, explicit: int | None = None) -> int:
    """The local hour at which a day starts: `explicit`, else $FLASHCARDS_DAY_START, else the
    `day_start_hour` setting, else 4."""
    hour = _configured_hour(explicit)
    if hour is not None:
        return hour
    raw = store.setting(DAY_START_SETTING)
    if raw is None:
        return DEFAULT_DAY_START_HOUR
    return _hour(raw, f"the {DAY_START_SETTING!r} setting")


class Study:
    """A review session over one deck (or every deck).

    The constructor reads nothing; each operation takes `now` (the `clock` is only the
    default for callers that pass none)."""

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
        self._day_hour = _configured_hour(day_hour)  # None: the setting, read when needed
        self.zone = zone or local_zone()
        self._actions: list[SessionAction] = []  # what undo takes back, most recent last
        self._since_new = 0  # reviews shown since the last new card, to spread new cards
        self._queues: SessionQueues | None = None
        #: The card last put on screen as read, with its FSRS weights: the intervals and
        #: the answer need no second read of it.
        self._shown: tuple[CardRecord, tuple[float, ...] | None] | None = None
        self._day: tuple[datetime, datetime] | None = None
        self._scope: Scope | None = None  # this session's deck (or every deck), made once

    @property
    def day_hour(self) -> int:
        """The local hour at which this session's days start."""
        if self._day_hour is None:
            self._day_hour = day_start_hour(self.store)
        return self._day_hour

    # -- the day -----------------------------------------------------------------------------

    def _now(self, now: datetime | None = None) -> datetime:
        if now is None:
            now = self.clock()
        if now.tzinfo is None:
            raise ValueError("the clock gave a naive datetime; give UTC-aware times")
        return now

    def _today(self, now: datetime) -> tuple[datetime, datetime]:
        """When today started and when tomorrow starts (worked out once a day)."""
        day = self._day
        if day is not None and day[0] <= now < day[1]:
            return day
        day = self._day = (
            day_start(now, self.day_hour, self.zone),
            next_day_start(now, self.day_hour, self.zone),
        )
        return day

    # -- the queues --------------------------------------------------------------------------

    def _read_queues(self, snap: ReviewSnapshot, now: datetime) -> SessionQueues:
        """The queues as they are, or as this session keeps them while they are fresh."""
        start, tomorrow = self._today(now)
        kept = self._queues
        if kept is not None and kept.fresh(now, tomorrow):
            return kept
        kept = self._queues = study_queues.read(snap, self.deck_id, now, start, tomorrow)
        return kept

    def _forget_queues(self) -> None:
        """Read the queues again next time (after an undo, a bury, a suspend)."""
        self._queues = None
        self._shown = None

    @property
    def _all(self) -> Scope:
        scope = self._scope
        if scope is None or scope.deck != self.deck_id:
            scope = self._scope = Scope(deck=self.deck_id)
        return scope

    def _open(self, left: dict[int, int]) -> Scope | None:
        """Where a queue with these allowances may take cards from; None when nowhere."""
        if self.deck_id is not None:
            return self._all if left.get(self.deck_id, 0) > 0 else None
        full = tuple(sorted(deck for deck, n in left.items() if n <= 0))
        return None if len(full) == len(left) else Scope(exclude=full)

    # -- choosing ----------------------------------------------------------------------------

    def _pick(self, snap: ReviewSnapshot, plan: DayPlan, now: datetime) -> int | None:
        """The card after the learning cards due now (which `next_card` reads first)."""
        card_id = None
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

    def next_card(self, now: datetime | None = None) -> StudyCard | None:
        """The card to show now, or None when today's work is done: the card, its note and
        its FSRS weights read in one statement, and the queue counts (from one read snapshot
        when they are read again)."""
        now = self._now(now)
        # While the queues are kept, no count is read: choosing the card and reading it need
        # not read one state of the database (the answer checks the card is as it was read),
        # and the learning card due, the usual case, is a single statement.
        kept = self._queues
        known = kept is not None and kept.fresh(now, self._today(now)[1])
        known = known and kept is not None and study_queues.plan(None, kept, now) is not None
        with self.store.snapshot(one_state=not known) as snap:
            queues = self._read_queues(snap, now)
            plan = study_queues.plan(snap, queues, now)
            assert plan is not None
            # A learning card due now comes first: chosen and read in one statement.
            shown = snap.shown_first_learning(now, now, self._all)
            if shown is None:
                card_id = self._pick(snap, plan, now)
                if card_id is None:
                    self._forget_queues()  # the day looks done: the next count looks again
                    return None
                shown = snap.shown_weighted(card_id)
            return self._study_card(shown)

    def counts(self, now: datetime | None = None) -> QueueCounts:
        """New, learning and review cards still to do today, within the daily limits: as
        this session keeps them (its answers applied), read again once they are a minute
        old or after an undo, a bury or a suspend."""
        now = self._now(now)
        queues = self._queues
        fresh = queues is not None and queues.fresh(now, self._today(now)[1])
        if fresh and queues is not None and study_queues.plan(None, queues, now) is not None:
            return queues.counts
        with self.store.snapshot() as snap:
            queues = self._read_queues(snap, now)
            study_queues.plan(snap, queues, now)
        return queues.counts

    def deck_counts(self, now: datetime | None = None) -> dict[int, QueueCounts]:
        """Every deck's counts, as `counts()` of a session of that deck gives them, in one
        read: today's answers by deck, the limits, and one query of every deck's queues."""
        now = self._now(now)
        start, tomorrow = self._today(now)
        with self.store.snapshot() as snap:
            return study_queues.every_deck(snap, now, start, tomorrow)

    def _study_card(self, shown: Shown) -> StudyCard:
        record, note, title, weights = shown
        self._shown = (record, weights)
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

    def _shown_card(self, card_id: int) -> tuple[CardRecord, tuple[float, ...] | None]:
        """The card as last shown (read again if another card was shown since)."""
        if self._shown is not None and self._shown[0].id == card_id:
            return self._shown
        with self.store.snapshot() as snap:
            record, _note, _title, weights = snap.shown_weighted(card_id)
            return record, weights

    # -- answering ---------------------------------------------------------------------------

    def intervals(self, card: StudyCard, now: datetime | None = None) -> dict[Rating, timedelta]:
        """The interval each rating would give if answered now (without fuzz)."""
        now = self._now(now)
        record, weights = self._shown_card(card.card_id)
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
        now: datetime | None = None,
    ) -> AnswerResult:
        """Record an answer and reschedule the card, committed before this returns: one write
        transaction, which does not read the card again while it is as it was shown."""
        rating = Rating(rating)
        if grade is None and typed is not None and card.typed:
            grade = self.grade(card, typed)
        now = self._now(now)
        _, tomorrow = self._today(now)
        fuzz = self.fuzz
        # The fitted parameters of the card's deck and kind (None: FSRS's defaults).
        shown, weights = self._shown_card(card.card_id)

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

        recorded = self.store.record_answer(
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
            shown=shown,
        )
        self._shown = None
        before, after = recorded.before, recorded.change
        if self._queues is not None and not study_queues.answered(self._queues, recorded, now):
            self._queues = None
        self._actions.append(
            SessionAnswer(
                recorded.log_id, card.card_id, before.deck_id, rating, duration_ms, self._since_new
            )
        )
        if before.state == CardState.NEW:
            self._since_new = 0
        elif before.state == CardState.REVIEW:
            self._since_new += 1
        assert after.due is not None
        message = None
        if after.leech:
            message = (
                f"{card.note.word} is a leech ({after.lapses} lapses): suspended. "
                "Edit it or unsuspend it in Browse."
            )
        return AnswerResult(card.card_id, rating, after.state, after.due, after.leech, message)

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
        self._forget_queues()
        if isinstance(last, SessionAnswer):
            self._since_new = last.since_new
        with self.store.snapshot() as snap:
            return self._study_card(snap.shown_weighted(last.card_id))

    # -- bury and suspend --------------------------------------------------------------------

    def bury(self, card: StudyCard, now: datetime | None = None) -> None:
        """Hide a card until the next day starts (undoable)."""
        _, tomorrow = self._today(self._now(now))
        mark = self.store.bury_card(card.card_id, tomorrow)
        self._forget_queues()
        self._actions.append(SessionMark("bury", mark))

    def suspend(self, card: StudyCard) -> None:
        """Take a card out of review until it is unsuspended (undoable)."""
        mark = self.store.suspend_card(card.card_id)
        self._forget_queues()
        self._actions.append(SessionMark("suspend", mark))

    def set_note_suspended(self, note_id: int, suspended: bool) -> None:
        """Suspend or unsuspend every card of a note (as Browse does: not undone by `undo`)."""
        self.store.set_suspended(suspended, note_id=note_id)
        self._forget_queues()

    # -- the end -----------------------------------------------------------------------------

    def summary(self, now: datetime | None = None) -> SessionSummary:
        """How this session went, and what tomorrow holds."""
        now = self._now(now)
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

    def set_aside(
        self, card: StudyCard, how: Literal["bury", "suspend"], now: datetime | None = None
    ) -> int:
        """Bury or suspend `card`; then, while the next card would be one of the same note's
        and another card is available, bury that sibling until tomorrow too (Anki's rule: a
        word's other cards wait, rather than following straight after). Returns how many
        undoable actions this was: `undo()` that many times takes it all back."""
        now = self._now(now)
        if how == "bury":
            self.bury(card, now)
        else:
            self.suspend(card)
        passed = 0
        following = self.next_card(now)
        while following is not None and following.note.id == card.note.id:
            self.bury(following, now)
            passed += 1
            following = self.next_card(now)
        if following is None and passed:  # only the word's own cards are left: show them
            for _ in range(passed):
                self.undo()
            passed = 0
        return 1 + passed

    # -- after today ---------------------------------------------------------------------------

    def outlook(self, now: datetime | None = None) -> Outlook:
        """When the next card is due, and tomorrow's new and due cards (for the summary)."""
        now = self._now(now)
        _, tomorrow = self._today(now)
        day_after = next_day_start(tomorrow, self.day_hour, self.zone)
        far = now + timedelta(days=36500)
        with self.store.snapshot() as snap:
            limits = snap.deck_limits(self.deck_id)
            cap = max((d.new_per_day for d in limits), default=0)
            new = snap.deck_sizes(tomorrow, day_after, tomorrow, cap, 0)
            new_tomorrow = sum(min(new.get(d.id, (0,))[0], d.new_per_day) for d in limits)
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
        self._forget_queues()
