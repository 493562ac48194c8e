"""Review: today's cards one by one — the question, the answer, a rating — then a summary.

The screen moves through phases: loading → front → (grading, for a typed answer) → back →
saving → front of the next card … → done. Each phase decides which keys are live (and so
what the footer shows). Every call to the study service runs in a thread worker.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from datetime import timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Footer, Header, Input, ProgressBar, Static

from flashcards.domain import Rating
from flashcards.errors import FlashcardsError
from flashcards.text.grading import Grade, suggested_rating
from flashcards.tui import render
from flashcards.tui.render import LABEL, MUTED
from flashcards.tui.screens.base import BaseScreen, PaletteCommand
from flashcards.tui.screens.card_info import open_card_info
from flashcards.tui.screens.note_editor import NoteEditor
from flashcards.tui.widgets.answer import AnswerInput
from flashcards.tui.widgets.ratings import RatingBar

if TYPE_CHECKING:
    from flashcards.study import QueueCounts, SessionSummary, Study, StudyCard

RATE = Binding.Group("Rate", compact=True)
UNDO_TIP = "Take back the last answer, bury or suspend"
BURY_TIP = "Hide this card until tomorrow"
SUSPEND_TIP = "Stop reviewing it"
EDIT_TIP = "Edit this word's note"

#: What the toast says an undo took back, by `Study.last_action`.
UNDONE = {"answer": "answer to", "bury": "bury of", "suspend": "suspend of"}


class Phase(StrEnum):
    LOADING = "loading"
    FRONT = "front"
    GRADING = "grading"
    BACK = "back"
    SAVING = "saving"
    DONE = "done"


@dataclass(frozen=True)
class Shown:
    """A card on screen, with the queue and the interval each rating would give."""

    card: StudyCard
    counts: QueueCounts
    intervals: dict[Rating, timedelta]
    front: Content  # drawn in a worker, like the back: syllables and word forms load slowly
    back: Content | None = None  # without a grade; drawn while the learner reads the front


def draw_back(card: StudyCard, grade: Grade | None = None) -> Content:
    """The back of a card (with the grade of a typed answer)."""
    return render.back(card.note, sentence=card.sentence, title=card.title, grade=grade)


@dataclass(frozen=True)
class Finished:
    """Nothing left today."""

    summary: SessionSummary


class ReviewScreen(BaseScreen[None]):
    """Today's review of one deck (or of every deck)."""

    GUIDE = (
        "A card asks something about a word: its meaning (the word is shown), the word "
        "itself (its definition is shown: type it), or the word missing from a sentence of "
        "the talk (type it). Space or Enter shows the answer; on a typed card Enter checks "
        "what you typed. Then rate how well you knew it, 1 to 4: each button shows when "
        "you will see the card again, and Enter accepts the marked suggestion. "
        "Undo takes back the last answer, bury or suspend; bury hides a card until "
        "tomorrow; suspend takes it out of your reviews (Browse brings it back). While you "
        "type an answer, the letters go into the answer box: use ctrl+z to undo, ctrl+b to "
        "bury, ctrl+s to suspend, ctrl+e to edit and f1 for this help."
    )

    BINDINGS: ClassVar[list[BindingType]] = [
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

    phase: reactive[Phase] = reactive(Phase.LOADING, bindings=True)

    def __init__(self, deck_id: int | None = None) -> None:
        super().__init__(id="review")
        self.deck_id = deck_id
        self.study: Study | None = None
        self.shown: Shown | None = None
        self.grade: Grade | None = None
        self.typed: str | None = None
        self.suggested: Rating | None = None
        self.hint_level = 0
        self.answered = 0
        self._shown_at = 0.0
        self._before_busy = Phase.LOADING
        self._reveal_waiting = False

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Horizontal(id="session"):
            yield ProgressBar(id="progress", show_eta=False, show_percentage=False)
            yield Static(id="queue")
        with VerticalScroll(id="card"):
            yield Static(id="card-body")
            yield AnswerInput(id="answer", placeholder="Type the word, then Enter")
            yield Static(id="card-hint")
        yield RatingBar(id="ratings")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.sub_title = "Review"
        self.query_one("#card-body", Static).update(render.plain("Finding today's cards…", MUTED))
        self._sync_widgets()
        self.background(self._start, self._present, name="review-start", group="study")

    # -- talking to the study service (in threads) -------------------------------------------

    def _start(self) -> Shown | Finished:
        self.services.prepare()  # the first run's bundled decks, if still loading
        self.study = self.services.study(self.deck_id)
        return self._next()

    def _next(self) -> Shown | Finished:
        assert self.study is not None
        card = self.study.next_card()
        if card is None:
            return Finished(self.study.summary())
        return self._shown(card)

    def _shown(self, card: StudyCard) -> Shown:
        assert self.study is not None
        front = render.front(card.kind, card.note, card.blanked)
        return Shown(card, self.study.counts(), self.study.intervals(card), front)

    def _busy(self, job: Any, done: Any, name: str) -> None:
        """Run a study call; no other key does anything until it is back."""
        self._before_busy = self.phase
        self.phase = Phase.SAVING
        self.background(job, done, name=name, group="study")

    def failed(self, error: FlashcardsError) -> None:
        """Say what went wrong, and give the learner the card back as it was."""
        super().failed(error)
        if self.phase in (Phase.SAVING, Phase.GRADING):
            self.phase = self._before_busy if self.phase is Phase.SAVING else Phase.FRONT

    # -- showing -----------------------------------------------------------------------------

    def _present(self, result: Shown | Finished) -> None:
        if isinstance(result, Finished):
            self._finish(result.summary)
            return
        self.shown = result
        self.grade = None
        self.typed = None
        self.suggested = None
        self.hint_level = 0
        self._reveal_waiting = False
        if result.back is None and not result.card.typed:
            card = result.card
            self.background(lambda: draw_back(card), self._back_drawn, name="draw")
        self._shown_at = time.monotonic()
        self._show_progress(result.counts)
        self.phase = Phase.FRONT
        self._render_front()
        answer = self.query_one("#answer", Input)
        answer.value = ""
        if result.card.typed:
            answer.focus()

    def _show_progress(self, counts: QueueCounts) -> None:
        left = counts.new + counts.learning + counts.review
        bar = self.query_one("#progress", ProgressBar)
        bar.update(total=max(self.answered + left, 1), progress=self.answered)
        self.query_one("#queue", Static).update(
            Content.assemble(
                ("New ", LABEL),
                (str(counts.new), "bold $success"),
                ("  Learning ", LABEL),
                (str(counts.learning), "bold $warning"),
                ("  Due ", LABEL),
                (str(counts.review), "bold $accent"),
                ("  Done ", LABEL),
                str(self.answered),
            )
        )

    def _render_front(self) -> None:
        assert self.shown is not None
        self.query_one("#card-body", Static).update(self.shown.front)
        self._render_hint()
        self.query_one("#card", VerticalScroll).scroll_home(animate=False)

    def _render_hint(self) -> None:
        hint = self.query_one("#card-hint", Static)
        card = self.shown.card if self.shown else None
        if card is None or not card.typed or self.phase is not Phase.FRONT:
            hint.update("")
            return
        content = render.hints(card.expected, card.note, self.hint_level)
        hint.update(content or render.plain("ctrl+t for a hint", MUTED))

    def _render_back(self, body: Content | None = None) -> None:
        assert self.shown is not None
        self.query_one("#card-body", Static).update(body or self.shown.back or "")
        self.query_one("#card-hint", Static).update("")
        self.query_one("#card", VerticalScroll).scroll_home(animate=False)
        self.query_one(RatingBar).show(self.shown.intervals, self.suggested)

    def _finish(self, summary: SessionSummary) -> None:
        self.shown = None
        self.phase = Phase.DONE
        bar = self.query_one("#progress", ProgressBar)
        bar.update(total=max(self.answered, 1), progress=max(self.answered, 1))
        accuracy = "—" if summary.accuracy is None else f"{summary.accuracy:.0%}"
        heading = "All done for today!" if summary.answered else "Nothing to review right now."
        body = render.lines(
            render.plain(heading, "bold $success"),
            "",
            Content.assemble(("Cards answered  ", LABEL), str(summary.answered)),
            Content.assemble(("Time            ", LABEL), render.duration(summary.seconds)),
            Content.assemble(("Accuracy        ", LABEL), accuracy),
            Content.assemble(("Due tomorrow    ", LABEL), str(summary.due_tomorrow)),
            "",
            render.plain("Enter or Escape goes back; q starts a quiz on the talk.", MUTED),
        )
        self.query_one("#card-body", Static).update(body)
        self.query_one("#card-hint", Static).update("")
        self.query_one("#queue", Static).update(
            Content.assemble(("Session over", LABEL), f" · {summary.answered} answered")
        )

    def watch_phase(self, phase: Phase) -> None:
        self._sync_widgets()

    def _sync_widgets(self) -> None:
        card = self.shown.card if self.shown else None
        answer = self.query_one("#answer", Input)
        typing = card is not None and card.typed and self.phase in (Phase.FRONT, Phase.GRADING)
        answer.display = typing
        answer.disabled = self.phase is not Phase.FRONT
        self.query_one(RatingBar).display = self.phase is Phase.BACK
        if not typing and self.focused is answer:
            self.set_focus(None)

    # -- keys --------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        phase = self.phase
        typed = self.shown is not None and self.shown.card.typed
        if action == "reveal":
            return phase is Phase.FRONT and not typed
        if action == "accept":
            return phase in (Phase.BACK, Phase.DONE)
        if action == "rate":
            return phase is Phase.BACK
        if action == "hint":
            return phase is Phase.FRONT and typed
        if action in ("bury", "suspend", "edit", "info"):
            return phase in (Phase.FRONT, Phase.BACK)
        if action == "undo":
            if phase in (Phase.LOADING, Phase.GRADING, Phase.SAVING):
                return False
            return True if self.study is not None and self.study.can_undo else None
        if action == "quiz":
            return phase is Phase.DONE
        return True

    def palette_commands(self) -> list[PaletteCommand]:
        """Undo, bury, suspend and edit, when they can be done now."""
        commands: list[PaletteCommand] = []
        for action, name, tip, keys in (
            ("undo", "Undo", UNDO_TIP, "u, ctrl+z"),
            ("bury", "Bury", BURY_TIP, "b, ctrl+b"),
            ("suspend", "Suspend", SUSPEND_TIP, "s, ctrl+s"),
            ("edit", "Edit", EDIT_TIP, "e, ctrl+e"),
        ):
            if self.check_action(action, ()):
                commands.append((name, f"{tip} ({keys})", getattr(self, f"action_{action}")))
        return commands

    def _back_drawn(self, back: Content) -> None:
        if self.shown is None or self.shown.back is not None or self.shown.card.typed:
            return
        self.shown = replace(self.shown, back=back)
        if self._reveal_waiting:
            self.action_reveal()

    def action_reveal(self) -> None:
        if self.phase is not Phase.FRONT or self.shown is None or self.shown.card.typed:
            return
        if self.shown.back is None:  # still being drawn: shown as soon as it is
            self._reveal_waiting = True
            return
        self._reveal_waiting = False
        self.suggested = Rating.GOOD
        self.phase = Phase.BACK
        self._render_back()

    def action_accept(self) -> None:
        if self.phase is Phase.BACK and self.suggested is not None:
            self.action_rate(int(self.suggested))
        elif self.phase is Phase.DONE:
            self.action_back()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.phase is not Phase.FRONT or self.shown is None or not self.shown.card.typed:
            return
        card = self.shown.card
        typed = event.value
        self.typed = typed
        self.phase = Phase.GRADING
        study = self.study
        assert study is not None

        def job() -> tuple[Grade, Content]:
            grade = study.grade(card, typed)
            return grade, draw_back(card, grade)

        self.background(job, self._graded, name="grade")

    def _graded(self, result: tuple[Grade, Content]) -> None:
        self.grade, back = result
        self.suggested = Rating(suggested_rating(self.grade.verdict))
        self.phase = Phase.BACK
        self._render_back(back)

    def action_hint(self) -> None:
        if self.phase is Phase.FRONT and self.shown and self.shown.card.typed:
            self.hint_level = min(self.hint_level + 1, 3)
            self._render_hint()

    def action_rate(self, value: int) -> None:
        if self.phase is not Phase.BACK or self.shown is None or self.study is None:
            return
        study, card = self.study, self.shown.card
        rating = Rating(value)
        typed, grade = self.typed, self.grade
        duration_ms = int((time.monotonic() - self._shown_at) * 1000)

        def job() -> tuple[str | None, Shown | Finished]:
            result = study.answer(card, rating, typed=typed, grade=grade, duration_ms=duration_ms)
            return result.message, self._next()

        self._busy(job, self._rated, "answer")

    def on_rating_bar_rated(self, event: RatingBar.Rated) -> None:
        self.action_rate(int(event.rating))

    def _rated(self, result: tuple[str | None, Shown | Finished]) -> None:
        message, following = result
        self.answered += 1
        if message:
            self.notify(message, title="Leech", severity="warning", markup=False, timeout=8)
        self._present(following)

    def action_undo(self) -> None:
        study = self.study
        if study is None or self.phase not in (Phase.FRONT, Phase.BACK, Phase.DONE):
            return
        if not study.can_undo:
            self.notify("Nothing to undo in this session.", markup=False)
            return

        def job() -> tuple[str | None, Shown | None]:
            what = study.last_action
            card = study.undo()
            return what, None if card is None else self._shown(card)

        self._busy(job, self._undone, "undo")

    def _undone(self, result: tuple[str | None, Shown | None]) -> None:
        what, shown = result
        if shown is None:
            self.phase = Phase.FRONT if self.shown else Phase.DONE
            return
        if what == "answer":
            self.answered = max(0, self.answered - 1)
        word = render.clean(shown.card.note.word)
        self.notify(f"Undone: {UNDONE.get(what or '', 'last action on')} {word}", markup=False)
        self._present(shown)

    def action_bury(self) -> None:
        self._set_aside("bury", "Buried until tomorrow")

    def action_suspend(self) -> None:
        self._set_aside("suspend", "Suspended (Browse can bring it back)")

    def _set_aside(self, how: str, message: str) -> None:
        if self.phase not in (Phase.FRONT, Phase.BACK) or self.shown is None:
            return
        study, card = self.study, self.shown.card
        assert study is not None
        word = render.clean(card.note.word)

        def job() -> Shown | Finished:
            getattr(study, how)(card)
            return self._next()

        def done(result: Shown | Finished) -> None:
            self.notify(f"{word}: {message}", markup=False)
            self._present(result)

        self._busy(job, done, how)

    def action_edit(self) -> None:
        if self.phase not in (Phase.FRONT, Phase.BACK) or self.shown is None:
            return
        shown, grade, library = self.shown, self.grade, self.services.library

        def save(fields: dict[str, str]) -> Shown:
            """Run by the editor in a thread: the note saved, the card drawn again."""
            note = library.edit_note(shown.card.note.id, **fields)
            card = replace(shown.card, note=note)
            front = render.front(card.kind, card.note, card.blanked)
            return replace(shown, card=card, front=front, back=draw_back(card, grade))

        self.app.push_screen(NoteEditor(shown.card.note, save), self._edited)

    def _edited(self, shown: Shown | None) -> None:
        if shown is None or self.shown is None or self.shown.card.card_id != shown.card.card_id:
            return
        self.shown = shown
        self.notify(f"Saved {render.clean(shown.card.note.word)}", markup=False)
        if self.phase is Phase.BACK:
            self._render_back()
        elif self.phase is Phase.FRONT:
            self._render_front()

    def action_quiz(self) -> None:
        self.flashcards.open_quiz(self.deck_id)

    def action_info(self) -> None:
        if self.shown is not None:
            open_card_info(self, [self.shown.card.card_id])
