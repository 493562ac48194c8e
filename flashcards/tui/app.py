"""The flashcards Textual app: home, review, quiz, browse, statistics, import.

The app is handed its `Services` (store, clock, ...) and a `Start` by the command line; it
creates no database itself. On the first run, an empty database gets the bundled decks in a
worker; every screen's first job waits for that (`Services.prepare`) before reading decks.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import Any, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from flashcards.errors import FlashcardsError
from flashcards.tui.commands import MainCommands
from flashcards.tui.services import Services, Start

#: Seconds after which the app counts as started even if its first screen never said so.
STARTED_LATEST = 1.0


class FlashcardsApp(App[int]):
    """Learn the vocabulary of a talk: review, quiz, browse, statistics."""

    TITLE = "flashcards"
    CSS_PATH = "app.tcss"
    # One provider, which lists Textual's own commands after ours (two providers would
    # interleave at random).
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {MainCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+q",
            "quit",
            "Quit",
            id="app.quit",
            priority=True,
            show=False,
            tooltip="Quit flashcards",
        ),
        # f1 for when an answer box takes the "?" (the footer then shows f1).
        Binding("question_mark,f1", "help", "Help", id="app.help"),
    ]

    def __init__(self, services: Services, start: Start | None = None) -> None:
        super().__init__()
        self.services = services
        self.start_at = start or Start()
        self.loaded_bundled = False
        #: Whether home greets the learner whose first run loaded the bundled deck: only
        #: when the app opens at home, and only the first time home shows the decks.
        self.welcome_pending = self.start_at.screen == "home"
        self.current_deck_id: int | None = self.start_at.deck_id
        #: What waits for the first frame to be on the terminal (`after_first_frame`).
        self._first_frame_drawn = False
        self._after_first_frame: list[Callable[[], object]] = []

    def on_mount(self) -> None:
        start = self.start_at
        if start.screen == "review":
            self.open_review(start.deck_id)  # which says when it is `started`
        else:
            if start.screen == "quiz":
                self.open_quiz(start.deck_id, start.count, typed=start.typed)
            else:
                self.go_home()
            self.after_first_frame(self.started)
        self.set_timer(STARTED_LATEST, self.started)  # whatever became of the first screen
        self.run_worker(
            self.services.prepare,
            name="first-run",
            group="db",
            thread=True,
            exit_on_error=False,
        )

    def after_first_frame(self, callback: Callable[[], object]) -> None:
        """Run `callback` once the app's first frame is on the terminal. (A callback after
        a refresh is not enough: while the app mounts its first screen, Textual holds the
        frames back and runs such callbacks at once, so whatever they mount would delay
        the first frame.)"""
        if self._first_frame_drawn:
            self.call_after_refresh(callback)
        else:
            self._after_first_frame.append(callback)

    def on_ready(self) -> None:
        """Textual's word that the first frame is drawn."""
        self._first_frame_drawn = True
        for callback in self._after_first_frame:
            self.call_after_refresh(callback)
        self._after_first_frame.clear()

    def started(self) -> None:
        """The first screen is drawn: the cyclic garbage collector, paused by the command
        line while the app started, runs again."""
        gc.enable()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.name != "first-run" or event.state not in (
            WorkerState.SUCCESS,
            WorkerState.ERROR,
        ):
            return
        if event.state is WorkerState.ERROR:
            error = event.worker.error
            if not isinstance(error, FlashcardsError):
                raise error if error is not None else RuntimeError("first run failed")
            self.notify(
                str(error), title="Could not load the bundled deck", severity="error", markup=False
            )
        elif event.worker.result:
            self.loaded_bundled = True  # home says welcome (a toast would hide the buttons)

    # -- opening screens (used by screens, the command palette and the command line) --------

    def open_review(self, deck_id: int | None = None) -> None:
        from flashcards.tui.screens.review import ReviewScreen

        self._open(ReviewScreen(deck_id))

    def open_quiz(
        self, deck_id: int | None = None, count: int | None = None, *, typed: bool = False
    ) -> None:
        from flashcards.quiz import DEFAULT_COUNT
        from flashcards.tui.screens.quiz import QuizScreen

        self._open(QuizScreen(deck_id, count or DEFAULT_COUNT, typed=typed))

    def open_browse(self, deck_id: int | None = None) -> None:
        from flashcards.tui.screens.browse import BrowseScreen

        self._open(BrowseScreen(deck_id))

    def open_stats(self, deck_id: int | None = None) -> None:
        from flashcards.tui.screens.stats import StatsScreen

        self._open(StatsScreen(deck_id))

    def open_import(self) -> None:
        from flashcards.tui.screens.importer import ImportScreen

        self._open(ImportScreen())

    def open_mine(self) -> None:
        from flashcards.tui.screens.mine import MineScreen

        self._open(MineScreen())

    def open_export(self, deck_id: int | None = None) -> None:
        from flashcards.tui.screens.export import ExportScreen

        if self.services.can_export:
            self._open(ExportScreen(deck_id))

    def go_home(self) -> None:
        """Close every screen above home (home itself is made when first needed)."""
        from flashcards.tui.screens.home import HomeScreen

        while len(self.screen_stack) > 2:
            self.pop_screen()
        if len(self.screen_stack) == 1:
            self.push_screen(HomeScreen())
        elif not isinstance(self.screen_stack[1], HomeScreen):
            self.switch_screen(HomeScreen())

    def _open(self, screen: Screen[Any]) -> None:
        """Open a main screen above home (replacing any other main screen). When the app
        starts straight into a review or a quiz, that screen is opened alone, and home is
        made when the learner goes back to it."""
        if len(self.screen_stack) == 1:
            self.push_screen(screen)
            return
        self.go_home()
        self.push_screen(screen)

    def action_help(self) -> None:
        from flashcards.tui.screens.help import HelpScreen, screen_keys

        screen = self.screen
        if isinstance(screen, HelpScreen):
            return
        guide = getattr(screen, "GUIDE", "")
        title = screen.sub_title or self.title
        self.push_screen(HelpScreen(title, guide, screen_keys(screen)))
