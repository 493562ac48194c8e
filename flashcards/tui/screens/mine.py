"""Mine: the words worth learning in any text or subtitle file, ticked and imported as a deck.

The mining runs in a worker (it loads word frequencies, lemmas and the dictionary, a second
or two) and says what it is doing; importing writes the same vocabulary document as
`flashcards mine -o` and hands it to the ordinary importer.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, DataTable, Footer, Header, Input, Label, ProgressBar, Static

from flashcards.errors import FlashcardsError
from flashcards.tui import render
from flashcards.tui.render import LABEL, MUTED
from flashcards.tui.screens.base import BaseScreen, PaletteCommand

if TYPE_CHECKING:
    from flashcards.domain import Document, ImportReport
    from flashcards.mining.service import Mined, Mining

#: How many candidates are listed, and how many of them are ticked at first.
SHOWN = 100
TICKED = 20


class MineScreen(BaseScreen[None]):
    """Pick a file, tick the words to learn, import them as a deck."""

    GUIDE = (
        "Type the path of any text, .srt or .vtt subtitle file, or vocabulary document, and "
        "press Enter: the words worth learning are listed, best first, with how rare they "
        "are (Zipf: 3 is one in a million words), how often the text uses them and the first "
        "sentence that does. The best are ticked: Space ticks or unticks a word, e edits its "
        "definition, k marks it as known (it never comes back), and ctrl+r imports the ticked "
        "words as a deck, with every sentence of the text that uses them. The import's report "
        "then takes the table's place, as on the Import screen: the counts, then the warnings "
        "grouped by kind with their line numbers in the document it wrote; Tab back to a "
        "field brings the words back."
    )

    DEFAULT_CSS = """
    MineScreen .mine-field { height: 1; margin: 1 2 0 2; }
    MineScreen .mine-label { width: 12; color: $text-muted; }
    MineScreen #mine-path, MineScreen #mine-definition { width: 1fr; }
    MineScreen #mine-button { margin-left: 2; width: auto; }
    MineScreen #mine-progress { margin: 1 2 0 2; height: 1; }
    MineScreen #mine-status { margin: 0 2; height: auto; }
    MineScreen #mine-table { margin: 1 2 0 2; height: 1fr; }
    MineScreen #mine-results { margin: 1 2 0 2; height: 1fr; display: none; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "tick", "Tick", id="mine.toggle", tooltip="Tick or untick the word"),
        Binding("e", "edit", "Definition", id="mine.edit", tooltip="Edit the definition"),
        Binding("k", "known", "Known", id="mine.known", tooltip="I know it: never show it again"),
        Binding(
            "ctrl+r",
            "import_words",
            "Import",
            id="mine.import",
            priority=True,
            tooltip="Import the ticked words as a deck",
        ),
    ]

    def __init__(self, path: str | None = None) -> None:
        super().__init__(id="mine")
        self.start_path = path
        self.busy = False
        self.mining: Mining | None = None
        self.words: list[Mined] = []
        self.ticked: set[str] = set()
        self.definitions: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Horizontal(classes="mine-field"):
            yield Label("File", classes="mine-label")
            yield Input(id="mine-path", placeholder="path/to/talk.srt", compact=True)
            yield Button("Mine", id="mine-button", variant="primary", compact=True)
        yield ProgressBar(id="mine-progress", show_eta=False, total=None)
        yield Static(render.plain("Choose a text or subtitle file.", MUTED), id="mine-status")
        yield DataTable(id="mine-table", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="mine-results"):
            yield Static(id="mine-report")
        with Horizontal(classes="mine-field"):
            yield Label("Definition", classes="mine-label")
            yield Input(id="mine-definition", placeholder="(highlight a word)", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Mine"
        self.query_one("#mine-progress", ProgressBar).display = False
        table = self.query_one("#mine-table", DataTable)
        table.add_column("✓", key="tick", width=1)
        table.add_column("Word", key="word", width=18)
        table.add_column("Zipf", key="zipf", width=4)
        table.add_column("Uses", key="uses", width=4)
        table.add_column("First sentence", key="sentence")
        path = self.query_one("#mine-path", Input)
        if self.start_path:
            path.value = self.start_path
            self.action_mine()
        else:
            path.focus()

    # -- mining ------------------------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "mine-path":
            self.action_mine()
        else:
            self._save_definition()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_mine()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("tick", "edit", "known", "import_words"):
            return None if self.busy or not self.words or self.reporting else True
        return True

    @property
    def reporting(self) -> bool:
        """Whether an import's report stands where the table was."""
        return bool(self.query_one("#mine-results", VerticalScroll).display)

    def _show_report(self, shown: bool) -> None:
        self.query_one("#mine-results", VerticalScroll).display = shown
        self.query_one("#mine-table", DataTable).display = not shown
        self.refresh_bindings()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # Back in a field (to mine another file or edit a word): the words come back.
        if isinstance(event.widget, Input) and self.reporting:
            self._show_report(False)

    def _status(self, content: Content) -> None:
        self.query_one("#mine-status", Static).update(content)

    def _working(self, busy: bool) -> None:
        self.busy = busy
        self.query_one("#mine-progress", ProgressBar).display = busy
        self.refresh_bindings()

    def action_mine(self) -> None:
        if self.busy:
            return
        path = self.query_one("#mine-path", Input).value.strip()
        if not path:
            self._status(render.plain("Type the path of a file first.", "bold $error"))
            return
        self._working(True)
        self._status(render.plain(f"Mining {path}…", MUTED))
        session = self.services.mining

        def progress(step: str) -> None:
            self.app.call_from_thread(self._status, render.plain(f"Mining {path}: {step}…", MUTED))

        self.background(
            lambda: session.mine(Path(path), top=SHOWN, progress=progress),
            self._mined,
            name="mine",
        )

    def _mined(self, mining: Mining) -> None:
        self._working(False)
        self._show_report(False)
        self.mining = mining
        self.words = list(mining.words)
        self.ticked = {m.word for m in self.words[:TICKED]}
        self.definitions = {}
        self._fill()
        source = mining.source
        self._status(
            Content.assemble(
                ("Found ", LABEL),
                f"{render.counted(len(self.words), 'word')} worth learning in ",
                render.clean(Path(source.name).name),
                f" ({source.kind}); the best {min(TICKED, len(self.words))} are ticked.",
            )
        )
        self.query_one("#mine-table", DataTable).focus()

    def _fill(self) -> None:
        table = self.query_one("#mine-table", DataTable)
        keep = table.cursor_row
        table.clear()
        for m in self.words:
            first = m.contexts[0] if m.contexts else ""
            table.add_row(
                Text("✓" if m.word in self.ticked else " "),
                Text(render.clean(m.word), overflow="ellipsis", no_wrap=True),
                Text(f"{m.zipf:.1f}"),
                Text(str(m.count)),
                Text(render.clean(first), overflow="ellipsis", no_wrap=True),
                key=m.word,
            )
        if self.words:
            table.move_cursor(row=min(max(keep, 0), len(self.words) - 1))
            self._show_definition()

    @property
    def current(self) -> Mined | None:
        table = self.query_one("#mine-table", DataTable)
        if not self.words or not 0 <= table.cursor_row < len(self.words):
            return None
        return self.words[table.cursor_row]

    def definition_of(self, word: Mined) -> str:
        return self.definitions.get(word.word, word.definition or "")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_definition()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_tick()

    def _show_definition(self) -> None:
        word = self.current
        box = self.query_one("#mine-definition", Input)
        box.value = self.definition_of(word) if word else ""
        box.placeholder = "(no definition found: write one)" if word else "(highlight a word)"

    # -- ticking, editing, known words -------------------------------------------------------

    def action_tick(self) -> None:
        word = self.current
        if word is None:
            return
        self.ticked ^= {word.word}
        table = self.query_one("#mine-table", DataTable)
        table.update_cell(word.word, "tick", Text("✓" if word.word in self.ticked else " "))

    def action_edit(self) -> None:
        if self.current is not None:
            self.query_one("#mine-definition", Input).focus()

    def _save_definition(self) -> None:
        word = self.current
        if word is None:
            return
        text = " ".join(self.query_one("#mine-definition", Input).value.split())
        if text and text != (word.definition or ""):
            self.definitions[word.word] = text
        elif not text:
            self.definitions.pop(word.word, None)
        self.query_one("#mine-table", DataTable).focus()
        self.notify(f"Definition of {render.clean(word.word)} kept", markup=False)

    def action_known(self) -> None:
        word = self.current
        if word is None or self.busy:
            return
        session = self.services.mining
        self.background(
            lambda: session.add_known([word.word]), lambda _: self._known(word), name="known"
        )

    def _known(self, word: Mined) -> None:
        self.words = [m for m in self.words if m.word != word.word]
        self.ticked.discard(word.word)
        self.definitions.pop(word.word, None)
        self._fill()
        self.notify(f"{render.clean(word.word)}: known, never shown again", markup=False)

    # -- importing ---------------------------------------------------------------------------

    def action_import_words(self) -> None:
        if self.busy or self.mining is None:
            return
        chosen = [m for m in self.words if m.word in self.ticked]
        if not chosen:
            self._status(render.plain("Tick at least one word (Space) first.", "bold $error"))
            return
        box = self.query_one("#mine-definition", Input)
        if box.has_focus:
            self._save_definition()
        missing = [m.word for m in chosen if not self.definition_of(m)]
        if missing:
            self._status(
                Content.assemble(
                    ("No definition yet: ", "bold $error"),
                    render.clean(", ".join(missing)),
                    " — highlight it and press e to write one, or untick it.",
                )
            )
            return
        mining, definitions = self.mining, dict(self.definitions)
        session = self.services.mining
        self._working(True)
        self._status(render.plain(f"Importing {render.counted(len(chosen), 'word')}…", MUTED))
        written = session.document_path(mining)
        self.background(
            lambda: session.import_words(mining, chosen, definitions),
            lambda result: self._imported(written, result),
            name="mine",
        )

    def _imported(self, written: Path, result: tuple[Document, ImportReport]) -> None:
        """The import's report where the table was, as the Import screen shows it (the same
        function): the counts, the words behind them, the warnings grouped with the line
        numbers of the document written."""
        from flashcards.tui.screens.importer import report_lines

        self._working(False)
        document, report = result
        lines = report_lines(str(written), document, report)
        lines.append(
            Content.assemble(
                ("The document: ", LABEL),
                render.clean(str(written)),
                (" (edit it and import it again to change the deck)", MUTED),
            )
        )
        self.query_one("#mine-report", Static).update(Content("\n").join(lines))
        self._status(
            Content.assemble(
                ("Imported ", "bold $success"),
                f"{render.counted(len(report.added), 'new word')} into deck ",
                render.clean(report.deck),
                ". ",
                ("Tab back to a field for the words; Escape goes back to your decks.", MUTED),
            )
        )
        self._show_report(True)
        results = self.query_one("#mine-results", VerticalScroll)
        results.scroll_home(animate=False)
        results.focus()
        self.notify(f"Imported into {render.clean(report.deck)}", markup=False)

    def failed(self, error: FlashcardsError) -> None:
        self._working(False)
        self._status(Content.assemble(("Not done: ", "bold $error"), render.clean(str(error))))

    def palette_commands(self) -> list[PaletteCommand]:
        if not self.words:
            return []
        return [
            ("Import ticked words", "Import the ticked words as a deck", self.action_import_words),
            ("Known word", "Never show the highlighted word again", self.action_known),
        ]
