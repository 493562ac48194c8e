"""Writing mined words as a vocabulary document, in exactly the format `import` reads:
the list (IPA, part of speech, definition, synonyms, one example from the text), then the
text itself as the talk, so the importer finds every context sentence again."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from flashcards.documents.parser import HEADER, NUMBERED
from flashcards.text.sentences import paragraphs

__all__ = ["NO_DEFINITION", "POS_ABBREVIATIONS", "DocumentEntry", "vocabulary_document"]

#: Written where the offline dictionary has no definition: the learner writes one.
NO_DEFINITION = "(no definition found: write one)"

POS_ABBREVIATIONS = {
    "noun": "n.",
    "verb": "v.",
    "adjective": "adj.",
    "adverb": "adv.",
    "preposition": "prep.",
    "conjunction": "conj.",
    "pronoun": "pron.",
    "interjection": "interj.",
    "phrase": "phr.",
    "phrasal verb": "phr. v.",
    "idiom": "idiom",
    "determiner": "det.",
    "abbreviation": "abbr.",
}


@dataclass(frozen=True)
class DocumentEntry:
    """One word as the document lists it."""

    word: str
    ipa: str | None
    pos: str  # full name
    definition: str | None
    synonyms: Sequence[str]
    example: str


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _entry_line(number: int, entry: DocumentEntry) -> str:
    ipa = f" [{_one_line(entry.ipa).replace('[', '').replace(']', '')}]" if entry.ipa else ""
    pos = POS_ABBREVIATIONS.get(entry.pos, entry.pos).replace("(", "").replace(")", "")
    definition = _one_line(entry.definition or "") or NO_DEFINITION
    synonyms = ", ".join(_one_line(s).replace("(", "").replace(")", "") for s in entry.synonyms)
    return f"{number}. {entry.word}{ipa} - ({pos}) - {definition} - Synonyms: ({synonyms})"


def _safe_paragraph(text: str) -> str:
    """A paragraph the parser cannot mistake for a list entry or the list's header."""
    text = _one_line(text)
    if NUMBERED.match(text) or HEADER.match(text):
        text = re.sub(r"^(\s*\d+)\s*([.)])", r"\1\2\u2009", text)  # "1." stays readable
        if NUMBERED.match(text) or HEADER.match(text):
            text = "— " + text
    return text


def vocabulary_document(
    entries: Sequence[DocumentEntry], title: str, text: str, source_name: str, kind: str
) -> str:
    """The whole document: a one-line summary, the list, the title line, the text's
    paragraphs and a line of tags."""
    lines = [
        _one_line(f"Words worth learning, mined from {source_name}."),
        "",
        "Key Vocabularies and Common Phrases:",
        "",
    ]
    for number, entry in enumerate(entries, start=1):
        lines += [_entry_line(number, entry), "", _safe_paragraph(entry.example), ""]
    title_line = _safe_paragraph(title)[:200] or "Mined words"
    lines += [title_line, ""]
    for paragraph in paragraphs(text):
        lines += [_one_line(paragraph), ""]  # as mined: the importer finds the same sentences
    lines.append(f"mined, {kind}")
    return "\n".join(lines) + "\n"
