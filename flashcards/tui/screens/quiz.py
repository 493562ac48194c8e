"""The example-sentence quiz: a sentence of the talk with the word blanked; choose or type.

Each answer is stored as it is given; the quiz never touches the review schedule. At the end,
the score and the words that were missed, with their definitions.
"""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Button, Footer, Header, Input, ProgressBar, Static

from flashcards.errors import FlashcardsError
from flashcards.quiz import DEFAULT_COUNT, Question, Quiz, QuizAnswer, QuizScore
from flashcards.text.grading import Verdict
from flashcards.tui import render
from flashcards.tui.render import LABEL, MUTED
from flashcards.tui.screens.base import BaseScreen

PICK = Binding.Group("Pick", compact=True)


NOTHING_TYPED = "Nothing typed yet: type the word, then Enter (ctrl+t to choose it instead)."


class Phase(StrEnum):
    LOADING = "loading"
    ASKING = "asking"
    CHECKING = "checking"
    FEEDBACK = "feedback"
    DONE = "done"


class OptionButton(Button, can_focus=False):
    """A multiple-choice option; keys 1-4 pick too, so it never takes the focus."""


class QuizScreen(BaseScreen[None]):
    """N questions from the deck's talk sentences, typed or multiple choice."""

    CSS_PATH = "../quiz.tcss"  # loaded when the screen is first opened

    GUIDE = (
        "Each question is a sentence from the talk with one word left out. Pick the word "
        "with keys 1 to 4, or switch to typing it with ctrl+t. You see at once whether you "
        "were right, with the whole sentence and the word's definition; Enter moves on. "
        "Answers are saved, but a quiz never changes when your cards are due."
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "pick(0)", "1", id="quiz.pick1", group=PICK),
        Binding("2", "pick(1)", "2", id="quiz.pick2", group=PICK),
        Binding("3", "pick(2)", "3", id="quiz.pick3", group=PICK),
        Binding("4", "pick(3)", "4", id="quiz.pick4", group=PICK),
        Binding(
            "ctrl+t",
            "toggle_mode",
            "Type/choose",
            id="quiz.mode",
            priority=True,
            tooltip="Switch between typing the word and choosing it",
        ),
        Binding("enter,space", "next", "Next", id="quiz.next", key_display="⏎"),
        Binding("r", "again", "New quiz", id="quiz.again"),
    ]

    phase: reactive[Phase] = reactive(Phase.LOADING, bindings=True)
    typed: reactive[bool] = reactive(False, bindings=True)

    def __init__(
        self, deck_id: int | None = None, count: int = DEFAULT_COUNT, typed: bool = False
    ) -> None:
        super().__init__(id="quiz")
        self.deck_id = deck_id
        self.count = count
        self.quiz: Quiz | None = None
        self.set_reactive(QuizScreen.typed, typed)

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Horizontal(id="quiz-progress-row"):
            yield ProgressBar(id="quiz-progress", show_eta=False, show_percentage=False)
            yield Static(id="quiz-count")
        with VerticalScroll(id="quiz-body"):
            yield Static(id="quiz-question")
            with Vertical(id="options"):
                for i in range(4):
                    yield OptionButton("", id=f"option-{i}", classes="option", compact=True)
            yield Input(id="quiz-answer", placeholder="Type the missing word, then Enter")
            yield Static(id="quiz-feedback")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Quiz"
        self.query_one("#quiz-question", Static).update(render.plain("Choosing sentences…", MUTED))
        self._sync_widgets()
        self._load()

    def _load(self) -> None:
        self.phase = Phase.LOADING
        deck_id, count, services = self.deck_id, self.count, self.services

        def job() -> Quiz:
            services.prepare()  # the first run's bundled decks, if still loading
            quiz = services.quiz(deck_id, count)
            for question in quiz.questions:  # load pyphen and the word forms here, not in the UI
                render.headline(question.note)
                render.highlighted(question.sentence, question.note.word, question.note.pos)
            return quiz

        self.background(job, self._loaded, name="quiz")

    def _loaded(self, quiz: Quiz) -> None:
        self.quiz = quiz
        if not quiz.questions:
            self.phase = Phase.DONE
            self.query_one("#quiz-question", Static).update(
                render.plain(
                    "This deck has no talk sentences to quiz on. Import a document with its "
                    "talk, or pick another deck.",
                    MUTED,
                )
            )
            self.query_one("#quiz-feedback", Static).update("")
            return
        self._ask()

    # -- asking ------------------------------------------------------------------------------

    @property
    def question(self) -> Question | None:
        return None if self.quiz is None else self.quiz.current

    def _ask(self) -> None:
        question = self.question
        assert self.quiz is not None
        if question is None:
            self._finish(self.quiz.score())
            return
        total = len(self.quiz.questions)
        self.query_one("#quiz-progress", ProgressBar).update(
            total=total, progress=question.number - 1
        )
        self.query_one("#quiz-count", Static).update(
            Content.assemble(("Question ", LABEL), f"{question.number} of {total}")
        )
        self.query_one("#quiz-question", Static).update(
            render.lines(
                render.plain("Which word fills the blank?", MUTED),
                "",
                render.blanked(question.blanked),
            )
        )
        self.query_one("#quiz-feedback", Static).update("")
        for i in range(4):
            button = self.query_one(f"#option-{i}", OptionButton)
            if i < len(question.options):
                button.label = Content(f"{i + 1}  {render.clean(question.options[i])}")
                button.display = True
            else:
                button.display = False
            button.remove_class("-right", "-wrong")
        answer = self.query_one("#quiz-answer", Input)
        answer.value = ""
        self.phase = Phase.ASKING
        if self.typed:
            answer.focus()

    def watch_phase(self) -> None:
        self._sync_widgets()

    def watch_typed(self) -> None:
        self._sync_widgets()
        if self.typed and self.phase is Phase.ASKING:
            self.query_one("#quiz-answer", Input).focus()

    def _sync_widgets(self) -> None:
        asking = self.phase in (Phase.ASKING, Phase.CHECKING)
        answer = self.query_one("#quiz-answer", Input)
        answer.display = asking and self.typed
        answer.disabled = self.phase is not Phase.ASKING
        self.query_one("#options").display = (
            self.phase in (Phase.ASKING, Phase.CHECKING, Phase.FEEDBACK) and not self.typed
        )
        if not answer.display and self.focused is answer:
            self.set_focus(None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pick":
            question = self.question
            return (
                self.phase is Phase.ASKING
                and not self.typed
                and question is not None
                and isinstance(parameters[0], int)
                and parameters[0] < len(question.options)
            )
        if action == "toggle_mode":
            return self.phase in (Phase.ASKING, Phase.FEEDBACK)
        if action == "next":
            return self.phase is Phase.FEEDBACK
        if action == "again":
            return self.phase is Phase.DONE
        return True

    def action_pick(self, index: int) -> None:
        question = self.question
        if self.phase is not Phase.ASKING or self.typed or question is None or self.quiz is None:
            return
        quiz = self.quiz
        self.phase = Phase.CHECKING
        clock = self.services.clock
        self.background(
            lambda: quiz.answer_choice(question, index, clock()), self._answered, name="pick"
        )

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id and event.button.id.startswith("option-"):
            self.action_pick(int(event.button.id.removeprefix("option-")))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        question = self.question
        if self.phase is not Phase.ASKING or question is None or self.quiz is None:
            return
        quiz, typed = self.quiz, event.value
        if not typed.strip():  # not an answer: a stray (or double) Enter costs nothing
            self.query_one("#quiz-feedback", Static).update(
                render.plain(NOTHING_TYPED, "bold $warning")
            )
            return
        self.phase = Phase.CHECKING
        clock = self.services.clock
        self.background(
            lambda: quiz.answer_typed(question, typed, clock()), self._answered, name="type"
        )

    def action_toggle_mode(self) -> None:
        if self.phase in (Phase.ASKING, Phase.FEEDBACK):
            self.typed = not self.typed

    # -- feedback ----------------------------------------------------------------------------

    def _answered(self, answer: QuizAnswer) -> None:
        question = answer.question
        note = question.note
        if answer.correct:
            verdict = Content.assemble(
                ("✓ Right", render.RIGHT), ": ", (render.clean(note.word), "bold")
            )
        elif answer.grade is not None and answer.grade.verdict is Verdict.NEAR:
            verdict = render.grade_line(answer.grade)
        else:
            said = render.clean(answer.answer).strip()
            verdict = Content.assemble(
                ("✗ Not quite", render.WRONG),
                ": ",
                *((["you answered “", (said, "italic"), "”; "]) if said else ["no answer; "]),
                "the word is ",
                (render.clean(question.expected), "bold"),
            )
        if answer.mode.value == "choice":
            for i, option in enumerate(question.options):
                button = self.query_one(f"#option-{i}", OptionButton)
                button.set_class(i == question.answer_index, "-right")
                button.set_class(option == answer.answer and not answer.correct, "-wrong")
        self.query_one("#quiz-question", Static).update(
            render.lines(
                verdict,
                "",
                render.highlighted(question.sentence, note.word, note.pos),
            )
        )
        self.query_one("#quiz-feedback", Static).update(
            render.lines(
                "",
                render.headline(note),
                render.plain(note.definition),
                render.plain("Enter for the next question.", MUTED),
            )
        )
        self.phase = Phase.FEEDBACK

    def failed(self, error: FlashcardsError) -> None:
        """Say what went wrong; the question can be answered again."""
        super().failed(error)
        if self.phase is Phase.CHECKING:
            self.phase = Phase.ASKING

    def action_next(self) -> None:
        if self.phase is Phase.FEEDBACK:
            self._ask()

    # -- the end -----------------------------------------------------------------------------

    def _finish(self, score: QuizScore) -> None:
        self.query_one("#quiz-progress", ProgressBar).update(
            total=score.total, progress=score.total
        )
        self.query_one("#quiz-count", Static).update(
            Content.assemble(("Quiz over", LABEL), f" · {score.correct} of {score.total}")
        )
        percent = f" ({score.percent:.0f}%)" if score.percent is not None else ""
        parts: list[Content | str] = [
            Content.assemble(
                ("Score: ", LABEL), (f"{score.correct} / {score.total}{percent}", "bold")
            ),
            "",
        ]
        if score.missed:
            parts.append(render.plain("Words to look at again:", LABEL))
            for note in score.missed:
                parts.append(
                    Content.assemble(
                        ("• ", MUTED),
                        (render.clean(note.word), "bold"),
                        ("  " + render.clean(note.pos), "italic"),
                        " — ",
                        render.clean(note.definition),
                    )
                )
        else:
            parts.append(render.plain("No word missed. Well done!", "bold $success"))
        parts += ["", render.plain("r starts a new quiz; Escape goes back.", MUTED)]
        self.query_one("#quiz-question", Static).update(render.lines(*parts))
        self.query_one("#quiz-feedback", Static).update("")
        self.phase = Phase.DONE

    def action_again(self) -> None:
        if self.phase is Phase.DONE:
            self.quiz = None
            self._load()
