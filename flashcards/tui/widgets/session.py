"""The review screen's session line (progress and the queue) and its end-of-day summary."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import ProgressBar, Static

from flashcards.tui import render
from flashcards.tui.render import LABEL, MUTED

if TYPE_CHECKING:
    from flashcards.study import QueueCounts, SessionSummary


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


def summary_body(summary: SessionSummary) -> Content:
    """How the session went, and what comes next."""
    accuracy = "—" if summary.accuracy is None else f"{summary.accuracy:.0%}"
    heading = "All done for today!" if summary.answered else "Nothing to review right now."
    return render.lines(
        render.plain(heading, "bold $success"),
        "",
        Content.assemble(("Cards answered  ", LABEL), str(summary.answered)),
        Content.assemble(("Time            ", LABEL), render.duration(summary.seconds)),
        Content.assemble(("Accuracy        ", LABEL), accuracy),
        Content.assemble(("Due tomorrow    ", LABEL), str(summary.due_tomorrow)),
        "",
        render.plain("Enter or Escape goes back; q starts a quiz on the talk.", MUTED),
    )
