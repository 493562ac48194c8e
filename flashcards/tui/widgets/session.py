"""The review screen's session line (progress and the queue) and its end-of-day summary."""

from __future__ import annotations

from datetime import timedelta, tzinfo
from typing import TYPE_CHECKING

from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

from flashcards.tui import render
from flashcards.tui.render import LABEL, MUTED

if TYPE_CHECKING:
    from textual.widgets import ProgressBar

    from flashcards.study import QueueCounts, SessionSummary
    from flashcards.study_types import Outlook


class SessionLine(Horizontal):
    """A progress bar, then New / Learning / Due / Done. The bar and the counts are made by
    `fill` (the review's first frame does without them: its line stays empty); what `show`
    or `over` said before that is shown then."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._parts: tuple[ProgressBar, Static] | None = None
        self._progress = (1, 0)  # total, done
        self._text = Content("")

    async def fill(self) -> None:
        """Make the bar and the counts, showing the last of what was said."""
        if self._parts is not None:
            return
        from textual.widgets import ProgressBar  # with its clock and ETA, after the first frame

        self._parts = (
            ProgressBar(id="progress", show_eta=False, show_percentage=False),
            Static(id="queue"),
        )
        await self.mount_all(self._parts)
        self._update()

    def show(self, counts: QueueCounts, answered: int) -> None:
        left = counts.new + counts.learning + counts.review
        self._progress = (max(answered + left, 1), answered)
        self._text = Content.assemble(
            ("New ", LABEL),
            (str(counts.new), "bold $success"),
            ("  Learning ", LABEL),
            (str(counts.learning), "bold $warning"),
            ("  Due ", LABEL),
            (str(counts.review), "bold $accent"),
            ("  Done ", LABEL),
            str(answered),
        )
        self._update()

    def over(self, answered: int) -> None:
        self._progress = (max(answered, 1), max(answered, 1))
        self._text = Content.assemble(("Session over", LABEL), f" · {answered} answered")
        self._update()

    def _update(self) -> None:
        if self._parts is None:
            return
        bar, queue = self._parts
        total, done = self._progress
        bar.update(total=total, progress=done)
        queue.update(self._text)


def next_due_text(outlook: Outlook, zone: tzinfo | None = None) -> str:
    """When the next card is due: a time today, "tomorrow", or a date."""
    when = outlook.next_due
    if when is None:
        return "nothing scheduled"
    if when < outlook.tomorrow:
        return "at " + when.astimezone(zone).strftime("%H:%M")
    if when <= outlook.tomorrow + timedelta(days=1):
        return "tomorrow"
    return render.day_text(when, zone)


def summary_body(
    summary: SessionSummary, outlook: Outlook | None = None, zone: tzinfo | None = None
) -> Content:
    """How the session went, and what comes next."""
    accuracy = "—" if summary.accuracy is None else f"{summary.accuracy:.0%}"
    heading = "All done for today!" if summary.answered else "Nothing to review right now."
    return render.lines(
        render.plain(heading, "bold $success"),
        "",
        Content.assemble(("Cards answered  ", LABEL), str(summary.answered)),
        Content.assemble(("Time            ", LABEL), render.duration(summary.seconds)),
        Content.assemble(("Accuracy        ", LABEL), accuracy),
        *(
            [
                Content.assemble(("Next card       ", LABEL), next_due_text(outlook, zone)),
                Content.assemble(
                    ("Tomorrow        ", LABEL),
                    f"{outlook.new_tomorrow} new + {outlook.due_tomorrow} due",
                ),
            ]
            if outlook is not None
            else [Content.assemble(("Due tomorrow    ", LABEL), str(summary.due_tomorrow))]
        ),
        "",
        render.plain("Enter or Escape goes back; q starts a quiz on the talk.", MUTED),
    )
