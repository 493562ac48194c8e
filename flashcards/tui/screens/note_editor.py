"""A dialog to edit a note's text; it saves them itself and closes only once they are saved.

The dialog is handed a `save` function (run in a thread with the fields that changed, as
typed); it returns what `save` returned, or None when cancelled or when nothing changed. When
`save` refuses (a FlashcardsError: an empty field, a word the deck already has, a busy
database), the dialog says why under the fields and stays open with the learner's text.

The cards of the note and their history are untouched by an edit: the library service writes
only the note's text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar, Generic, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, Static, TextArea
from textual.worker import Worker, WorkerState

from flashcards.domain import Note
from flashcards.errors import FlashcardsError
from flashcards.text.syllables import shown_syllables
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
#: The fields long enough to need several lines (typed on, wrapped; Enter is a space).
LONG = frozenset({"definition", "example"})


def field_text(note: Note, field: str) -> str:
    """A note's field as the form shows it (synonyms comma-separated)."""
    if field == "synonyms":
        return ", ".join(note.synonyms)
    if field == "syllables":
        return shown_syllables(note)
    value = getattr(note, field)
    return "" if value is None else str(value)


T = TypeVar("T")


@dataclass(frozen=True)
class _Refused:
    error: FlashcardsError


def sentence(text: str) -> str:
    """`text` with a capital first letter (errors are written to follow a colon)."""
    return text[:1].upper() + text[1:]


class NoteEditor(ModalScreen[T | None], Generic[T]):
    """Edit a note's word, IPA, part of speech, definition, synonyms, example, syllables."""

    CSS_PATH = "../dialogs.tcss"  # loaded when the screen is first opened

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="editor.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="editor.cancel"),
    ]

    def __init__(self, note: Note, save: Callable[[dict[str, str]], T]) -> None:
        super().__init__(id="note-editor")
        self.note = note
        self.save = save
        self.saving = False

    def compose(self) -> ComposeResult:
        with Vertical(id="editor-dialog"):
            yield Static(plain(f"Edit “{clean(self.note.word)}”", "bold"), id="editor-title")
            with Grid(id="editor-fields"):
                for field, label in FIELDS:
                    yield Label(label, classes="editor-label")
                    text = clean(field_text(self.note, field))
                    if field in LONG:
                        yield TextArea(
                            text, id=f"field-{field}", compact=True, classes="editor-long"
                        )
                    else:
                        yield Input(text, id=f"field-{field}", compact=True, select_on_focus=False)
            yield Static(
                plain("Synonyms are separated by commas. Review history is kept.", MUTED),
                id="editor-note",
            )
            yield Static(id="editor-error", classes="-empty")
            with Horizontal(id="editor-buttons"):
                yield Button("Save (ctrl+s)", id="editor-save", variant="primary", compact=True)
                yield Button("Cancel (esc)", id="editor-cancel", compact=True)
        yield Footer(show_command_palette=False)  # this dialog's keys, not the screen's below

    def on_mount(self) -> None:
        self.query_one("#field-word", Input).focus()

    def values(self) -> dict[str, str]:
        """Every field as typed (a long field's line breaks become spaces)."""
        values = {}
        for field, _ in FIELDS:
            if field in LONG:
                text = self.query_one(f"#field-{field}", TextArea).text
                values[field] = " ".join(text.splitlines())
            else:
                values[field] = self.query_one(f"#field-{field}", Input).value
        return values

    def action_save(self) -> None:
        if self.saving:
            return
        values = self.values()
        for required in ("word", "definition", "pos"):
            if not values[required].strip():
                self.show_error(f"The {dict(FIELDS)[required].lower()} cannot be empty.")
                self.query_one(f"#field-{required}").focus()
                return
        changed = {
            field: value
            for field, value in values.items()
            if value != clean(field_text(self.note, field))
        }
        if not changed:
            self.dismiss(None)
            return
        save = self.save

        def job() -> T | _Refused:
            try:
                return save(changed)
            except FlashcardsError as error:  # StoreError and the others: said in the dialog
                return _Refused(error)

        self.saving = True
        self.show_error(None)
        self.run_worker(job, name="save-note", group="db", thread=True)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.name != "save-note" or event.state is not WorkerState.SUCCESS:
            return
        self.saving = False
        result = event.worker.result
        if isinstance(result, _Refused):
            self.show_error(sentence(str(result.error)))
        else:
            self.dismiss(result)

    def show_error(self, message: str | None) -> None:
        """Say under the fields why the note was not saved (None: nothing to say)."""
        error = self.query_one("#editor-error", Static)
        error.update(plain(message or "", "bold $error"))
        error.set_class(not message, "-empty")

    def action_cancel(self) -> None:
        if not self.saving:  # a save under way finishes first: what it did is then shown
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
