"""A screen's status line: notices where they hide nothing (not a toast over the buttons).

A notice stays until the next one, until its time is up, or until the learner leaves the
screen; it never follows them to another screen.
"""

from __future__ import annotations

from textual.content import Content
from textual.notifications import SeverityLevel
from textual.timer import Timer
from textual.widgets import Static

from flashcards.tui import render

STYLES: dict[SeverityLevel, str] = {
    "information": "$text",
    "warning": "bold $warning",
    "error": "bold $error",
}
MARKS: dict[SeverityLevel, str] = {"information": "• ", "warning": "! ", "error": "✗ "}


class Notice(Static):
    """One line (two at most) of news: what the last action did, or what went wrong."""

    DEFAULT_CSS = """
    Notice {
        height: auto;
        max-height: 2;
        padding: 0 2;
        margin-top: 1;
    }
    Notice.-empty {
        display: none;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, classes="-empty", markup=False)
        self.message = ""
        self._timer: Timer | None = None

    def say(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
    ) -> None:
        """Show `message` (literal text, never markup) for `timeout` seconds (default 8)."""
        self.message = render.clean(message)
        heading = f"{render.clean(title)}: " if title else ""
        self.update(
            Content.assemble(
                (MARKS[severity] + heading, "bold " + STYLES[severity]),
                (self.message, STYLES[severity]),
            )
        )
        self.remove_class("-empty")
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(timeout or 8, self.clear)

    def clear(self) -> None:
        self.message = ""
        self.update("")
        self.add_class("-empty")
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
