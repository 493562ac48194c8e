"""Browse: a searchable table of a deck's notes; edit a note, suspend or unsuspend it."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import DataTable, Footer, Header, Input, Static

from flashcards.library import NoteRow, matches
from flashcards.tui import render
from flashcards.tui.render import LABEL, MUTED
from flashcards.tui.screens.base import BaseScreen
from flashcards.tui.screens.note_editor import NoteEditor


class NoteTable(DataTable[Text]):
    """The notes; Enter edits the highlighted one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Edit", id="browse.edit", key_display="⏎"),
    ]


class BrowseScreen(BaseScreen[None]):
    """Every note of a deck (or of all), with its cards' state, due date and lapses."""

    GUIDE = (
        "Every word of the deck with its cards' state (new, learning, review), when it is "
        "next due and how many times you forgot it. Type in the search box to filter by "
        "word, definition or synonym; the arrow keys move in the table. Enter or e edits the "
        "highlighted word (its review history is kept); s suspends or unsuspends its cards."
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search", id="browse.search", key_display="/"),
        Binding("e", "edit", "Edit", id="browse.edit_key", show=False),
        Binding("s", "toggle_suspend", "Suspend/unsuspend", id="browse.suspend"),
        Binding("down", "to_table", "To the table", id="browse.to_table", show=False),
    ]

    def __init__(self, deck_id: int | None = None) -> None:
        super().__init__(id="browse")
        self.deck_id = deck_id
        self.all_rows: list[NoteRow] = []
        self.rows: list[NoteRow] = []
        self._query = ""

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Input(id="search", placeholder="Search words, definitions, synonyms…", compact=True)
        yield NoteTable(id="notes", cursor_type="row", zebra_stripes=True)
        yield Static(id="note-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Browse"
        table = self.query_one(NoteTable)
        table.add_column("Word", key="word", width=20)
        table.add_column("Part of speech", key="pos", width=14)
        table.add_column("State", key="state", width=15)
        table.add_column("Due", key="due", width=10)
        table.add_column("Lapses", key="lapses", width=6)
        self.reload()
        table.focus()

    def reload(self, keep: int | None = None) -> None:
        """Read every note of the deck again (the search filters them here)."""
        deck_id = self.deck_id

        def done(rows: list[NoteRow]) -> None:
            self.all_rows = rows
            self._show(keep)

        library = self.services.library

        def job() -> list[NoteRow]:
            found = library.rows(deck_id)
            if found:  # load pyphen here rather than when the first row is described
                render.headline(found[0].note)
            return found

        self.background(job, done, name="browse")

    def _show(self, keep: int | None = None) -> None:
        current = keep if keep is not None else self._selected_id()
        rows = [r for r in self.all_rows if matches(r.note, self._query)]
        self.rows = rows
        table = self.query_one(NoteTable)
        table.clear()
        zone = self.services.zone
        for row in rows:
            table.add_row(
                Text(render.clean(row.note.word), no_wrap=True, overflow="ellipsis"),
                Text(render.clean(row.note.pos), no_wrap=True, overflow="ellipsis"),
                Text(row.state, style="italic" if row.suspended else ""),
                Text(render.day_text(row.due, zone)),
                Text(str(row.lapses)),
                key=str(row.id),
            )
        ids = [r.id for r in rows]
        if current in ids:
            table.move_cursor(row=ids.index(current))
        self._describe()

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
        detail = self.query_one("#note-detail", Static)
        row = self.selected
        if row is None:
            detail.update(
                render.plain("No note matches." if self._query else "No notes yet.", MUTED)
            )
            return
        note = row.note
        detail.update(
            render.lines(
                render.headline(note),
                render.plain(note.definition),
                Content.assemble(
                    ("Cards: ", LABEL),
                    ", ".join(
                        f"{c.kind.value} {c.state.value}" + (" (suspended)" if c.suspended else "")
                        for c in note.cards
                    )
                    or "none",
                ),
            )
        )

    # -- events ------------------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "search":
            self._query = event.value
            self._show()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one(NoteTable).focus()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._describe()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "toggle_suspend"):
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
        if row is not None:
            note_id = row.id
            self.app.push_screen(NoteEditor(row.note), lambda fields: self._save(note_id, fields))

    def _save(self, note_id: int, fields: dict[str, Any] | None) -> None:
        if not fields:
            return

        def done(note: Any) -> None:
            self.notify(f"Saved {render.clean(note.word)}", markup=False)
            self.reload(keep=note_id)

        self.background(
            lambda: self.services.library.edit_note(note_id, **fields), done, name="edit"
        )

    def action_toggle_suspend(self) -> None:
        row = self.selected
        if row is None:
            return
        note_id, suspend = row.id, not row.suspended
        word = render.clean(row.note.word)

        def job() -> None:
            self.services.study(None).set_note_suspended(note_id, suspend)

        def done(_: None) -> None:
            self.notify(f"{word}: {'suspended' if suspend else 'back in review'}", markup=False)
            self.reload(keep=note_id)

        self.background(job, done, name="suspend")
