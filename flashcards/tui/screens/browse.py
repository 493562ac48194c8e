"""Browse: a searchable table of a deck's notes; edit a note, suspend or unsuspend it.

The table holds a page of notes at first and reads the next page as the cursor nears its
end, so the first row shows at once whatever the size of the collection. The search box
looks, in SQLite, at everything a note says: its word, part of speech, definition, synonyms,
example and the talk's sentences that use it (library.matches is the rule). The pane under
the table shows the highlighted note whole, with its cards, its example and the talk's
sentences.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.notifications import SeverityLevel
from textual.widgets import DataTable, Footer, Header, Input, Static

from flashcards.domain import CardState, Note, NoteCard
from flashcards.library import NoteRow, PageKey, RowPage, summarise
from flashcards.tui import render
from flashcards.tui.render import LABEL, MUTED
from flashcards.tui.screens.base import BaseScreen
from flashcards.tui.screens.card_info import open_card_info
from flashcards.tui.screens.note_editor import NoteEditor
from flashcards.tui.widgets.notice import Notice

#: The states of a note's cards in the order they are listed, with a short name for when
#: several share the State column.
STATES = (
    (CardState.NEW, "new"),
    (CardState.LEARNING, "learn"),
    (CardState.RELEARNING, "relearn"),
    (CardState.REVIEW, "review"),
)


def state_text(note: Note) -> str:
    """A note's cards for the State column, short: "new", "learning", "new/review",
    "new · 1 susp.", "suspended" (the pane under the table names every card)."""
    if not note.cards:
        return "—"
    live = {c.state for c in note.cards if not c.suspended}
    held = sum(1 for c in note.cards if c.suspended)
    if not live:
        return "suspended"
    if len(live) == 1:
        (state,) = live
        names = state.value if not held else dict(STATES)[state]
    else:
        names = "/".join(short for state, short in STATES if state in live)
    return f"{names} · {held} susp." if held else names


class NoteTable(DataTable[Text]):
    """The notes; Enter edits the highlighted one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Edit", id="browse.edit", key_display="⏎"),
    ]


class CardTable(DataTable[Text]):
    """The highlighted word's cards, one a row: `s` here suspends or unsuspends one card."""

    DEFAULT_CSS = """
    CardTable {
        height: auto;
        max-height: 4;
        margin: 0 2;
    }
    """


class BrowseScreen(BaseScreen[None]):
    """Every note of a deck (or of all), with its cards' state, due date and lapses."""

    CSS_PATH = "../browse.tcss"  # loaded when the screen is first opened

    GUIDE = (
        "Every word of the deck with its cards' state (new, learning, review), when it is "
        "next due and how many times you forgot it. Type in the search box to filter by "
        "word, definition, synonym, example or a sentence of the talk; the arrow keys move "
        "in the table. The pane below shows the highlighted word with its cards, its example "
        "and the talk's sentences. Enter or e edits the highlighted word (its review history "
        "is kept); s suspends or unsuspends all its cards. Tab goes to the word's cards, "
        "one a row (meaning, recall, context): there s suspends or unsuspends one card."
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search", id="browse.search", key_display="/"),
        Binding("e", "edit", "Edit", id="browse.edit_key", show=False),
        Binding("s", "toggle_suspend", "Suspend/unsuspend", id="browse.suspend"),
        Binding("i", "info", "Info", id="browse.info", tooltip="Its cards' memory"),
        Binding("down", "to_table", "To the table", id="browse.to_table", show=False),
    ]

    def __init__(self, deck_id: int | None = None) -> None:
        super().__init__(id="browse")
        self.deck_id = deck_id
        self.rows: list[NoteRow] = []  # the rows read so far, as the table shows them
        self._after: PageKey | None = None  # where the next page starts (None: no more)
        self._query = ""
        self._loads = 0  # the newest first-page read; an older one's result is dropped
        self._reading_more = False

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Input(
            id="search", placeholder="Search words, definitions, examples, sentences…", compact=True
        )
        yield NoteTable(id="notes", cursor_type="row", zebra_stripes=True)
        yield CardTable(id="cards", cursor_type="row")
        with VerticalScroll(id="note-detail"):
            yield Static(id="note-detail-body")
        yield Notice(id="notice")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Browse"
        table = self.query_one(NoteTable)
        table.add_column("Word", key="word", width=15)
        table.add_column("Part of speech", key="pos", width=14)
        table.add_column("State", key="state", width=20)
        table.add_column("Due", key="due", width=10)
        table.add_column("Lapses", key="lapses", width=6)
        cards = self.query_one(CardTable)
        for label, width in (("Card", 8), ("State", 10), ("Due", 10), ("Lapses", 6), ("", 9)):
            cards.add_column(label, key=label.lower() or "held", width=width)
        self.reload()
        table.focus()

    def reload(self) -> None:
        """Read the first page of the notes that match the search (the table starts again)."""
        deck_id, query, library = self.deck_id, self._query, self.services.library
        self._loads += 1
        load = self._loads

        def job() -> RowPage:
            found = library.page(deck_id, query)
            if found.rows:  # load pyphen and the word forms here, not when a row is described
                note = found.rows[0].note
                render.headline(note)
                render.highlighted(note.example, note.word, note.pos)
            return found

        def done(found: RowPage) -> None:
            if load != self._loads:
                return  # the search changed meanwhile
            self.rows, self._after = [], found.after
            self.query_one(NoteTable).clear()
            self._add_rows(found.rows)
            self._describe()

        self.background(job, done, name="browse")

    def _read_more(self) -> None:
        """Read the next page when the cursor nears the end of the rows read so far."""
        after, table = self._after, self.query_one(NoteTable)
        if after is None or self._reading_more or table.cursor_row < len(self.rows) - 20:
            return
        self._reading_more = True
        deck_id, query, library, load = (
            self.deck_id,
            self._query,
            self.services.library,
            self._loads,
        )

        def job() -> RowPage:
            return library.page(deck_id, query, after)

        def done(found: RowPage) -> None:
            self._reading_more = False
            if load == self._loads and after == self._after:
                self._after = found.after
                self._add_rows(found.rows)
                self._read_more()

        self.background(job, done, name="browse.more")

    def _add_rows(self, rows: list[NoteRow]) -> None:
        table = self.query_one(NoteTable)
        for row in rows:
            table.add_row(*self._cells(row), key=str(row.id))
        self.rows += rows

    def _cells(self, row: NoteRow) -> tuple[Text, ...]:
        return (
            Text(render.clean(row.note.word), no_wrap=True, overflow="ellipsis"),
            Text(render.clean(row.note.pos), no_wrap=True, overflow="ellipsis"),
            Text(
                state_text(row.note),
                style="italic" if row.suspended else "",
                no_wrap=True,
                overflow="ellipsis",
            ),
            Text(render.day_text(row.due, self.services.zone)),
            Text(str(row.lapses)),
        )

    def refresh_note(self, note_id: int, card: int | None = None) -> None:
        """Read one note again (after an edit or a suspend) and redraw its row in place."""
        library = self.services.library

        def done(note: Note) -> None:
            ids = [r.id for r in self.rows]
            if note_id not in ids:
                return
            index = ids.index(note_id)
            row = self.rows[index] = summarise(note)
            table = self.query_one(NoteTable)
            for column, cell in zip(table.columns, self._cells(row), strict=True):
                table.update_cell(str(note_id), column, cell)
            if index == table.cursor_row:
                self._describe()
                if card is not None:
                    self._cards_cursor(card)

        self.background(lambda: library.note(note_id), done, name="browse.note")

    def _selected_id(self) -> int | None:
        row = self.selected
        return None if row is None else row.id

    @property
    def selected(self) -> NoteRow | None:
        table = self.query_one(NoteTable)
        if not self.rows or not 0 <= table.cursor_row < len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def _describe(self) -> None:
        detail = self.query_one("#note-detail-body", Static)
        self.query_one("#note-detail", VerticalScroll).scroll_home(animate=False)
        row = self.selected
        self._show_cards(row.note if row else None)
        if row is None:
            detail.update(
                render.plain("No note matches." if self._query else "No notes yet.", MUTED)
            )
            return
        detail.update(describe(row.note))

    def _show_cards(self, note: Note | None) -> None:
        cards = self.query_one(CardTable)
        cards.clear()
        zone = self.services.zone
        for card in note.cards if note else ():
            held = card.suspended
            cards.add_row(
                Text(card.kind.value),
                Text(card.state.value),
                Text(render.day_text(card.due, zone)),
                Text(str(card.lapses)),
                Text("suspended" if held else "", style="bold italic" if held else ""),
                key=str(card.id),
            )
        cards.display = bool(note and note.cards)

    def _cards_cursor(self, card_id: int) -> None:
        row = self.selected
        ids = [c.id for c in row.note.cards] if row else []
        if card_id in ids:
            self.query_one(CardTable).move_cursor(row=ids.index(card_id))

    @property
    def selected_card(self) -> NoteCard | None:
        """The card highlighted in the cards table, when that table has the focus."""
        row, cards = self.selected, self.query_one(CardTable)
        if row is None or self.focused is not cards:
            return None
        if not 0 <= cards.cursor_row < len(row.note.cards):
            return None
        return row.note.cards[cards.cursor_row]

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """In the status line, not as a toast over the table (always literal text)."""
        self.query_one(Notice).say(message, title=title, severity=severity, timeout=timeout)

    def on_screen_suspend(self) -> None:
        self.query_one(Notice).clear()

    # -- events ------------------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "search":
            self._query = event.value
            self.reload()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one(NoteTable).focus()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table is self.query_one(NoteTable):
            self._describe()
            self._read_more()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "toggle_suspend", "info"):
            return True if self.selected is not None else None
        if action == "to_table":
            return self.focused is self.query_one("#search", Input)
        return True

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_to_table(self) -> None:
        self.query_one(NoteTable).focus()

    def action_edit(self) -> None:
        row = self.selected
        if row is None:
            return
        note_id, library, clock = row.id, self.services.library, self.services.clock

        def save(fields: dict[str, str]) -> Note:
            """Run by the editor in a thread; a refusal is shown in the editor."""
            return library.edit_note(note_id, now=clock(), **fields)

        def saved(note: Note | None) -> None:
            if note is not None:
                self.notify(f"Saved {render.clean(note.word)}", markup=False)
                self.refresh_note(note_id)

        self.app.push_screen(NoteEditor(row.note, save), saved)

    def action_info(self) -> None:
        if self.selected is not None:
            open_card_info(self, [c.id for c in self.selected.note.cards])

    def action_toggle_suspend(self) -> None:
        """The highlighted card (in the cards table), else every card of the word."""
        row = self.selected
        if row is None:
            return
        note_id, word = row.id, render.clean(row.note.word)
        card, services = self.selected_card, self.services
        if card is not None:
            suspend = not card.suspended
            what = f"{word} ({card.kind.value} card)"

            def job() -> None:
                services.study(None).set_card_suspended(card.id, suspend)

        else:
            suspend = not row.suspended
            what = f"{word} (all {render.counted(len(row.note.cards), 'card')})"

            def job() -> None:
                services.study(None).set_note_suspended(note_id, suspend)

        def done(_: None) -> None:
            self.notify(f"{what}: {'suspended' if suspend else 'back in review'}", markup=False)
            self.refresh_note(note_id, card=card.id if card else None)

        self.background(job, done, name="suspend")


def describe(note: Note) -> Content:
    """The whole note for the pane under the table: headline, definition, synonyms, cards,
    example and the talk's other sentences (the word's uses highlighted)."""
    cards = ", ".join(
        f"{c.kind.value} {c.state.value}" + (" (suspended)" if c.suspended else "")
        for c in note.cards
    )
    example = note.example.strip()
    said = " ".join(example.split())
    sentences = [  # the talk's sentences that the example does not already show
        s for s in (c.strip() for c in note.contexts) if s and " ".join(s.split()) not in said
    ]
    parts: list[Content | None] = [
        render.headline(note),
        render.plain(note.definition),
        render.synonyms(note),
        Content.assemble(("Cards: ", LABEL), cards or "none"),
        render.labelled("Example", render.highlighted(example, note.word, note.pos))
        if example
        else None,
    ]
    if sentences:
        parts.append(render.plain("In the talk:", LABEL))
        parts += [
            Content.assemble("• ", render.highlighted(s, note.word, note.pos)) for s in sentences
        ]
    return render.lines(*parts)
