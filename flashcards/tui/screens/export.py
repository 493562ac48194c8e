"""Export to Anki: write a deck (or every deck) as an .apkg package, in the background."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Footer, Header, Input, Label, ProgressBar, Static

from flashcards.errors import FlashcardsError
from flashcards.tui import render
from flashcards.tui.render import MUTED
from flashcards.tui.screens.base import BaseScreen

if TYPE_CHECKING:
    from flashcards.export import ExportReport


class ExportScreen(BaseScreen[None]):
    """Choose where the Anki package goes, then write it."""

    CSS_PATH = "../forms.tcss"  # loaded when the screen is first opened

    GUIDE = (
        "Writes the deck highlighted at home (or every deck) as an Anki package (.apkg): "
        "open it with Anki on your computer or phone. Exporting again later updates the "
        "notes Anki already has instead of duplicating them."
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+r", "run_export", "Export", id="export.run", priority=True),
    ]

    def __init__(self, deck_id: int | None = None, folder: Path | None = None) -> None:
        super().__init__(id="export")
        self.deck_id = deck_id
        self.folder = folder or Path.cwd()
        self.busy = False

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Horizontal(classes="import-field"):
            yield Label("Package", classes="import-label")
            yield Input(id="export-path", placeholder="deck.apkg", compact=True)
            yield Button("Export", id="export-button", variant="primary", compact=True)
        # The whole path, wrapped: the field above shows only as much of it as fits.
        yield Static(id="export-where")
        yield ProgressBar(id="export-progress", show_eta=False, total=None)
        with VerticalScroll(id="export-results"):
            yield Static(render.plain("Preparing…", MUTED), id="export-report")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Export to Anki"
        self.query_one("#export-progress", ProgressBar).display = False
        deck_id, folder = self.deck_id, self.folder
        self.background(
            lambda: self.services.export_target(deck_id, folder), self._targeted, name="target"
        )

    def _targeted(self, target: Path) -> None:
        path = self.query_one("#export-path", Input)
        path.value = str(target)
        path.focus()
        self.query_one("#export-report", Static).update(
            render.plain("Enter (or ctrl+r) writes the package.", MUTED)
        )

    def on_input_changed(self, event: Input.Changed) -> None:
        where = self.query_one("#export-where", Static)
        path = event.value.strip()
        if not path:
            where.update("")
            return
        full = Path(path).expanduser()
        shown = full if full.is_absolute() else Path.cwd() / full
        where.update(Content.assemble(("Writes to ", render.LABEL), render.clean(str(shown))))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_run_export()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_run_export()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "run_export":
            return None if self.busy else True
        return True

    def action_run_export(self) -> None:
        path = self.query_one("#export-path", Input).value.strip()
        if self.busy or not path:
            return
        self.busy = True
        self.refresh_bindings()
        self.query_one("#export-progress", ProgressBar).display = True
        self.query_one("#export-report", Static).update(render.plain(f"Writing {path}…", MUTED))
        deck_id = self.deck_id
        self.background(
            lambda: self.services.export(Path(path).expanduser(), deck_id),
            self._exported,
            name="export",
        )

    def _stop(self) -> None:
        self.busy = False
        self.refresh_bindings()
        self.query_one("#export-progress", ProgressBar).display = False

    def _exported(self, report: ExportReport) -> None:
        self._stop()
        lines = [Content.assemble(("Done: ", "bold $success"), render.clean(report.summary()))]
        lines += [render.plain(f"• {warning}", "$warning") for warning in report.warnings]
        self.query_one("#export-report", Static).update(Content("\n").join(lines))
        self.notify("Anki package written", markup=False)

    def failed(self, error: FlashcardsError) -> None:
        self._stop()
        self.query_one("#export-report", Static).update(
            Content.assemble(("Not exported: ", "bold $error"), render.clean(str(error)))
        )
