"""What every screen of the app shares: the services, background jobs, going back, help.

Database and import work runs in thread workers (the store is synchronous), so a screen never
freezes. A job's result comes back to the screen that asked for it as a `Worker.StateChanged`
message, so a screen that was closed meanwhile simply never hears of it. Errors a learner can
cause (`FlashcardsError`) become notifications; anything else is a bug and stops the app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from flashcards.errors import FlashcardsError

if TYPE_CHECKING:
    from flashcards.tui.app import FlashcardsApp
    from flashcards.tui.services import Services

T = TypeVar("T")
R = TypeVar("R")

#: A command of the command palette: (name, help, what it does).
PaletteCommand = tuple[str, str, Callable[[], object]]


@dataclass(frozen=True)
class _Failed:
    error: FlashcardsError


class BaseScreen(Screen[R]):
    """A screen of the app: Escape goes back, `?` explains the keys."""

    #: A few sentences for the help screen: what this screen is for.
    GUIDE: ClassVar[str] = ""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="screen.back", tooltip="Back to the previous screen"),
    ]

    def __init__(self, name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        self._jobs: dict[Worker[Any], Callable[[Any], None]] = {}

    @property
    def flashcards(self) -> FlashcardsApp:
        return cast("FlashcardsApp", self.app)

    @property
    def services(self) -> Services:
        return self.flashcards.services

    def background(
        self,
        job: Callable[[], T],
        done: Callable[[T], None],
        *,
        name: str = "job",
        group: str = "db",
        exclusive: bool = False,
    ) -> Worker[Any]:
        """Run `job` in a thread; then `done(result)` on this screen, if it is still open.
        `exclusive`: the job replaces any other of its group still running."""

        def run() -> Any:
            try:
                return job()
            except FlashcardsError as exc:
                return _Failed(exc)

        worker = self.run_worker(run, name=name, group=group, thread=True, exclusive=exclusive)
        self._jobs[worker] = done
        return worker

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is not WorkerState.SUCCESS:
            return
        done = self._jobs.pop(event.worker, None)
        if done is None:
            return
        result = event.worker.result
        if isinstance(result, _Failed):
            self.failed(result.error)
        else:
            done(result)

    def failed(self, error: FlashcardsError) -> None:
        """A job failed in a way the learner can understand: say so."""
        self.notify(str(error), title="Could not do that", severity="error", markup=False)

    def on_screen_suspend(self) -> None:
        """Leaving this screen: its toasts do not follow the learner to the next one."""
        self.app.clear_notifications()

    def palette_commands(self) -> list[PaletteCommand]:
        """What this screen can do now, for the command palette (before the app's commands)."""
        return []

    def action_back(self) -> None:
        """Back to the screen underneath (home, when the app was opened straight here)."""
        if len(self.app.screen_stack) > 2:
            self.dismiss()
        else:
            self.flashcards.go_home()
