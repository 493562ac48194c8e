"""Review: today's cards one by one — the question, the answer, a rating — then a summary.

The screen renders a `flashcards.review_session.State` and runs the effects its transitions
ask for: every study call in one exclusive worker group, so there is one at a time. Its keys
(`review_keys`) are session events, live as the session's transition table says; the widgets
around the card are mounted after the first frame (`review_chrome`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.notifications import SeverityLevel
from textual.reactive import reactive
from textual.widgets import Input, Static

from flashcards import review_session as rs
from flashcards.errors import FlashcardsError
from flashcards.review_session import Phase, Shown, State, step
from flashcards.text.grading import Grade
from flashcards.tui import render
from flashcards.tui.render import MUTED
from flashcards.tui.screens.base import BaseScreen
from flashcards.tui.screens.review_chrome import ReviewChrome
from flashcards.tui.screens.review_jobs import Drawn, Following, ReviewJobs, draw_back
from flashcards.tui.screens.review_keys import BINDINGS, GUIDE, ReviewKeys
from flashcards.tui.widgets.header import HeaderStandIn
from flashcards.tui.widgets.ratings import RatingBar
from flashcards.tui.widgets.session import SessionLine

if TYPE_CHECKING:
    from flashcards.study import SessionSummary, StudyCard

__all__ = ["Phase", "ReviewScreen", "Shown", "draw_back"]

T = TypeVar("T")

#: Seconds after which the footer (and the rest) is mounted while the first card is still
#: being looked for.
FOOTER_LATEST = 0.5


class ReviewScreen(ReviewKeys, ReviewChrome, BaseScreen[None]):
    """Today's review of one deck (or of every deck)."""

    GUIDE = GUIDE
    BINDINGS: ClassVar[list[BindingType]] = BINDINGS

    #: The session's phase, mirrored so that the footer follows it.
    phase: reactive[Phase] = reactive(Phase.LOADING, bindings=True)

    def __init__(self, deck_id: int | None = None) -> None:
        super().__init__(id="review")
        self.deck_id = deck_id
        self.jobs: ReviewJobs | None = None  # made on mount, with the app's services
        self.state = State()
        self._front: Content = Content("")
        self._back: Content | None = None  # of the card on screen, once drawn
        self._shown_at = 0.0
        #: Whether the widgets the first frame does without (answer box, rating bar, status
        #: line, footer) are mounted; a notice said before that waits here.
        self._completed = False
        self._pending_notice: tuple[str, str, SeverityLevel, float | None] | None = None

    @property
    def shown(self) -> Shown | None:
        return self.state.shown

    @property
    def answered(self) -> int:
        return self.state.answered

    def compose(self) -> ComposeResult:
        yield HeaderStandIn()
        yield SessionLine(id="session")
        with VerticalScroll(id="card"):
            yield Static(id="card-body")
            yield Static(id="card-hint")
        # The header (drawn by its stand-in), the session line's bar and counts, the answer
        # box, the rating bar, the status line and the footer come once the first card is on
        # screen (`_complete`; FOOTER_LATEST at the latest): styling them cost the first
        # card more than the card itself.

    def on_mount(self) -> None:
        self.sub_title = "Review"
        self.query_one("#card-body", Static).update(render.plain("Finding today's cards…", MUTED))
        self._sync_widgets()
        self.set_timer(FOOTER_LATEST, self._complete)
        self.jobs = ReviewJobs(self.services, self.deck_id)
        if not self.services.first_card_found(self.deck_id):
            self._study_job(self.jobs.start, self._then(rs.Loaded), "review-start")
            return
        # Found while the app loaded: shown in the first frame, with no "Finding…" before.
        try:
            first = self.jobs.start()
        except FlashcardsError as error:
            self.failed(error)
        else:
            self._then(rs.Loaded)(first)

    # -- the session -------------------------------------------------------------------------

    def dispatch(self, event: rs.Event) -> None:
        """Step the session, show the new state, run what it asks for."""
        before = self.state
        self.state, effects = step(before, event)
        if self.state is not before:
            self.phase = self.state.phase
            self._show_state(before)
            self.refresh_bindings()
        for effect in effects:
            self._run(effect)

    def _elapsed(self) -> int:
        return int((time.monotonic() - self._shown_at) * 1000)

    def _study_job(self, job: Callable[[], T], done: Callable[[T], None], name: str) -> None:
        """One study call at a time (the session allows no second one meanwhile)."""
        self.background(job, done, name=name, group="study", exclusive=True)

    def _then(self, event: Callable[[Shown | SessionSummary], rs.Event]) -> Callable[[Any], None]:
        """What to do with a job's next card (keep its drawn front) or summary."""

        def done(result: Following) -> None:
            if isinstance(result, tuple):
                shown, self._front = result
                self._back = None
                self.dispatch(event(shown))
            else:
                self.dispatch(event(result))

        return done

    def _run(self, effect: rs.Effect) -> None:
        jobs = self.jobs
        assert jobs is not None
        if isinstance(effect, rs.DrawBack):
            card, turn = effect.card, self.state.turn
            self.background(
                lambda: draw_back(card), lambda back: self._back_drawn(turn, back), name="draw"
            )
        elif isinstance(effect, rs.GradeTyped):
            card, typed = effect.card, effect.typed
            self._study_job(lambda: jobs.grade(card, typed), self._graded, "grade")
        elif isinstance(effect, rs.Answer):
            answer = effect
            self._study_job(lambda: jobs.answer(answer), self._answered, "answer")
        elif isinstance(effect, rs.UndoLast):
            self._study_job(jobs.undo, self._undone, "undo")
        elif isinstance(effect, rs.SetCardAside):
            aside = effect
            then = self._then(lambda n: rs.SetAside(aside.how, aside.card, n))
            self._study_job(lambda: jobs.set_aside(aside), then, aside.how)
        elif isinstance(effect, rs.OpenEditor):
            self._open_editor(effect.shown, effect.grade)
        elif isinstance(effect, rs.ShowInfo):
            from flashcards.tui.screens.card_info import open_card_info  # not for the first card

            open_card_info(self, [effect.card_id])
        elif isinstance(effect, rs.Notify):
            self.notify(
                effect.message, title=effect.title, severity=effect.severity, timeout=effect.timeout
            )
        elif isinstance(effect, rs.StartQuiz):
            self.flashcards.open_quiz(self.deck_id)
        elif isinstance(effect, rs.GoBack):
            self.action_back()

    def _back_drawn(self, turn: int, back: Content) -> None:
        if turn == self.state.turn and self.state.shown is not None:
            self._back = back
            self.dispatch(rs.BackDrawn(self.state.shown.card.card_id))

    def _graded(self, result: tuple[Grade, Content]) -> None:
        grade, self._back = result
        self.dispatch(rs.Graded(grade))

    def _answered(self, result: tuple[str | None, Following]) -> None:
        message, following = result
        self._then(lambda n: rs.Answered(message, n))(following)

    def _undone(self, result: tuple[str | None, Drawn | None, bool]) -> None:
        what, drawn, more = result
        if drawn is None:
            self.dispatch(rs.Undone(what, None, more))
        else:
            self._then(lambda n: rs.Undone(what, n if isinstance(n, Shown) else None, more))(drawn)

    def failed(self, error: FlashcardsError) -> None:
        """Say what went wrong, and give the learner the card back as it was."""
        super().failed(error)
        self.dispatch(rs.Failed())

    def _open_editor(self, shown: Shown, grade: Grade | None) -> None:
        from flashcards.tui.screens.note_editor import NoteEditor  # not for the first card

        jobs = self.jobs
        assert jobs is not None

        def edited(saved: tuple[StudyCard, Content, Content] | None) -> None:
            current = self.state.shown
            if saved is None or current is None or current.card.card_id != saved[0].card_id:
                return
            card, self._front, self._back = saved
            self.dispatch(rs.EditSaved(card))

        save = partial(jobs.save_edit, shown.card, grade)
        self.app.push_screen(NoteEditor(shown.card.note, save), edited)

    # -- showing -----------------------------------------------------------------------------

    def _show_state(self, before: State) -> None:
        state = self.state
        turned = state.turn != before.turn
        if turned and state.turn == 1:  # the first card (or the summary): then the rest
            self.flashcards.after_first_frame(self._complete)
        self._sync_widgets()
        if state.phase is Phase.DONE and state.summary is not None and self.jobs:
            self.query_one(SessionLine).over(state.answered)
            self.query_one("#card-body", Static).update(self.jobs.finished(state.summary))
            self.query_one("#card-hint", Static).update("")
            return
        if state.shown is None:
            return
        if turned:
            self._shown_at = time.monotonic()
            self.query_one(SessionLine).show(state.shown.counts, state.answered)
            if self._completed:
                answer = self.query_one("#answer", Input)
                answer.value = ""
                if state.shown.card.typed:
                    answer.focus()
        view = state.resume if state.phase is Phase.SAVING else state.phase
        body = self._back if view is Phase.BACK else self._front
        self.query_one("#card-body", Static).update(body or "")
        hint = None
        if state.shown.card.typed and state.phase is Phase.FRONT:
            card = state.shown.card
            hint = render.hints(card.expected, card.note, state.hint_level)
            hint = hint or render.plain("ctrl+t for a hint", MUTED)
        self.query_one("#card-hint", Static).update(hint or "")
        if view is Phase.BACK and self._completed:
            self.query_one(RatingBar).show(state.shown.intervals, state.suggested)
        if turned or view is not before.phase:
            self.query_one("#card", VerticalScroll).scroll_home(animate=False)
