"""Home: the decks with what is due today; from here, review, quiz, browse, stats, import."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import DataTable, Footer, Header, Static
from textual.widgets.data_table import ColumnKey

from flashcards.library import DeckOverview
from flashcards.tui.render import LABEL, MUTED, clean, counted, plain
from flashcards.tui.screens.base import BaseScreen

#: The count columns and their widths (the deck column takes the rest).
COUNT_COLUMNS = (("New", 4), ("Learning", 8), ("Due", 4), ("Notes", 5))

WELCOME = Content.assemble(
    ("Welcome! ", "bold $success"),
    "The bundled deck is loaded: press Enter for your first review.",
)


@dataclass(frozen=True)
class DeckLine:
    """A deck (or every deck, when `deck` is None) with today's queue."""

    deck: DeckOverview | None
    new: int
    learning: int
    due: int
    notes: int

    @property
    def deck_id(self) -> int | None:
        return None if self.deck is None else self.deck.id

    @property
    def waiting(self) -> int:
        return self.new + self.learning + self.due


def start_row(lines: list[DeckLine]) -> int:
    """Where the cursor starts: on the one deck with work today; on "All decks" when several
    have work; else on the first deck."""
    working = [i for i, line in enumerate(lines) if line.deck is not None and line.waiting]
    if len(working) == 1:
        return working[0]
    if working:
        return next(i for i, line in enumerate(lines) if line.deck is None)
    return 0


class DeckTable(DataTable[Text]):
    """The decks; Enter starts a review of the highlighted one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "select_cursor",
            "Review",
            id="home.review",
            key_display="⏎",
            tooltip="Review today's cards of the highlighted deck",
        ),
    ]


class HomeScreen(BaseScreen[None]):
    """Every deck with its new, learning and due counts, and the talk it came from."""

    CSS_PATH = "../home.tcss"  # loaded when the screen is first opened

    GUIDE = (
        "Your decks, with the cards waiting today: new cards, cards being learned, and "
        "cards due for review. Highlight a deck with the arrow keys and press Enter to "
        "review it, or use the keys below for a quiz on the talk's sentences, to browse "
        "and edit the words, to see your statistics, to import another document, or to "
        "mine any text or subtitle file for the words worth learning."
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quiz", "Quiz", id="home.quiz", tooltip="A quiz on the talk's sentences"),
        Binding("b", "browse", "Browse", id="home.browse", tooltip="Browse and edit the words"),
        Binding("s", "stats", "Stats", id="home.stats", tooltip="Charts of your progress"),
        Binding("i", "import", "Import", id="home.import", tooltip="Import a document"),
        Binding("x", "export", "Export", id="home.export", tooltip="Export to Anki (.apkg)"),
        # Not in the footer, which is full at 80 columns: the help screen and the palette list it.
        Binding(
            "m",
            "mine",
            "Mine",
            id="home.mine",
            show=False,
            tooltip="Words worth learning from any text or subtitle file",
        ),
    ]

    def __init__(self) -> None:
        super().__init__(id="home")
        self.deck_lines: list[DeckLine] = []
        self._placed = False  # the cursor has been put on a deck with work once

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Static(id="home-intro")
        yield DeckTable(id="decks", cursor_type="row", zebra_stripes=True)
        yield Static(id="deck-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Decks"
        table = self.query_one(DeckTable)
        table.add_column("Deck", key="deck", width=self._deck_width())
        for label, width in COUNT_COLUMNS:
            table.add_column(label, key=label.lower(), width=width)
        self.query_one("#home-intro", Static).update(plain("Opening your decks…", MUTED))

    def on_screen_resume(self) -> None:
        self.reload()

    def _deck_width(self) -> int:
        """The deck names get what the counts leave of the table's width (less its margins)."""
        table = self.query_one(DeckTable)
        width = self.app.size.width - 4
        taken = sum(w + 2 * table.cell_padding for _, w in COUNT_COLUMNS) + 2 * table.cell_padding
        return max(16, width - taken - 1)

    def on_resize(self) -> None:
        table = self.query_one(DeckTable)
        column = table.columns.get(ColumnKey("deck"))
        if column is not None and column.width != self._deck_width():
            column.width = self._deck_width()
            table.refresh(layout=True)

    # -- data --------------------------------------------------------------------------------

    def reload(self) -> None:
        """Count today's cards of every deck, in the background."""
        self.background(self._load, self._show, name="home")

    def _load(self) -> tuple[list[DeckLine], bool]:
        bundled = self.services.prepare()  # the first run's bundled decks, if still loading
        decks = self.services.library.decks()
        # Every deck's counts in one read (one query of every deck's queues).
        counts = self.services.study(None).deck_counts(self.services.clock())
        lines = []
        for overview in decks:
            deck = counts.get(overview.id)
            new, learning, due = (deck.new, deck.learning, deck.review) if deck else (0, 0, 0)
            lines.append(DeckLine(overview, new, learning, due, overview.notes))
        if len(lines) > 1:
            lines.append(
                DeckLine(
                    None,
                    sum(x.new for x in lines),
                    sum(x.learning for x in lines),
                    sum(x.due for x in lines),
                    sum(x.notes for x in lines),
                )
            )
        return lines, bundled

    def _show(self, loaded: tuple[list[DeckLine], bool]) -> None:
        lines, bundled = loaded
        welcome = bundled and self.flashcards.welcome_pending
        self.flashcards.welcome_pending = False
        previous, self.deck_lines = self.deck_lines, lines
        table = self.query_one(DeckTable)
        keep = table.cursor_row
        table.clear()
        for i, line in enumerate(lines):
            name = line.deck.name if line.deck else "All decks"
            table.add_row(
                Text(clean(name), overflow="ellipsis", no_wrap=True),
                _count(line.new),
                _count(line.learning),
                _count(line.due),
                Text(str(line.notes)),
                key=str(i),
            )
        intro = self.query_one("#home-intro", Static)
        if not lines:
            intro.update(plain("No decks yet. Press i to import a vocabulary document.", MUTED))
        else:
            waiting = sum(x.new + x.learning + x.due for x in lines if x.deck is not None)
            today = Content.assemble(
                ("Today: ", LABEL),
                f"{counted(waiting, 'card')} waiting. ",
                ("Enter reviews the highlighted deck.", MUTED),
            )
            if welcome:  # here, not in a toast: it hides nothing
                today = Content("\n").join([WELCOME, today])
            intro.update(today)
        if lines:
            row = min(max(keep, 0), len(lines) - 1)
            if not self._placed:
                row, self._placed = start_row(lines), True
            elif keep < len(previous) and previous[keep].waiting and not lines[row].waiting:
                row = start_row(lines)  # that deck is done for today: on to one with work
            table.move_cursor(row=row)
            self._describe(table.cursor_row)
        table.focus()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._describe(event.cursor_row)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_review()

    def _describe(self, row: int) -> None:
        detail = self.query_one("#deck-detail", Static)
        line = self.selected
        if line is None:
            detail.update("")
            self.flashcards.current_deck_id = None
            return
        self.flashcards.current_deck_id = line.deck_id
        if line.deck is None:
            detail.update(plain("Every deck together.", MUTED))
            return
        deck = line.deck.deck
        parts: list[Content] = [
            Content.assemble(("Talk: ", LABEL), (clean(deck.title or "(no title)"), "italic"))
        ]
        if deck.tags:
            parts.append(Content.assemble(("Topics: ", LABEL), clean(", ".join(deck.tags))))
        detail.update(Content("\n").join(parts))

    @property
    def selected(self) -> DeckLine | None:
        table = self.query_one(DeckTable)
        if not self.deck_lines or not 0 <= table.cursor_row < len(self.deck_lines):
            return None
        return self.deck_lines[table.cursor_row]

    # -- actions -----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return False
        if action == "export":
            return self.services.can_export
        if action in ("quiz", "browse", "stats", "review"):
            return True if self.deck_lines else None
        return True

    def _deck(self) -> int | None:
        line = self.selected
        return None if line is None else line.deck_id

    def action_review(self) -> None:
        if self.deck_lines:
            self.flashcards.open_review(self._deck())

    def action_quiz(self) -> None:
        if self.deck_lines:
            self.flashcards.open_quiz(self._deck())

    def action_browse(self) -> None:
        if self.deck_lines:
            self.flashcards.open_browse(self._deck())

    def action_stats(self) -> None:
        self.flashcards.open_stats(self._deck())

    def action_import(self) -> None:
        self.flashcards.open_import()

    def action_mine(self) -> None:
        self.flashcards.open_mine()

    def action_export(self) -> None:
        self.flashcards.open_export(self._deck())


def _count(value: int) -> Text:
    return Text(str(value), style="bold" if value else "dim")
