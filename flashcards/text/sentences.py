"""Paragraphs and sentences of plain text, split with regular expressions.

A regular-expression splitter with an abbreviation list is fast enough for a whole talk
(see DESIGN.md, "Text at scale") and keeps "Mr. Smith" together, which blingfire does not.

Rules for a candidate boundary (a run of ``.``, ``?``, ``!`` or ``…``, optionally followed by
closing quotes or brackets, then whitespace):

- a terminator inside a closing bracket never ends a sentence when the next word is lower
  case ("(as noted above.) and then");
- ``?`` or ``!`` ends a sentence, unless a closing quote follows it and the next word is
  lower case ("Stop!" he said);
- an ellipsis (``…`` or two or more dots) ends a sentence unless the next word is lower case
  (speech that trails off and goes on: "I was... thinking");
- a single period ends a sentence, except after
  - a title or a name's suffix: Mr., Mrs., Ms., Dr., Prof., St., Jr., Sr., ...;
  - a reference: Vol., Vols., Nos., Fig.;
  - e.g., i.e., vs.;
  - etc. and initialisms such as U.S. when the next word is lower case;
  - a single capital initial such as "J." (but not the pronoun "I.");
  - "No." followed by a number.

A period followed by a lower-case word otherwise does end a sentence: talks start sentences
with words such as "macOS" or "iPhone".
"""

from __future__ import annotations

import re

__all__ = ["paragraphs", "split_sentences"]

_BLANK_LINE = re.compile(r"\n[ \t\f\v\ufeff]*\n")
_WHITESPACE = re.compile(r"\s+")
_NOT_ONE_SPACE = re.compile(r"\s\s|[^\S ]")  # what `_WHITESPACE` would change
_BOUNDARY = re.compile(r"([.?!…]+)([\"'”’»)\]]*) (?=\S)")
_OPENING = "\"'“‘«([{*_-—–"

# Abbreviations (lower case, without the final period) after which a period never ends a
# sentence: they are always followed by more of the same sentence.
_NEVER_FINAL = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "jr",
        "sr",
        "mt",
        "rev",
        "gen",
        "gov",
        "sen",
        "rep",
        "capt",
        "sgt",
        "lt",
        "col",
        "fig",
        "vol",
        "vols",
        "nos",
        "vs",
        "e.g",
        "i.e",
        "cf",
        "approx",
    }
)
# Abbreviations that may also end a sentence: the period ends one unless the next word is
# lower case ("apples, pears, etc. and more" versus "..., etc. Then we left").
_FINAL_IF_CAPITAL = frozenset({"etc", "inc", "ltd", "co", "corp", "al"})
_INITIALISM = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")


def paragraphs(text: str) -> list[str]:
    """Split ``text`` on blank lines; join each paragraph's lines with one space.

    Line endings may be ``\\n``, ``\\r\\n`` or ``\\r``; every line is stripped (so a line of
    spaces counts as blank) and a byte-order mark is dropped. Empty paragraphs are left out.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    result: list[str] = []
    for block in _BLANK_LINE.split(text):
        lines = (line.strip() for line in block.split("\n"))
        joined = " ".join(line for line in lines if line)
        if joined:
            result.append(joined)
    return result


def _previous_word(text: str, end: int) -> str:
    """The whitespace-delimited word that ends at ``end``, without opening punctuation."""
    start = text.rfind(" ", 0, end) + 1
    return text[start:end].lstrip(_OPENING)


def _next_letter(text: str, start: int) -> str:
    """The first character of the next word from ``start``, skipping opening punctuation."""
    for char in text[start : start + 8]:
        if char not in _OPENING:
            return char
    return ""


def _is_boundary(text: str, match: re.Match[str]) -> bool:
    """Whether the candidate boundary ``match`` in ``text`` really ends a sentence."""
    terminator = match.group(1)
    following = _next_letter(text, match.end())
    if following.islower() and any(c in match.group(2) for c in ")]"):
        return False  # a bracketed aside that ends in a period: "(as noted above.) and"
    if "?" in terminator or "!" in terminator:
        return not (match.group(2) and following.islower())
    if "…" in terminator or len(terminator) > 1:
        return not following.islower()
    word = _previous_word(text, match.start())
    lowered = word.lower()
    if lowered in _NEVER_FINAL:
        return False
    if lowered in _FINAL_IF_CAPITAL or ("." in word and _INITIALISM.fullmatch(word)):
        return not following.islower()
    if len(word) == 1 and word.isupper() and word != "I":
        return False
    return not (lowered == "no" and following.isdigit())


def split_sentences(text: str) -> list[str]:
    """Split one paragraph into whole sentences, each stripped.

    Whitespace runs (line breaks included) are collapsed to one space first, so a
    hard-wrapped paragraph is handled too. Closing quotes and brackets after the final
    punctuation stay with their sentence.
    """
    if _NOT_ONE_SPACE.search(text):  # most paragraphs have single spaces only
        text = _WHITESPACE.sub(" ", text)
    text = text.strip()
    if not text:
        return []
    sentences: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if _is_boundary(text, match):
            end = match.end() - 1  # the space after the terminator and closing marks
            sentence = text[start:end].strip()
            if sentence:
                sentences.append(sentence)
            start = match.end()
    rest = text[start:].strip()
    if rest:
        sentences.append(rest)
    return sentences
