"""Plain dataclasses and enums of the domain: what a document holds and what a deck stores."""

from __future__ import annotations

import re
from dataclasses import field
from datetime import datetime
from enum import IntEnum, StrEnum

from flashcards.domain.values import frozen

#: Abbreviations of parts of speech as vocabulary documents write them, and their full names.
POS_NAMES: dict[str, str] = {
    "n": "noun",
    "noun": "noun",
    "v": "verb",
    "vb": "verb",
    "verb": "verb",
    "adj": "adjective",
    "adjective": "adjective",
    "adv": "adverb",
    "adverb": "adverb",
    "prep": "preposition",
    "preposition": "preposition",
    "conj": "conjunction",
    "conjunction": "conjunction",
    "pron": "pronoun",
    "pronoun": "pronoun",
    "interj": "interjection",
    "int": "interjection",
    "interjection": "interjection",
    "phr": "phrase",
    "phrase": "phrase",
    "phr v": "phrasal verb",
    "phrv": "phrasal verb",
    "phrasal verb": "phrasal verb",
    "phrasal v": "phrasal verb",
    "idiom": "idiom",
    "idm": "idiom",
    "det": "determiner",
    "determiner": "determiner",
    "num": "numeral",
    "abbr": "abbreviation",
}


def normalise_pos(raw: str) -> str:
    """The full lower-case name of a part of speech ("adj." -> "adjective").

    An abbreviation we do not know is kept as written (stripped).
    """
    key = re.sub(r"[.\s]+", " ", raw.lower()).strip()
    return POS_NAMES.get(key, POS_NAMES.get(key.replace(" ", ""), raw.strip()))


def note_key(word: str) -> str:
    """A note's identity within a deck: the headword folded so that spelling variants
    (case, hyphen or space, repeated spaces) name the same note."""
    return re.sub(r"[\s\-‐-―]+", " ", word.casefold()).strip()


class CardKind(StrEnum):
    """What a card asks."""

    MEANING = "meaning"  # word -> meaning
    RECALL = "recall"  # definition -> the word, typed
    CONTEXT = "context"  # a talk sentence with the word blanked -> the word, typed


class CardState(StrEnum):
    """Where a card stands in its schedule."""

    NEW = "new"
    LEARNING = "learning"
    REVIEW = "review"
    RELEARNING = "relearning"


class Rating(IntEnum):
    """The learner's answer to a card, as in Anki and FSRS."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


#: Where a sentence uses a headword: (start, end) character offsets, in order.
Spans = tuple[tuple[int, int], ...]


@frozen
class Issue:
    """Something a document gets wrong, reported as `FILE:LINE: WORD: message`."""

    file: str
    line: int
    word: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.word}: {self.message}" if self.word else f"{where}: {self.message}"


@frozen
class Entry:
    """One numbered vocabulary entry of a document, with the talk's sentences that use it."""

    number: int
    word: str
    ipa: str | None
    pos: str
    definition: str
    synonyms: tuple[str, ...]
    example: str
    line: int
    contexts: tuple[str, ...] = ()
    syllables: str = ""
    # Where each context uses the word: (start, end) character spans, one tuple a context.
    spans: tuple[Spans, ...] = ()
    example_spans: Spans | None = None  # where the example uses the word (None: not known)


@frozen
class Document:
    """A parsed vocabulary document: its talk's title, topic tags and entries."""

    path: str
    title: str | None
    tags: tuple[str, ...]
    entries: tuple[Entry, ...]
    issues: tuple[Issue, ...] = ()
    title_line: int = 0  # the title's line number (0: no title)


@frozen
class NoteCard:
    """A card as listed with its note."""

    id: int
    kind: CardKind
    state: CardState
    due: datetime | None
    suspended: bool
    lapses: int = 0
    reps: int = 0


@frozen
class Note:
    """A stored vocabulary entry of a deck, with its cards."""

    id: int
    deck: str
    word: str
    ipa: str | None
    pos: str
    definition: str
    synonyms: tuple[str, ...]
    example: str
    contexts: tuple[str, ...]
    syllables: str
    in_source: bool = True
    cards: tuple[NoteCard, ...] = field(default_factory=tuple)
    # Where each context uses the word, as found at import (None: not known, find them).
    spans: tuple[Spans | None, ...] = ()
    example_spans: Spans | None = None  # where the example uses it, likewise

    def context_spans(self) -> list[tuple[str, Spans | None]]:
        """Each context with its spans, if known."""
        known = self.spans if len(self.spans) == len(self.contexts) else ()
        return [(c, known[i] if known else None) for i, c in enumerate(self.contexts)]

    def card(self, kind: CardKind) -> NoteCard | None:
        """This note's card of the given kind, if it has one."""
        return next((c for c in self.cards if c.kind == kind), None)


@frozen
class Deck:
    """A named set of notes from one source document."""

    id: int
    name: str
    title: str | None
    source: str | None
    tags: tuple[str, ...]
    new_per_day: int = 20
    reviews_per_day: int = 200
    desired_retention: float = 0.9
