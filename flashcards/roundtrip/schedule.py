"""Our schedules in Anki's terms and back: pure conversions, no I/O, time passed in.

Anki keeps a card's due in its `cards` table as a day number for review cards (days after the
collection's creation time `crt`) and as epoch seconds for cards in (re)learning; intervals in
`revlog` are days when positive and seconds when negative. Its FSRS memory state is the
card's `data` JSON (`{"s": stability, "d": difficulty}`).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta

from flashcards.domain import CardState, Rating
from flashcards.export.anki import AnkiCard, RevlogRow
from flashcards.scheduling import LEARNING_STEPS, RELEARNING_STEPS
from flashcards.store.anki_sync import LoggedAnswer, SyncCard

__all__ = [
    "ANKI_TYPE",
    "DAY",
    "PendingRevlogIds",
    "RevlogIds",
    "anki_card",
    "anki_due",
    "is_answer",
    "revlog_interval",
]

DAY = timedelta(days=1)
#: Anki's card types (cards.type) of our states.
ANKI_TYPE = {
    CardState.NEW: 0,
    CardState.LEARNING: 1,
    CardState.REVIEW: 2,
    CardState.RELEARNING: 3,
}
#: Anki's revlog types of the state a card was in when answered.
_REVLOG_TYPE = {
    CardState.NEW: 0,
    CardState.LEARNING: 0,
    CardState.REVIEW: 1,
    CardState.RELEARNING: 2,
}
_QUEUE_SUSPENDED = -1
_QUEUE_BURIED = -3  # buried by hand (-2 is by Anki's sibling burying)
_DEFAULT_FACTOR = 2500
_MAX_ANSWER_MS = 60_000  # Anki's default cap on the time an answer is recorded to take


def _seconds(moment: datetime) -> int:
    return int(moment.timestamp())


def _ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


class RevlogIds:
    """Unique revlog ids in one package: an answer's time in milliseconds, one later when
    another answer already has it (Anki's own rule). Anki's answers keep their ids: give
    them as `taken`, and only answers given here `take` one."""

    def __init__(self, taken: Iterable[int] = ()) -> None:
        self._taken = set(taken)

    def take(self, wanted: int) -> int:
        while wanted in self._taken:
            wanted += 1
        self._taken.add(wanted)
        return wanted


class PendingRevlogIds(RevlogIds):
    """Each answer's own time as its wanted id, nothing remembered: the package writer makes
    the ids unique as it writes them (:func:`flashcards.export.anki.write_package`), so an
    export of ten million answers never holds a set of them all."""

    def __init__(self) -> None:
        super().__init__()

    def take(self, wanted: int) -> int:
        return wanted


def revlog_interval(reviewed_at: datetime, due: datetime | None) -> int:
    """The interval an answer gave, as revlog writes it: days when a day or more, else
    negative seconds."""
    if due is None:
        return 0
    gap = due - reviewed_at
    if gap >= DAY:
        return max(1, round(gap / DAY))
    return -max(1, int(gap.total_seconds()))


def _revlog(log: Sequence[LoggedAnswer], ids: RevlogIds) -> tuple[RevlogRow, ...]:
    rows = []
    last_ivl = 0
    types, learning, take = _REVLOG_TYPE, CardState.LEARNING, ids.take
    for answer in log:  # every answer of a collection: no call here that can be saved
        ivl = revlog_interval(answer.reviewed_at, answer.due)
        kind = types[answer.prior_state or learning]
        # An answer from Anki keeps its revlog id (unique already, and reserved in `ids`).
        anki_id = answer.anki_id
        revlog_id = anki_id if anki_id is not None else take(_ms(answer.reviewed_at))
        rows.append(
            RevlogRow(
                revlog_id,
                int(answer.rating),
                ivl,
                last_ivl,
                _DEFAULT_FACTOR if kind else 0,
                min(answer.duration_ms or 0, _MAX_ANSWER_MS),
                kind,
                anki_id is not None,
            )
        )
        last_ivl = ivl
    return tuple(rows)


def _steps_left(card: SyncCard) -> int:
    steps = RELEARNING_STEPS if card.state == CardState.RELEARNING else LEARNING_STEPS
    return max(1, len(steps) - (card.step or 0))


def anki_card(
    card: SyncCard,
    ord_: int,
    *,
    crt: datetime,
    now: datetime,
    desired_retention: float,
    ids: RevlogIds,
) -> AnkiCard | None:
    """The Anki card of one of ours (template `ord_`), with its review log; None for a new
    card that is neither suspended nor buried (genanki writes it as it should be)."""
    buried = card.buried_until is not None and card.buried_until > now
    queue_override = _QUEUE_SUSPENDED if card.suspended else _QUEUE_BURIED if buried else None
    revlog = _revlog(card.log, ids)
    if card.state == CardState.NEW:
        if queue_override is None and not revlog:
            return None
        return AnkiCard(ord=ord_, type=0, queue=queue_override or 0, due=None, revlog=revlog)
    due = card.due or now
    data: dict[str, float | int] = {}
    if card.stability is not None and card.difficulty is not None:
        data = {
            "s": round(card.stability, 4),
            "d": round(card.difficulty, 3),
            "dr": round(desired_retention, 2),
        }
        if card.last_review is not None:
            data["lrt"] = _seconds(card.last_review)
    if card.state == CardState.REVIEW:
        days = math.floor((due - crt) / DAY)  # the day it falls in, day 0 starting at crt
        last = card.last_review or due
        ivl = max(1, round((due - last) / DAY))
        return AnkiCard(
            ord=ord_,
            type=2,
            queue=2 if queue_override is None else queue_override,
            due=days,
            ivl=ivl,
            factor=_DEFAULT_FACTOR,
            reps=card.reps,
            lapses=card.lapses,
            data=json.dumps(data) if data else "",
            revlog=revlog,
        )
    return AnkiCard(
        ord=ord_,
        type=ANKI_TYPE[card.state],
        queue=1 if queue_override is None else queue_override,
        due=_seconds(due),
        ivl=0,
        factor=_DEFAULT_FACTOR if card.state == CardState.RELEARNING else 0,
        reps=card.reps,
        lapses=card.lapses,
        left=_steps_left(card),
        data=json.dumps(data) if data else "",
        revlog=revlog,
    )


def anki_due(type_: int, queue: int, due: int, odue: int, odid: int, crt: int) -> datetime | None:
    """When an Anki card is due (None for a new card): day numbers count from `crt`; a
    learning card's due is in seconds; a card in a filtered deck keeps its own in `odue`."""
    if type_ == 0:
        return None
    value = odue if odid and odue else due
    if queue == 1 or (type_ in (1, 3) and value > 1_000_000_000):
        return datetime.fromtimestamp(value, UTC)
    return datetime.fromtimestamp(crt, UTC) + value * DAY


def is_answer(ease: int, type_: int) -> bool:
    """Whether a revlog row is an answer (not a manual reschedule, a filtered deck's
    reschedule or a cram without scheduling)."""
    return type_ in (0, 1, 2, 3) and ease in (1, 2, 3, 4)


def rating_of(ease: int) -> Rating:
    return Rating(ease)
