"""The review screen's session line (progress and the queue) and its end-of-day summary."""

from __future__ import annotations

from datetime import timedelta, tzinfo
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import ProgressBar, Static

from flashcards.tui import render
from flashcards.tui.render import LABEL, MUTED

if TYPE_CHECKING:
    from flashcards.study import QueueCounts, SessionSummary
    from flashcards.study_types import Outlook


class SessionLine(Horizontal):
    """A progress bar, then New / Learning / Due / Done."""

    def compose(self) -> ComposeResult:
        yield ProgressBar(id="progress", show_eta=False, show_percentage=False)
        yield Static(id="queue")

    def show(self, counts: QueueCounts, answered: int) -> None:
        left = counts.new + counts.learning + counts.review
        bar = self.query_one("#progress", ProgressBar)
        bar.update(total=max(answered + left, 1), progress=answered)
        self.query_one("#queue", Static).update(
            Content.assemble(
                ("New ", LABEL),
                (str(counts.new), "bold $success"),
                ("  Learning ", LABEL),
                (str(counts.learning), "bold $warning"),
                ("  Due ", LABEL),
                (str(counts.review), "bold $accent"),
                ("  Done ", LABEL),
                str(answered),
            )
        )

    def over(self, answered: int) -> None:
        self.query_one("#progress", ProgressBar).update(
            total=max(answered, 1), progress=max(answered, 1)
        )
        self.query_one("#queue", Static).update(
            Content.assemble(("Session over", LABEL), f" · {answered} answered")
        )


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
