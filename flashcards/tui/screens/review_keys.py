"""The review screen's keys, their help and the guide the help screen shows, and what each
key does: it becomes an event of the session (`flashcards.review_session`), and the session's
transition table says whether it is live now (so the footer and the palette follow it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding, BindingType
from textual.widgets import Input

from flashcards import review_session as rs
from flashcards.domain import Rating
from flashcards.review_session import State, allowed
from flashcards.tui.widgets.ratings import RatingBar

if TYPE_CHECKING:
    from flashcards.tui.screens.base import BaseScreen, PaletteCommand

    _Screen = BaseScreen[None]
else:
    _Screen = object

RATE = Binding.Group("Rate", compact=True)
UNDO_TIP = "Take back the last answer, bury or suspend"
BURY_TIP = "Hide this card until tomorrow"
SUSPEND_TIP = "Stop reviewing it"
EDIT_TIP = "Edit this word's note"

GUIDE = (
    "A card asks something about a word: its meaning (the word is shown), the word "
    "itself (its definition is shown: type it), or the word missing from a sentence of "
    "the talk (type it). Space or Enter shows the answer; on a typed card Enter checks "
    "what you typed. Then rate how well you knew it, 1 to 4: each button shows when "
    "you will see the card again, and Enter accepts the marked suggestion. "
    "Undo takes back the last answer, bury or suspend; bury hides a card until "
    "tomorrow; suspend takes it out of your reviews (Browse brings it back). While you "
    "type an answer, the letters go into the answer box: use ctrl+z to undo, ctrl+b to "
    "bury, ctrl+s to suspend, ctrl+e to edit and f1 for this help. i shows the card's "
    "history and memory."
)

BINDINGS: list[BindingType] = [
    Binding("space,enter", "reveal", "Answer", id="review.reveal", tooltip="Show the answer"),
    Binding(
        "enter",
        "accept",
        "Accept",
        id="review.accept",
        key_display="⏎",
        tooltip="Accept the marked rating",
    ),
    Binding("1", "rate(1)", "Again", id="review.again", group=RATE),
    Binding("2", "rate(2)", "Hard", id="review.hard", group=RATE),
    Binding("3", "rate(3)", "Good", id="review.good", group=RATE),
    Binding("4", "rate(4)", "Easy", id="review.easy", group=RATE),
    Binding(
        "ctrl+t",
        "hint",
        "Hint",
        id="review.hint",
        priority=True,
        tooltip="First letter, then length, then a synonym",
    ),
    # While the answer box of a typed card has the focus it takes every letter: the
    # ctrl+ keys below do the same as u, b, s, e there (the footer shows whichever works).
    Binding("u", "undo", "Undo", id="review.undo", tooltip=UNDO_TIP),
    Binding("ctrl+z", "undo", "Undo", id="review.undo_typing", priority=True),
    Binding("b", "bury", "Bury", id="review.bury", tooltip=BURY_TIP),
    Binding("ctrl+b", "bury", "Bury", id="review.bury_typing", priority=True),
    Binding("s", "suspend", "Suspend", id="review.suspend", tooltip=SUSPEND_TIP),
    Binding("ctrl+s", "suspend", "Suspend", id="review.suspend_typing", priority=True),
    Binding("e", "edit", "Edit", id="review.edit", tooltip=EDIT_TIP),
    Binding("ctrl+e", "edit", "Edit", id="review.edit_typing", priority=True),
    Binding("q", "quiz", "Quiz", id="review.quiz", tooltip="A quiz on the talk's sentences"),
    # Not in the footer, which is full at 80 columns; the help lists it.
    Binding("i", "info", "Info", id="review.info", show=False, tooltip="Card info"),
]

#: The palette's commands: (action, name, help, keys).
PALETTE = (
    ("undo", "Undo", UNDO_TIP, "u, ctrl+z"),
    ("bury", "Bury", BURY_TIP, "b, ctrl+b"),
    ("suspend", "Suspend", SUSPEND_TIP, "s, ctrl+s"),
    ("edit", "Edit", EDIT_TIP, "e, ctrl+e"),
)


class ReviewKeys(_Screen):
    """The review screen's actions: each key, button or submitted answer one session event."""

    if TYPE_CHECKING:
        state: State

        def dispatch(self, event: rs.Event) -> None: ...

        def _elapsed(self) -> int: ...

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return allowed(self.state, action)

    def palette_commands(self) -> list[PaletteCommand]:
        """Undo, bury, suspend and edit, when they can be done now."""
        commands: list[PaletteCommand] = []
        for action, name, tip, keys in PALETTE:
            if self.check_action(action, ()):
                commands.append((name, f"{tip} ({keys})", getattr(self, f"action_{action}")))
        return commands

    def action_reveal(self) -> None:
        self.dispatch(rs.Reveal())

    def action_accept(self) -> None:
        self.dispatch(rs.Accept(self._elapsed()))

    def action_rate(self, value: int) -> None:
        self.dispatch(rs.Rate(Rating(value), self._elapsed()))

    def on_rating_bar_rated(self, event: RatingBar.Rated) -> None:
        self.action_rate(int(event.rating))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dispatch(rs.SubmitTyped(event.value))

    def action_hint(self) -> None:
        self.dispatch(rs.Hint())

    def action_undo(self) -> None:
        self.dispatch(rs.Undo())

    def action_bury(self) -> None:
        self.dispatch(rs.Bury())

    def action_suspend(self) -> None:
        self.dispatch(rs.Suspend())

    def action_edit(self) -> None:
        self.dispatch(rs.Edit())

    def action_quiz(self) -> None:
        self.dispatch(rs.Quiz())

    def action_info(self) -> None:
        self.dispatch(rs.Info())
