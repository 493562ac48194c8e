"""Import from the app: pick a document, import it in the background, read the warnings."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, DirectoryTree, Footer, Header, Input, Label, ProgressBar, Static

from flashcards.domain import Document, ImportReport, grouped_issues, short_name
from flashcards.errors import FlashcardsError
from flashcards.tui import render
from flashcards.tui.render import LABEL, MUTED
from flashcards.tui.screens.base import BaseScreen

if TYPE_CHECKING:
    from flashcards.roundtrip.inbound import PackageImport

DOCUMENT_SUFFIXES = {".txt", ".text", ".md", ".apkg", ".colpkg"}
#: Anki packages, whose answers are merged into the log (flashcards.roundtrip.inbound).
PACKAGE_SUFFIXES = (".apkg", ".colpkg")


class DocumentTree(DirectoryTree):
    """Folders and text documents (hidden files left out)."""

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        return [
            p
            for p in paths
            if not p.name.startswith(".") and (p.is_dir() or p.suffix.lower() in DOCUMENT_SUFFIXES)
        ]


def report_lines(path: str, document: Document, report: ImportReport) -> list[Content]:
    """What an import did, for people to read: the counts first (as the command line gives
    them), the words behind them, then the warnings grouped by what they say, each group with
    its line numbers; the file named once, by its name alone."""
    lines = [
        Content.assemble(
            ("Imported ", "bold $success"),
            render.clean(short_name(path)),
            " into the deck ",
            (render.clean(report.deck), "bold"),
        ),
        render.plain(
            f"{render.counted(report.notes, 'note')}: {len(report.added)} new, "
            f"{len(report.updated)} updated, {len(report.kept_edits)} kept your edits, "
            f"{report.unchanged} unchanged"
        ),
        render.plain(
            f"{render.counted(report.cards_added, 'card')} added, "
            f"{report.cards_retired} retired; "
            f"{render.counted(report.contexts, 'sentence')} of the talk"
        ),
    ]
    named = (
        ("Updated: ", report.updated),
        ("Kept your edits: ", report.kept_edits),
        ("Back in the document: ", report.returned),
        ("Kept, no longer in the document: ", report.missing),
    )
    for label, words in named:
        if words:
            lines.append(Content.assemble((label, LABEL), render.joined(words)))
    if not document.issues:
        lines.append(render.plain("No warnings.", MUTED))
        return lines
    lines.append(
        render.plain(f"{render.counted(len(document.issues), 'warning')}:", "bold $warning")
    )
    for group in grouped_issues(document.issues):
        lines.append(
            Content.assemble(
                "• ",
                (render.clean(group.message), "$warning"),
                ("  " + places(group.places), MUTED),
            )
        )
    return lines


def places(where: tuple[tuple[int, str], ...]) -> str:
    """Where a kind of warning occurs: "line 17 agi", "lines 33 inspire, 61 amplifier"."""
    parts = [f"{line} {word}".strip() if line else word for line, word in where]
    listed = render.joined(part for part in parts if part)
    if not any(line for line, _ in where):
        return listed
    return f"{'line' if len(parts) == 1 else 'lines'} {listed}"


class ImportScreen(BaseScreen[None]):
    """Choose a vocabulary document and import it into a deck."""

    CSS_PATH = "../forms.tcss"  # loaded when the screen is first opened

    GUIDE = (
        "Type the path of a vocabulary document (or pick it in the tree with the arrow keys "
        "and Enter), optionally a deck name (else the talk's title), then press Enter or "
        "ctrl+r. The import runs in the background; when it is done the report fills the "
        "screen (the arrow keys and Page Down scroll it): what changed, then the warnings "
        "about the document grouped by kind, with their line numbers. Importing the same "
        "document again changes nothing, and a changed document updates its words while "
        "keeping your review history. An Anki package "
        "(.apkg or .colpkg, exported from Anki with scheduling) brings back the reviews "
        "and edits made in Anki."
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+r", "run_import", "Import", id="import.run", priority=True),
    ]

    def __init__(self, start: Path | None = None) -> None:
        super().__init__(id="import")
        self.start = start or Path.cwd()
        self.busy = False

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Horizontal(classes="import-field"):
            yield Label("Document", classes="import-label")
            yield Input(id="import-path", placeholder="path/to/talk.txt", compact=True)
        with Horizontal(classes="import-field"):
            yield Label("Deck name", classes="import-label")
            yield Input(id="import-deck", placeholder="(the talk's title)", compact=True)
            yield Button("Import", id="import-button", variant="primary", compact=True)
        yield DocumentTree(self.start, id="import-tree")
        yield ProgressBar(id="import-progress", show_eta=False, total=None)
        with VerticalScroll(id="import-results"):
            yield Static(render.plain("Choose a document to import.", MUTED), id="import-report")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Import"
        self.query_one("#import-progress", ProgressBar).display = False
        self.query_one("#import-path", Input).focus()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # Back in a field to choose another document: the tree comes back (a report hides it).
        if isinstance(event.widget, Input):
            self.query_one("#import-tree", DocumentTree).display = True

    def on_directory_tree_file_selected(self, event: DirectoryTree.FileSelected) -> None:
        event.stop()
        self.query_one("#import-path", Input).value = str(event.path)
        self.query_one("#import-path", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_run_import()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_run_import()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "run_import":
            return None if self.busy else True
        return True

    def action_run_import(self) -> None:
        if self.busy:
            return
        path = self.query_one("#import-path", Input).value.strip()
        deck = self.query_one("#import-deck", Input).value.strip() or None
        report = self.query_one("#import-report", Static)
        if not path:
            report.update(render.plain("Type the path of a document first.", "bold $error"))
            self.query_one("#import-path", Input).focus()
            return
        self.busy = True
        self.refresh_bindings()
        self.query_one("#import-progress", ProgressBar).display = True
        report.update(render.plain(f"Importing {short_name(path)}…", MUTED))
        if Path(path).suffix.lower() in PACKAGE_SUFFIXES:
            self.background(
                lambda: self.services.import_package(Path(path).expanduser()),
                self._merged,
                name="import",
            )
            return
        self.background(
            lambda: self.services.import_file(Path(path).expanduser(), deck),
            lambda result: self._imported(path, result),
            name="import",
        )

    def _stop(self) -> None:
        self.busy = False
        self.refresh_bindings()
        self.query_one("#import-progress", ProgressBar).display = False

    def _report(self, lines: list[Content]) -> None:
        """Show a finished import's report in the whole height (the tree hidden until a field
        is focused again), scrolled to its top and focused, so the arrow keys and Page Down
        reach every warning; an earlier error or toast is gone."""
        self.app.clear_notifications()
        self.query_one("#import-report", Static).update(Content("\n").join(lines))
        self.query_one("#import-tree", DocumentTree).display = False
        results = self.query_one("#import-results", VerticalScroll)
        results.scroll_home(animate=False)
        results.focus()

    def _imported(self, path: str, result: tuple[Document, ImportReport]) -> None:
        self._stop()
        document, report = result
        self._report(report_lines(path, document, report))
        self.notify(f"Imported into {render.clean(report.deck)}", markup=False)

    def _merged(self, result: PackageImport) -> None:
        self._stop()
        lines = [render.plain(line) for line in result.summary().splitlines()]
        lines.extend(render.plain(f"• {warning}", "bold $warning") for warning in result.warnings)
        self._report(lines)
        self.notify(f"{result.reviews_added} reviews from Anki", markup=False)

    def failed(self, error: FlashcardsError) -> None:
        self._stop()
        self.query_one("#import-report", Static).update(
            Content.assemble(("Not imported: ", "bold $error"), render.clean(str(error)))
        )
