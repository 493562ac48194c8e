"""The study service's plain data, and the pure rules behind it.

The frozen results `flashcards.study.Study` hands out (the card to show, the queue counts,
what an answer did, how a session went), the records it keeps while a session runs (its
answers, buries and suspends, today's plan, each deck's queue sizes), the leech rule, and the
choice of a context card's sentence. No store, no clock: everything here is a function of its
arguments.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal, TypeAlias

from flashcards.domain import CardKind, CardMark, CardState, Note, Rating
from flashcards.domain.values import frozen
from flashcards.text.cloze import MASK, blank, used_form

LEECH_THRESHOLD = 8
#: The cards answered by typing the word.
TYPED_KINDS = frozenset({CardKind.RECALL, CardKind.CONTEXT})


@frozen
class StudyCard:
    """A card to show, with everything the screen needs."""

    card_id: int
    kind: CardKind
    state: CardState
    note: Note
    deck: str
    title: str | None
    sentence: str | None
    blanked: str | None
    expected: str
    typed: bool


@frozen
class QueueCounts:
    """Cards still to do today, within the daily limits (learning: due within the learn-ahead
    limit, so that `next_card()` is None exactly when all three are 0).

    `new` counts at most one new card a note (the notes with a new card that can be shown),
    since answering a card of a note buries its other new cards until the next day: it goes
    down by one with each new card answered.
    """

    new: int
    learning: int
    review: int


@frozen
class AnswerResult:
    """What an answer did to its card."""

    card_id: int
    rating: Rating
    state: CardState
    due: datetime
    leech: bool
    message: str | None


@frozen
class SessionSummary:
    """This session's answers (undone ones left out). `seconds` adds up the answers' durations;
    `due_tomorrow` counts learning and review cards due before the end of tomorrow."""

    answered: int
    correct: int
    seconds: float
    accuracy: float | None
    due_tomorrow: int


# -- what a session keeps ------------------------------------------------------------------


@frozen
class SessionAnswer:
    """An answer given in this session, kept for undo and the summary."""

    log_id: int
    card_id: int
    deck_id: int
    rating: Rating
    duration_ms: int | None
    since_new: int  # the interleaving counter before the answer

    @property
    def action(self) -> Literal["answer"]:
        return "answer"


@frozen
class SessionMark:
    """A card buried or suspended in this session, kept for undo."""

    action: Literal["bury", "suspend"]
    mark: CardMark  # what the store needs to take it back

    @property
    def card_id(self) -> int:
        return self.mark.card_id

    @property
    def deck_id(self) -> int:
        return self.mark.deck_id


#: What a session can undo, most recent last.
SessionAction: TypeAlias = SessionAnswer | SessionMark


@dataclass
class DayPlan:
    """Per deck, how many new cards and reviews are still allowed today; and in all, how many
    there are to do within those allowances."""

    new_left: dict[int, int]
    reviews_left: dict[int, int]
    new: int = 0
    review: int = 0


@frozen
class DeckSize:
    """A deck's new cards (one a note) and reviews due today, each counted up to a cap (a
    little past the daily limit): exact below the cap; at the cap (or after cards left a
    queue counted so), a lower bound, which is all the day's plan needs while what the day
    still allows is not larger."""

    caps: tuple[int, int]
    new: int
    review: int
    new_exact: bool = True
    review_exact: bool = True

    @classmethod
    def counted(cls, caps: tuple[int, int], new: int, review: int) -> DeckSize:
        """Counts read with LIMIT `caps`."""
        return cls(caps, new, review, new < caps[0], review < caps[1])

    def known(self, new_left: int, reviews_left: int) -> bool:
        """Whether the plan's share of this deck, min(left, size), is known exactly."""
        return (self.new_exact or new_left <= self.new) and (
            self.review_exact or reviews_left <= self.review
        )

    def changed(self, new: int, review: int) -> DeckSize:
        """`new` notes and `review` reviews more (negative: fewer) in the queues."""
        new_size, review_size = max(0, self.new + new), max(0, self.review + review)
        new_exact, review_exact = self.new_exact, self.review_exact
        if new_size > self.caps[0]:
            new_size, new_exact = self.caps[0], False
        if review_size > self.caps[1]:
            review_size, review_exact = self.caps[1], False
        return DeckSize(self.caps, new_size, review_size, new_exact, review_exact)


# -- rules ---------------------------------------------------------------------------------


def is_leech(lapses: int) -> bool:
    """Anki's rule: a leech at the 8th lapse, and again every 4 lapses after."""
    if lapses < LEECH_THRESHOLD:
        return False
    return (lapses - LEECH_THRESHOLD) % (LEECH_THRESHOLD // 2) == 0


def context_sentence(note: Note, turn: int) -> tuple[str, str | None, str]:
    """The sentence to show this time (rotating from one review to the next), blanked, and the
    form of the word it uses. A sentence that cannot be blanked is passed over."""
    count = len(note.contexts)
    for offset in range(count):
        sentence = note.contexts[(turn + offset) % count]
        blanked = blank(sentence, note.word, note.pos, MASK)
        if blanked is not None:
            form = used_form(sentence, note.word, note.pos) or note.word
            return sentence, blanked, form
    return note.contexts[turn % count], None, note.word


@frozen
class Outlook:
    """What comes after today's work: when the next card is due (None: nothing scheduled),
    and what tomorrow offers — its new cards within each deck's daily limit, and the learning
    and review cards due by its end."""

    next_due: datetime | None
    tomorrow: datetime  # when tomorrow starts
    new_tomorrow: int
    due_tomorrow: int
