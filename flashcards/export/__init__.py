"""Export to Anki: a deck (or every deck) as an .apkg package that Anki imports and updates.

`export_deck` is the service (no printing, time passed in); `anki` is the one module that
imports genanki; `fields` makes the fields' HTML; `audio` speaks words with espeak-ng;
`cutting` cuts the syllables in a second process while the export makes the rest.

The names below are loaded when first asked for: the process that cuts syllables imports
`fields` alone, without genanki or the store.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flashcards.errors import ExportError
    from flashcards.export.service import (
        ANKI_PARENT_DECK,
        ExportReport,
        anki_deck_name,
        default_file_name,
        export_deck,
    )

__all__ = [
    "ANKI_PARENT_DECK",
    "ExportError",
    "ExportReport",
    "anki_deck_name",
    "default_file_name",
    "export_deck",
]


def __getattr__(name: str) -> Any:
    if name == "ExportError":
        from flashcards.errors import ExportError

        return ExportError
    if name in __all__:
        from flashcards.export import service

        return getattr(service, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
