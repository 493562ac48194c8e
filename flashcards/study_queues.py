"""What a review session keeps of the queues, and how its own answers change it.

A session reads the queues once (each deck's limits, today's answers, each deck's new notes
and reviews counted a little past the daily limit, the learning cards due) and then keeps
them from what each answer did: the card left its queue, its siblings were buried, it came
back as a learning card. It reads them again after an undo, a bury or a suspend, when a deck's
share of the day is no longer known exactly, and once a minute (learning cards come due as
time passes; another program may have changed the decks). No clock and no SQL: the store's
snapshot does the reading.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flashcards.domain import CardState, Recorded
from flashcards.store.queues import DeckLimits, ReviewSnapshot, Scope
from flashcards.study_types import DayPlan, DeckSize, QueueCounts

LEARN_AHEAD = timedelta(minutes=20)
#: How long a session keeps the queue counts it read, kept up to date by its own answers,
#: before reading them again.
RECOUNT_AFTER = timedelta(minutes=1)
#: Queues are counted this far past a deck's daily limit, so that the siblings an answer
#: buries leave the day's share known without counting again.
COUNT_SLACK = 32

_LEARNING_STATES = (CardState.LEARNING, CardState.RELEARNING)


@dataclass
class SessionQueues:
    """What a session read of the queues, kept up to date by its own answers: the decks'
    limits, today's answers by deck and prior state, each deck's queue sizes, the learning
    cards due within the learn-ahead limit."""

    tomorrow: datetime
    read_at: datetime
    limits: dict[int, DeckLimits]
    done: dict[int, dict[CardState, int]]
    sizes: dict[int, DeckSize]
    learning: int
    #: Today's plan, kept deck by deck: each deck's share of it, and the decks whose share
    #: is to be worked out again (at first every deck; then the deck an answer changed).
    plan: DayPlan = field(default_factory=lambda: DayPlan({}, {}))
    shares: dict[int, tuple[int, int]] = field(default_factory=dict)
    unplanned: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.unplanned = set(self.limits)

    def fresh(self, now: datetime, tomorrow: datetime) -> bool:
        """Whether these may still be used at `now` (same day, read less than a minute ago)."""
        return self.tomorrow == tomorrow and self.read_at <= now < self.read_at + RECOUNT_AFTER

    @property
    def counts(self) -> QueueCounts:
        """The counts of the plan as it stands (see `plan`)."""
        return QueueCounts(new=self.plan.new, learning=self.learning, review=self.plan.review)


def read(
    snap: ReviewSnapshot, deck_id: int | None, now: datetime, start: datetime, tomorrow: datetime
) -> SessionQueues:
    """The queues of one deck (or of every deck) as they are at `now`."""
    limits = snap.deck_limits(deck_id)
    done = snap.answered_between(start, tomorrow, deck_id)
    if deck_id is not None or len(limits) == 1:
        sizes = {d.id: deck_size(snap, d, now, tomorrow) for d in limits}
        learning = snap.count_learning(now + LEARN_AHEAD, now, Scope(deck=deck_id))
    else:  # every deck: one query, each deck counted along its part of the index
        found = snap.deck_sizes(
            now,
            tomorrow,
            now + LEARN_AHEAD,
            max((d.new_per_day for d in limits), default=0) + COUNT_SLACK,
            max((d.reviews_per_day for d in limits), default=0) + COUNT_SLACK,
            learning_by_deck=False,
        )
        sizes = {}
        for d in limits:
            new, review, _ = found.get(d.id, (0, 0, 0))
            cap = (d.new_per_day + COUNT_SLACK, d.reviews_per_day + COUNT_SLACK)
            sizes[d.id] = DeckSize.counted(cap, min(new, cap[0]), min(review, cap[1]))
        learning = snap.learning_due(now + LEARN_AHEAD, now)
    return SessionQueues(tomorrow, now, {d.id: d for d in limits}, done, sizes, learning)


def deck_size(
    snap: ReviewSnapshot, deck: DeckLimits, now: datetime, tomorrow: datetime
) -> DeckSize:
    """One deck's new notes and reviews due today, counted a little past its limits."""
    scope = Scope(deck=deck.id)
    cap = (deck.new_per_day + COUNT_SLACK, deck.reviews_per_day + COUNT_SLACK)
    return DeckSize.counted(
        cap,
        snap.count_new(now, scope, cap[0]),
        snap.count_reviews(tomorrow, now, scope, cap[1]),
    )


def plan(snap: ReviewSnapshot | None, queues: SessionQueues, now: datetime) -> DayPlan | None:
    """Today's allowances and the work within them, worked out again only for the decks that
    changed. A deck whose share is no longer known exactly is counted again (None when that
    needs a snapshot and there is none)."""
    day = queues.plan
    for deck_id in sorted(queues.unplanned):
        deck = queues.limits[deck_id]
        counts = queues.done.get(deck_id, {})
        new_left = max(0, deck.new_per_day - counts.get(CardState.NEW, 0))
        reviews_left = max(0, deck.reviews_per_day - counts.get(CardState.REVIEW, 0))
        size = queues.sizes[deck_id]
        if not size.known(new_left, reviews_left):
            if snap is None:
                return None
            size = queues.sizes[deck_id] = deck_size(snap, deck, now, queues.tomorrow)
        share = (min(new_left, size.new), min(reviews_left, size.review))
        old_new, old_review = queues.shares.get(deck_id, (0, 0))
        day.new += share[0] - old_new
        day.review += share[1] - old_review
        queues.shares[deck_id] = share
        day.new_left[deck_id] = new_left
        day.reviews_left[deck_id] = reviews_left
        queues.unplanned.discard(deck_id)
    return day


def answered(queues: SessionQueues, recorded: Recorded, now: datetime) -> bool:
    """Apply what an answer did to the queues, without counting. False when they cannot
    follow it (another day, a deck they do not hold): read them again."""
    before, change = recorded.before, recorded.change
    tomorrow = queues.tomorrow
    if before.deck_id not in queues.sizes or now >= tomorrow:
        return False
    done = queues.done.setdefault(before.deck_id, {})
    done[before.state] = done.get(before.state, 0) + 1
    new_lost = 1 if before.state == CardState.NEW else 0
    review_lost = 1 if before.state == CardState.REVIEW else 0
    for sibling in recorded.buried:  # the siblings that were waiting today now wait
        if sibling.suspended or (sibling.buried_until and sibling.buried_until > now):
            continue
        if sibling.state == CardState.NEW:
            new_lost = 1  # the note leaves the new count (once)
        elif sibling.due is not None and sibling.due < tomorrow:
            review_lost += 1
    due = change.due
    back = change.state == CardState.REVIEW and not change.leech
    back = back and due is not None and due < tomorrow
    size = queues.sizes[before.deck_id]
    queues.sizes[before.deck_id] = size.changed(-new_lost, int(back) - review_lost)
    queues.unplanned.add(before.deck_id)
    if before.state in _LEARNING_STATES:
        queues.learning = max(0, queues.learning - 1)
    learning = change.state in _LEARNING_STATES and not change.leech
    if learning and due is not None and due <= now + LEARN_AHEAD:
        queues.learning += 1
    return True


def every_deck(
    snap: ReviewSnapshot, now: datetime, start: datetime, tomorrow: datetime
) -> dict[int, QueueCounts]:
    """Every deck's counts, as a session of that deck counts them, in one query of every
    deck's queues (each up to its daily limit) and one of today's answers."""
    limits = snap.deck_limits(None)
    done = snap.answered_between(start, tomorrow, None)
    sizes = snap.deck_sizes(
        now,
        tomorrow,
        now + LEARN_AHEAD,
        max((d.new_per_day for d in limits), default=0),
        max((d.reviews_per_day for d in limits), default=0),
    )
    out = {}
    for d in limits:
        new, review, learning = sizes.get(d.id, (0, 0, 0))
        answers = done.get(d.id, {})
        new_left = max(0, d.new_per_day - answers.get(CardState.NEW, 0))
        reviews_left = max(0, d.reviews_per_day - answers.get(CardState.REVIEW, 0))
        out[d.id] = QueueCounts(
            new=min(new, d.new_per_day, new_left),
            learning=learning,
            review=min(review, d.reviews_per_day, reviews_left),
        )
    return out
