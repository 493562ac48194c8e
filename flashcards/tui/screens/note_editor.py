"""A dialog to edit a note's text. It returns the fields as typed, or None when cancelled.

The cards of the note and their history are untouched by an edit: the library service writes
only the note's text.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from flashcards.domain import Note
from flashcards.tui.render import MUTED, clean, plain

#: (field, label) in the order shown.
FIELDS = (
    ("word", "Word"),
    ("ipa", "IPA"),
    ("pos", "Part of speech"),
    ("definition", "Definition"),
    ("synonyms", "Synonyms"),
    ("example", "Example"),
    ("syllables", "Syllables"),
)


def field_text(note: Note, field: str) -> str:
    """A note's field as the form shows it (synonyms comma-separated)."""
    if field == "synonyms":
        return ", ".join(note.synonyms)
    value = getattr(note, field)
    return "" if value is None else str(value)


class NoteEditor(ModalScreen[dict[str, Any] | None]):
    """Edit a note's word, IPA, part of speech, definition, synonyms, example, syllables."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="editor.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="editor.cancel"),
    ]

    def __init__(self, note: Note) -> None:
        super().__init__(id="note-editor")
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(id="editor-dialog"):
            yield Static(plain(f"Edit “{clean(self.note.word)}”", "bold"), id="editor-title")
            with Grid(id="editor-fields"):
                for field, label in FIELDS:
                    yield Label(label, classes="editor-label")
                    yield Input(
                        clean(field_text(self.note, field)),
                        id=f"field-{field}",
                        compact=True,
                        select_on_focus=False,
                    )
            yield Static(
                plain("Synonyms are separated by commas. Review history is kept.", MUTED),
                id="editor-note",
            )
            yield Static(id="editor-error", classes="-empty")
            with Horizontal(id="editor-buttons"):
                yield Button("Save (ctrl+s)", id="editor-save", variant="primary", compact=True)
                yield Button("Cancel (esc)", id="editor-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#field-word", Input).focus()

    def values(self) -> dict[str, str]:
        return {field: self.query_one(f"#field-{field}", Input).value for field, _ in FIELDS}

    def action_save(self) -> None:
        values = self.values()
        for required in ("word", "definition", "pos"):
            if not values[required].strip():
                error = self.query_one("#editor-error", Static)
                error.update(plain(f"The {required} cannot be empty.", "bold $error"))
                error.remove_class("-empty")
                self.query_one(f"#field-{required}", Input).focus()
                return
        changed = {
            field: value
            for field, value in values.items()
            if value != clean(field_text(self.note, field))
        }
        self.dismiss(changed)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "editor-save":
            self.action_save()
        else:
            self.action_cancel()
