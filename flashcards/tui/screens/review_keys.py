"""The review screen's keys, their help and the guide the help screen shows."""

from __future__ import annotations

from textual.binding import Binding, BindingType

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
