"""What the review screen mounts once its first card is on screen, and the notices that wait
for it.

The first frame holds only the card and a one-widget stand-in for the header: styling the
rest cost the first card more than the card itself. The header, the session line's bar and
counts, the answer box, the rating bar, the status line and the footer are mounted in one
batch after that frame (`_complete`), in the places compose would have put them; a notice
said before they are there waits for the status line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.containers import VerticalScroll
from textual.notifications import SeverityLevel
from textual.widgets import Input

from flashcards.review_session import Phase, State
from flashcards.tui.widgets.answer import AnswerInput
from flashcards.tui.widgets.header import HeaderStandIn
from flashcards.tui.widgets.notice import Notice
from flashcards.tui.widgets.ratings import RatingBar
from flashcards.tui.widgets.session import SessionLine

if TYPE_CHECKING:
    from flashcards.tui.screens.base import BaseScreen

    _Screen = BaseScreen[None]
else:
    _Screen = object


class ReviewChrome(_Screen):
    """The review screen's widgets around the card, mounted after its first frame."""

    if TYPE_CHECKING:
        state: State
        #: Whether the widgets the first frame does without are mounted.
        _completed: bool
        #: A notice said before they were (message, title, severity, timeout).
        _pending_notice: tuple[str, str, SeverityLevel, float | None] | None

    async def _complete(self) -> None:
        """Mount what the first frame does without, in the places compose would have put
        them, and show the state in them."""
        if self._completed:
            return
        self._completed = True
        from textual.widgets import Footer, Header

        answer = AnswerInput(id="answer", placeholder="Type the word, then Enter")
        with self.app.batch_update():  # drawn once, all of it
            stand_in = self.query_one(HeaderStandIn)
            await self.mount(Header(show_clock=False), before=stand_in)
            await stand_in.remove()
            await self.query_one(SessionLine).fill()
            await self.query_one("#card", VerticalScroll).mount(answer, after="#card-body")
            await self.mount_all(
                [RatingBar(id="ratings"), Notice(id="notice"), Footer(show_command_palette=False)]
            )
            self._sync_widgets()
        state = self.state
        view = state.resume if state.phase is Phase.SAVING else state.phase
        if state.shown is not None and view is Phase.BACK:
            self.query_one(RatingBar).show(state.shown.intervals, state.suggested)
        elif state.shown is not None and state.shown.card.typed and view is Phase.FRONT:
            answer.focus()
        if self._pending_notice is not None:
            message, title, severity, timeout = self._pending_notice
            self._pending_notice = None
            self.notify(message, title=title, severity=severity, timeout=timeout)
        self.refresh_bindings()  # a footer lists the keys when the bindings next change
        self.flashcards.started()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """In the status line, not as a toast over the rating buttons (always literal text)."""
        if not self._completed:
            self._pending_notice = (message, title, severity, timeout)
            return
        self.query_one(Notice).say(message, title=title, severity=severity, timeout=timeout)

    def on_screen_suspend(self) -> None:
        self._pending_notice = None  # news of this screen does not follow the learner
        if self._completed:
            self.query_one(Notice).clear()

    def _sync_widgets(self) -> None:
        if not self._completed:
            return
        phase, typed = self.state.phase, self.state.typed_card
        answer = self.query_one("#answer", Input)
        typing = typed and phase in (Phase.FRONT, Phase.GRADING)
        answer.display = typing
        answer.disabled = phase is not Phase.FRONT
        self.query_one(RatingBar).display = phase is Phase.BACK
        if not typing and self.focused is answer:
            self.set_focus(None)
