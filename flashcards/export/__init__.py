"""Export to Anki: a deck (or every deck) as an .apkg package that Anki imports and updates.

`export_deck` is the service (no printing, time passed in); `anki` is the one module that
imports genanki; `fields` makes the fields' HTML; `audio` speaks words with espeak-ng.
"""

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
