"""A review session as a pure state machine: what is on screen, and what each key does.

`step(state, event)` returns the next `State` and the `Effect`s to run (study calls, notices,
leaving the screen). It does no I/O and imports no user interface: the review screen renders
the state, runs the effects in workers (one study call at a time) and feeds their results
back as events.

`RULES` is the one transition table: for each event the phases in which it is allowed, and
what else it needs (a typed card, something to undo). `step` ignores an event the table does
not allow, and the screen's `check_action` reads the same table through `allowed`, so a key
that does nothing is also a key the footer does not offer. While a study call runs (phase
SAVING, GRADING or LOADING) no other study event is allowed: a double Enter or a second
rating while an answer is being saved does nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Literal, TypeAlias

from flashcards.domain import CardKind, Rating
from flashcards.domain.values import frozen
from flashcards.text.grading import Grade, suggested_rating

if TYPE_CHECKING:
    from flashcards.study_types import QueueCounts, SessionSummary, StudyCard

__all__ = [
    "ACTIONS",
    "RULES",
    "Effect",
    "Event",
    "Phase",
    "Shown",
    "State",
    "allowed",
    "card_label",
    "step",
]


class Phase(StrEnum):
    """Where the session is: loading → front → (grading) → back → saving → front … → done."""

    LOADING = "loading"
    FRONT = "front"
    GRADING = "grading"
    BACK = "back"
    SAVING = "saving"
    DONE = "done"


#: What a notice says an undo took back, by the study service's `last_action`.
UNDONE = {"answer": "answer to", "bury": "bury of", "suspend": "suspend of"}

SET_ASIDE = {
    "bury": "buried until tomorrow",
    "suspend": "suspended (Browse can bring it back)",
}


def card_label(card: StudyCard) -> str:
    """The card as a notice names it: its word and its kind."""
    return f"{card.note.word} ({CardKind(card.kind).value} card)"


@frozen
class Shown:
    """A card on screen, with the queue and the interval each rating would give."""

    card: StudyCard
    counts: QueueCounts
    intervals: dict[Rating, timedelta]


@frozen
class State:
    """Everything the review screen shows and everything that decides what a key does."""

    phase: Phase = Phase.LOADING
    shown: Shown | None = None
    typed: str | None = None  # what the learner typed for this card
    grade: Grade | None = None
    suggested: Rating | None = None
    hint_level: int = 0
    answered: int = 0
    back_ready: bool = False  # the back of an untyped card has been drawn
    reveal_waiting: bool = False  # the learner asked for the back before it was drawn
    can_undo: bool = False
    pending: str | None = None  # the study call running, if any
    resume: Phase | None = None  # the phase to return to if that call fails
    summary: SessionSummary | None = None
    turn: int = 0  # how many times a card (or the summary) was put on screen

    @property
    def typed_card(self) -> bool:
        return self.shown is not None and self.shown.card.typed


# -- events -------------------------------------------------------------------------------


@frozen
class Loaded:
    """The next card (or the day's summary) is ready: the first one, or after a job."""

    next: Shown | SessionSummary


@frozen
class BackDrawn:
    """The back of the card `card_id` is drawn (an untyped card's, while its front shows)."""

    card_id: int


@frozen
class Reveal:
    """The learner asks for the back of an untyped card."""


@frozen
class SubmitTyped:
    """The learner typed an answer and pressed Enter."""

    text: str


@frozen
class Graded:
    """The typed answer is graded."""

    grade: Grade


@frozen
class Hint:
    """The learner asks for one more hint (first letter, length, a synonym)."""


@frozen
class Rate:
    """The learner rates the card on its back."""

    rating: Rating
    duration_ms: int | None = None


@frozen
class Accept:
    """Enter on the back (the suggested rating) or on the summary."""

    duration_ms: int | None = None


@frozen
class Answered:
    """An answer was saved; `message` is the leech warning, if any."""

    message: str | None
    next: Shown | SessionSummary


@frozen
class Undo:
    """The learner asks to take back the last action."""


@frozen
class Undone:
    """The last action was taken back: `what` it was, its card (None: nothing was left), and
    whether more can be undone."""

    what: str | None
    shown: Shown | None
    more: bool


@frozen
class Bury:
    """The learner buries the card (it comes back another day)."""


@frozen
class Suspend:
    """The learner suspends the card."""


@frozen
class SetAside:
    """A card was buried or suspended; `next` is what comes after it."""

    how: Literal["bury", "suspend"]
    card: StudyCard
    next: Shown | SessionSummary


@frozen
class Edit:
    """The learner opens the note's editor."""


@frozen
class Info:
    """The learner asks for the card's details."""


@frozen
class EditSaved:
    """The note was edited; `card` is the card as it now is."""

    card: StudyCard


@frozen
class Failed:
    """The study call running failed (the screen has said why)."""


@frozen
class Quiz:
    """The learner starts a quiz from the summary."""


Event: TypeAlias = (
    Loaded
    | BackDrawn
    | Reveal
    | SubmitTyped
    | Graded
    | Hint
    | Rate
    | Accept
    | Answered
    | Undo
    | Undone
    | Bury
    | Suspend
    | SetAside
    | Edit
    | Info
    | EditSaved
    | Failed
    | Quiz
)

# -- effects ------------------------------------------------------------------------------


@frozen
class DrawBack:
    """Draw the back of an untyped card while the learner reads its front."""

    card: StudyCard


@frozen
class GradeTyped:
    """Grade what was typed for the card (`Graded`)."""

    card: StudyCard
    typed: str


@frozen
class Answer:
    """Record the answer, then load what comes next (`Answered`)."""

    card: StudyCard
    rating: Rating
    typed: str | None
    grade: Grade | None
    duration_ms: int | None


@frozen
class UndoLast:
    """Take back the session's last action (`Undone`)."""


@frozen
class SetCardAside:
    """Bury or suspend the card, then load what comes next (`SetAside`)."""

    how: Literal["bury", "suspend"]
    card: StudyCard


@frozen
class OpenEditor:
    """Open the editor on the shown card's note (`EditSaved` if saved)."""

    shown: Shown
    grade: Grade | None


@frozen
class ShowInfo:
    """Show the card's details."""

    card_id: int


@frozen
class Notify:
    """Tell the learner something, in the screen's notice."""

    message: str
    title: str = ""
    severity: Literal["information", "warning", "error"] = "information"
    timeout: float = 5


@frozen
class StartQuiz:
    """Open a quiz on the deck."""


@frozen
class GoBack:
    """Leave the review."""


Effect: TypeAlias = (
    DrawBack
    | GradeTyped
    | Answer
    | UndoLast
    | SetCardAside
    | OpenEditor
    | ShowInfo
    | Notify
    | StartQuiz
    | GoBack
)

#: The effects that call the study service: one at a time.
STUDY_EFFECTS = (GradeTyped, Answer, UndoLast, SetCardAside)

# -- the table ----------------------------------------------------------------------------

P = Phase
ANY = frozenset(Phase)
ON_CARD = frozenset({P.FRONT, P.BACK})
BUSY = frozenset({P.LOADING, P.GRADING, P.SAVING})

Transition = Callable[[State, Event], tuple[State, list[Effect]]]


@frozen
class Rule:
    """When an event is allowed: in `phases`, and when `needs` (if given) holds. `ready`
    (if given) says whether it has anything to do: an event that is allowed but not ready is
    still stepped (to say why nothing happens), and its key is shown disabled."""

    phases: frozenset[Phase]
    go: Transition
    ready: Callable[[State], bool] | None = None
    needs: Callable[[State], bool] | None = None


def _present(state: State, following: Shown | SessionSummary, answered: int) -> State:
    """The next card's front (or the summary), with this card's traces cleared."""
    base = replace(
        state,
        shown=None,
        typed=None,
        grade=None,
        suggested=None,
        hint_level=0,
        answered=answered,
        back_ready=False,
        reveal_waiting=False,
        pending=None,
        resume=None,
        turn=state.turn + 1,
    )
    if isinstance(following, Shown):
        return replace(base, phase=P.FRONT, shown=following, summary=None)
    return replace(base, phase=P.DONE, summary=following)


def _after_present(state: State) -> list[Effect]:
    if state.shown is not None and not state.shown.card.typed:
        return [DrawBack(state.shown.card)]
    return []


def _busy(state: State, pending: str) -> State:
    return replace(state, phase=P.SAVING, pending=pending, resume=state.phase)


def _loaded(state: State, event: Event) -> tuple[State, list[Effect]]:
    assert isinstance(event, Loaded)
    new = _present(state, event.next, state.answered)
    return new, _after_present(new)


def _back_drawn(state: State, event: Event) -> tuple[State, list[Effect]]:
    assert isinstance(event, BackDrawn)
    if state.shown is None or state.shown.card.card_id != event.card_id or state.typed_card:
        return state, []
    state = replace(state, back_ready=True)
    if state.reveal_waiting and state.phase is P.FRONT:
        return _reveal(state, Reveal())
    return state, []


def _reveal(state: State, event: Event) -> tuple[State, list[Effect]]:
    if not state.back_ready:  # still being drawn: shown as soon as it is
        return replace(state, reveal_waiting=True), []
    return replace(state, phase=P.BACK, suggested=Rating.GOOD, reveal_waiting=False), []


def _submit(state: State, event: Event) -> tuple[State, list[Effect]]:
    assert isinstance(event, SubmitTyped) and state.shown is not None
    new = replace(state, phase=P.GRADING, typed=event.text, pending="grade", resume=P.FRONT)
    return new, [GradeTyped(state.shown.card, event.text)]


def _graded(state: State, event: Event) -> tuple[State, list[Effect]]:
    assert isinstance(event, Graded)
    suggested = Rating(suggested_rating(event.grade.verdict))
    return (
        replace(
            state,
            phase=P.BACK,
            grade=event.grade,
            suggested=suggested,
            pending=None,
            resume=None,
        ),
        [],
    )


def _hint(state: State, event: Event) -> tuple[State, list[Effect]]:
    return replace(state, hint_level=min(state.hint_level + 1, 3)), []


def _rate(state: State, event: Event) -> tuple[State, list[Effect]]:
    assert isinstance(event, Rate) and state.shown is not None
    effect = Answer(state.shown.card, event.rating, state.typed, state.grade, event.duration_ms)
    return _busy(state, "answer"), [effect]


def _accept(state: State, event: Event) -> tuple[State, list[Effect]]:
    assert isinstance(event, Accept)
    if state.phase is P.DONE:
        return state, [GoBack()]
    if state.suggested is None:
        return state, []
    return _rate(state, Rate(state.suggested, event.duration_ms))


def _answered(state: State, event: Event) -> tuple[State, list[Effect]]:
    assert isinstance(event, Answered)
    new = replace(_present(state, event.next, state.answered + 1), can_undo=True)
    effects: list[Effect] = []
    if event.message:
        effects.append(Notify(event.message, title="Leech", severity="warning", timeout=8))
    return new, effects + _after_present(new)


def _undo(state: State, event: Event) -> tuple[State, list[Effect]]:
    if not state.can_undo:
        return state, [Notify("Nothing to undo in this session.")]
    return _busy(state, "undo"), [UndoLast()]


def _undone(state: State, event: Event) -> tuple[State, list[Effect]]:
    assert isinstance(event, Undone)
    if event.shown is None:
        back = state.resume or (P.FRONT if state.shown else P.DONE)
        return replace(state, phase=back, pending=None, resume=None, can_undo=event.more), []
    answered = max(0, state.answered - 1) if event.what == "answer" else state.answered
    new = replace(_present(state, event.shown, answered), can_undo=event.more)
    took = UNDONE.get(event.what or "", "last action on")
    return new, [Notify(f"Undone: {took} {card_label(event.shown.card)}"), *_after_present(new)]


def _set_aside(how: Literal["bury", "suspend"]) -> Transition:
    def go(state: State, event: Event) -> tuple[State, list[Effect]]:
        assert state.shown is not None
        return _busy(state, how), [SetCardAside(how, state.shown.card)]

    return go


def _aside(state: State, event: Event) -> tuple[State, list[Effect]]:
    assert isinstance(event, SetAside)
    new = replace(_present(state, event.next, state.answered), can_undo=True)
    notice = Notify(f"{card_label(event.card)}: {SET_ASIDE[event.how]}")
    return new, [notice, *_after_present(new)]


def _edit(state: State, event: Event) -> tuple[State, list[Effect]]:
    assert state.shown is not None
    return state, [OpenEditor(state.shown, state.grade)]


def _info(state: State, event: Event) -> tuple[State, list[Effect]]:
    assert state.shown is not None
    return state, [ShowInfo(state.shown.card.card_id)]


def _edit_saved(state: State, event: Event) -> tuple[State, list[Effect]]:
    assert isinstance(event, EditSaved)
    if state.shown is None or state.shown.card.card_id != event.card.card_id:
        return state, []
    shown = replace(state.shown, card=event.card)
    return replace(state, shown=shown), [Notify(f"Saved {event.card.note.word}")]


def _failed(state: State, event: Event) -> tuple[State, list[Effect]]:
    back = state.resume or (P.FRONT if state.shown else P.DONE)
    if state.phase is P.GRADING:
        return replace(state, phase=P.FRONT, typed=None, pending=None, resume=None), []
    return replace(state, phase=back, pending=None, resume=None), []


def _quiz(state: State, event: Event) -> tuple[State, list[Effect]]:
    return state, [StartQuiz()]


def _untyped(state: State) -> bool:
    return state.shown is not None and not state.shown.card.typed


def _typed(state: State) -> bool:
    return state.typed_card


def _can_undo(state: State) -> bool:
    return state.can_undo


RULES: dict[type[Event], Rule] = {
    Loaded: Rule(frozenset({P.LOADING}), _loaded),
    BackDrawn: Rule(ANY, _back_drawn),
    Reveal: Rule(frozenset({P.FRONT}), _reveal, needs=_untyped),
    SubmitTyped: Rule(frozenset({P.FRONT}), _submit, needs=_typed),
    Graded: Rule(frozenset({P.GRADING}), _graded),
    Hint: Rule(frozenset({P.FRONT}), _hint, needs=_typed),
    Rate: Rule(frozenset({P.BACK}), _rate),
    Accept: Rule(frozenset({P.BACK, P.DONE}), _accept),
    Answered: Rule(frozenset({P.SAVING}), _answered),
    Undo: Rule(frozenset({P.FRONT, P.BACK, P.DONE}), _undo, ready=_can_undo),
    Undone: Rule(frozenset({P.SAVING}), _undone),
    Bury: Rule(ON_CARD, _set_aside("bury")),
    Suspend: Rule(ON_CARD, _set_aside("suspend")),
    SetAside: Rule(frozenset({P.SAVING}), _aside),
    Edit: Rule(ON_CARD, _edit),
    Info: Rule(ON_CARD, _info),
    EditSaved: Rule(ON_CARD, _edit_saved),
    Failed: Rule(BUSY, _failed),
    Quiz: Rule(frozenset({P.DONE}), _quiz),
}

#: The screen's actions, by name, and the event each one sends.
ACTIONS: dict[str, type[Event]] = {
    "reveal": Reveal,
    "accept": Accept,
    "rate": Rate,
    "hint": Hint,
    "undo": Undo,
    "bury": Bury,
    "suspend": Suspend,
    "edit": Edit,
    "info": Info,
    "quiz": Quiz,
}


def _permitted(state: State, rule: Rule) -> bool:
    return state.phase in rule.phases and (rule.needs is None or rule.needs(state))


def allowed(state: State, action: str) -> bool | None:
    """Whether the screen's `action` does something now: True, False (not in this phase:
    hidden), or None (allowed here but nothing to do: shown disabled). An action the table
    does not know is always allowed."""
    kind = ACTIONS.get(action)
    if kind is None:
        return True
    rule = RULES[kind]
    if not _permitted(state, rule):
        return False
    if rule.ready is not None and not rule.ready(state):
        return None
    return True


def step(state: State, event: Event) -> tuple[State, list[Effect]]:
    """The state after `event`, and the effects to run; an event not allowed now changes
    nothing and asks for nothing."""
    rule = RULES[type(event)]
    if not _permitted(state, rule):
        return state, []
    return rule.go(state, event)
