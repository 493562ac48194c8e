"""The four rating buttons of the review screen, each showing the interval it gives."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Button

from flashcards.domain import Rating
from flashcards.tui.render import interval

NAMES = {Rating.AGAIN: "Again", Rating.HARD: "Hard", Rating.GOOD: "Good", Rating.EASY: "Easy"}
SUGGESTED = "▶"


class RatingButton(Button, can_focus=False):
    """A rating button; keys 1-4 do the same, so it never takes the focus."""


class RatingBar(Horizontal):
    """Again / Hard / Good / Easy with their intervals; the suggested one is marked. The
    buttons are made when the bar is first shown (a card's back), not for the first front."""

    class Rated(Message):
        """The learner clicked a rating."""

        def __init__(self, rating: Rating) -> None:
            super().__init__()
            self.rating = rating

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._buttons: dict[Rating, RatingButton] = {}

    def show(self, intervals: Mapping[Rating, timedelta], suggested: Rating | None) -> None:
        """Label each button with its key, name and interval, and mark the suggestion."""
        labels = {}
        for rating in Rating:
            mark = f"{SUGGESTED} " if rating == suggested else ""
            after = intervals.get(rating)
            label = f"{mark}{rating.value} {NAMES[rating]}"
            if after is not None:
                label += f" · {interval(after)}"
            labels[rating] = Content(label)
        if not self._buttons:
            self._buttons = {
                rating: RatingButton(
                    labels[rating],
                    id=f"rate-{rating.value}",
                    classes=f"rating rating-{NAMES[rating].lower()}",
                    compact=True,
                )
                for rating in Rating
            }
            self.mount_all(self._buttons.values())
        for rating, button in self._buttons.items():
            button.label = labels[rating]
            button.set_class(rating == suggested, "-suggested")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id and event.button.id.startswith("rate-"):
            self.post_message(self.Rated(Rating(int(event.button.id.removeprefix("rate-")))))
