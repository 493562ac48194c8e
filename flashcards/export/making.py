"""The per-note work of an export: one note's Anki fields and GUIDs, from plain values.

Everything an export does to a note that depends on that note alone — the escaped fields,
the highlighted example and contexts, the syllables, the clozes and their Extra, the GUIDs
— is :func:`make_note` of an :data:`Entry` (the note as a tuple of plain values). Both the
export and its worker process (:mod:`flashcards.export.cutting`) call it, so the package is
the same whichever made a page. Plain values in and out (``marshal`` carries them between
the processes); no genanki, no database (only the store's parsers of stored values).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any, cast

from flashcards.export.fields import (
    as_cloze,
    as_highlight,
    cloze_extra,
    highlighted,
    mark_spans,
    syllables_html,
    text,
)
from flashcards.store.convert import load_list, load_spans, read

__all__ = ["Entry", "Made", "make_note", "note_guid"]

#: A note as the export gives it to be made: its stored values as read
#: (:data:`~flashcards.store.listing.ExportRow`: id, word, IPA, part of speech, definition,
#: synonyms, example, syllables, the cut stored at import, the example's spans, the contexts
#: with their spans, JSON unparsed), then the note's key (:func:`~flashcards.domain.note_key`)
#: and its audio file's name ("" if none).
Entry = tuple[
    int,
    str,
    "str | None",
    str,
    str,
    "str | None",
    str,
    str,
    "str | None",
    "str | None",
    "list[tuple[str, str | None]]",
    str,
    str,
]

#: A made note: the vocabulary note's ten fields and GUID; its cloze notes, each as the
#: index in the note's contexts of its sentence, its Text and its GUID; the Extra they all
#: share; how many (distinct) contexts do not use the word.
Made = tuple[tuple[str, ...], str, list[tuple[int, str, str]], str, int]

# Namespaces the GUIDs so that no other program's notes can share ours.
_GUID_NAMESPACE = "flashcards"


class _Headword:
    """The fields of an entry that syllables are cut from."""

    __slots__ = ("definition", "ipa", "pos", "syllables", "word")

    def __init__(self, word: str, ipa: str | None, pos: str, definition: str, syllables: str):
        self.word, self.ipa, self.pos, self.definition = word, ipa, pos, definition
        self.syllables = syllables


def make_note(given: Entry, deck_name: str, source: str) -> Made:
    """The Anki notes of one note of deck ``deck_name`` (``source``: its Source field): its
    vocabulary note, and a cloze note for each distinct context sentence that uses the
    word."""
    note_id, word, ipa, pos, definition, synonyms_json, example, syllables = given[:8]
    cut, example_spans, contexts, key, sound = given[8:]
    if cut is not None and not syllables.strip():  # cut at import: nothing to cut here
        syllables = cut
    synonyms = _synonyms(note_id, synonyms_json)
    found = dict(contexts)  # a repeated sentence once, with its last spans
    first: dict[str, int] = {}
    for i, (sentence, _) in enumerate(contexts):
        first.setdefault(sentence, i)
    marked = [(s, mark_spans(s, word, pos, load_spans(spans))) for s, spans in found.items()]
    fields = (
        text(word),
        text(ipa),
        syllables_html(_Headword(word, ipa, pos, definition, syllables)),
        text(pos),
        text(definition),
        text(", ".join(synonyms)),
        highlighted(example, word, pos, load_spans(example_spans)) if example else "",
        "".join(f"<div>{text(s) if m is None else as_highlight(m)}</div>" for s, m in marked),
        source,
        f"[sound:{sound}]" if sound else "",
    )
    clozes = [
        (first[s], as_cloze(m), note_guid(("cloze", deck_name, key, s)))
        for s, m in marked
        if m is not None
    ]
    unused = len(marked) - len(clozes)
    guid = note_guid(("vocabulary", deck_name, key))
    return fields, guid, clozes, cloze_extra(word, pos, definition), unused


def _synonyms(note_id: int, stored: str | None) -> tuple[str, ...]:
    """The note's stored synonyms; a BadValue naming the note when they do not parse."""
    try:
        return load_list(stored)
    except (ValueError, TypeError, KeyError):
        read(cast(Any, {"id": note_id, "synonyms": stored}), "note", "synonyms", load_list)
        raise


def note_guid(key: Sequence[str]) -> str:
    """The GUID of the note with this stable key: genanki's ``guid_for`` of the namespace and
    the key (the first 8 bytes of a SHA-256 in Anki's base 91, no leading zeros), two digits
    at a time: a 64-bit number has at most ten."""
    joined = "__".join((_GUID_NAMESPACE, *key))
    number = int.from_bytes(hashlib.sha256(joined.encode("utf-8")).digest()[:8], "big")
    number, e = divmod(number, _BASE91_PAIR)
    number, d = divmod(number, _BASE91_PAIR)
    number, c = divmod(number, _BASE91_PAIR)
    a, b = divmod(number, _BASE91_PAIR)
    pairs = _BASE91_PAIRS
    return (pairs[a] + pairs[b] + pairs[c] + pairs[d] + pairs[e]).lstrip(_BASE91_DIGITS[0])


#: Anki's base-91 digits (genanki's ``BASE91_TABLE``; a test holds them equal).
_BASE91_DIGITS = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~"
)
_BASE91 = len(_BASE91_DIGITS)
_BASE91_PAIR = _BASE91 * _BASE91
#: Every two-digit number in base 91, as its two digits.
_BASE91_PAIRS = [a + b for a in _BASE91_DIGITS for b in _BASE91_DIGITS]
assert _BASE91_PAIR**5 >= 2**64
