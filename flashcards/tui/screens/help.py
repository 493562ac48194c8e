"""Help: what the screen underneath is for, and every key it answers to."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from flashcards.tui.render import MUTED, plain

#: Keys that work everywhere, described once.
GLOBAL_KEYS = (
    ("?, f1", "this help (f1 while you type an answer)"),
    ("ctrl+p", "command palette: every main action by name"),
    ("escape", "back to the previous screen"),
    ("ctrl+q", "quit flashcards"),
)


def _bindings_of(classes: Iterable[type]) -> list[Binding]:
    """The bindings declared by our own classes (Textual's built-in ones are left out).

    Ours all have an id; Textual's have none, even when one of our classes lists them again
    (AnswerInput: the Input's editing keys).
    """
    found: list[Binding] = []
    for cls in classes:
        if not cls.__module__.startswith("flashcards."):
            continue
        for item in cls.__dict__.get("BINDINGS", ()):
            binding = item if isinstance(item, Binding) else Binding(*item)
            if binding.id:
                found.append(binding)
    return found


def screen_keys(screen: Screen[object]) -> list[tuple[str, str, str]]:
    """(keys, description, tooltip) of the bindings of `screen` and of our widgets on it.

    Bindings with the same description (u and ctrl+z for Undo) share a line, and so do the
    bindings of a group (1-4: "Rate: Again, Hard, Good, Easy").
    """
    bindings = _bindings_of(reversed(type(screen).__mro__))
    for widget in screen.query("*"):
        bindings += _bindings_of([type(widget)])
    rows: dict[str, tuple[list[str], list[str], str]] = {}
    for binding in bindings:
        if not binding.description or binding.system or binding.action == "back":
            continue
        keys = (
            [binding.key_display]
            if binding.key_display
            else [
                screen.app.get_key_display(Binding(k.strip(), binding.action))
                for k in binding.key.split(",")
            ]
        )
        line = binding.group.description if binding.group else binding.description
        known, names, _ = rows.setdefault(line, ([], [], binding.tooltip))
        known.extend(k for k in keys if k not in known)
        if binding.group and binding.description not in names:
            names.append(binding.description)
    return [
        (", ".join(keys), f"{line}: {', '.join(names)}" if names else line, tip)
        for line, (keys, names, tip) in rows.items()
    ]


class HelpScreen(ModalScreen[None]):
    """The guide and keys of the screen it was opened from."""

    CSS_PATH = "../dialogs.tcss"  # loaded when the screen is first opened

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q,enter", "close", "Close", id="help.close"),
    ]

    def __init__(self, title: str, guide: str, keys: list[tuple[str, str, str]]) -> None:
        super().__init__(id="help")
        self.title_text = title
        self.guide = guide
        self.keys = keys

    def compose(self) -> ComposeResult:
        width = max([len(k) for k, _, _ in self.keys] + [len(k) for k, _ in GLOBAL_KEYS]) + 2
        lines: list[Content] = []
        for key, description, tooltip in self.keys:
            lines.append(
                Content.assemble(
                    (key.ljust(width), "bold $accent"),
                    description,
                    (f" — {tooltip}" if tooltip else "", MUTED),
                )
            )
        lines.append(Content(""))
        for key, description in GLOBAL_KEYS:
            lines.append(Content.assemble((key.ljust(width), "bold $accent"), description))
        with Vertical(id="help-dialog"):
            yield Static(plain(f"Help — {self.title_text}", "bold"), id="help-title")
            with VerticalScroll(id="help-body"):
                yield Static(Content("\n").join(lines), id="help-keys")
                if self.guide:
                    yield Static(plain(self.guide), id="help-guide")
            yield Static(
                plain("Escape closes this help; the arrows scroll it.", MUTED), id="help-close"
            )

    def action_close(self) -> None:
        self.dismiss(None)
